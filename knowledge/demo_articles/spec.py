"""The shape of a demo article and the helpers that give every body the same ending: where
its facts come from, their date, and how to follow a request by SMS.

The facts come only from the 2007 study of the fund's customer relations ("De l'usager au
client : cas de la Caisse Nationale de Sécurité Sociale", a professional thesis, quoted by
its pages), the fund's digest of it and of its network, and how this service works. What
these sources do not give (an amount, a number of days, a list of documents) is said to be
confirmed by the fund, never guessed.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple


class ArticleSpec(NamedTuple):
    slug: str
    topic: str  # a knowledge.models.Topic value
    audience: str  # "public" or "internal"
    categories: tuple[str, ...]  # complaint category codes (contactcenter.org.demo_data)
    title_fr: str
    summary_fr: str
    body_fr: str
    title_ar: str
    summary_ar: str
    body_ar: str
    source: str
    facts_date: date


class Source(NamedTuple):
    """Where an article's facts come from, in both languages, and their date."""

    fr: str
    ar: str
    facts_date: date


STUDY_DATE = date(2007, 11, 10)  # the study's defence; its survey ran in 2006-2007
_STUDY_FR = "Étude « De l'usager au client : cas de la CNSS » (2007), "
_STUDY_AR = "دراسة حول الصندوق الوطني للضمان الاجتماعي (2007)"


def study(pages: str, subject_fr: str, subject_ar: str) -> Source:
    """`pages` as the study's table of contents gives them ("" for its introduction)."""
    where_fr, where_ar = (f"p. {pages}", f"ص. {pages}") if pages else ("introduction",
                                                                         "المقدمة")
    return Source(f"{_STUDY_FR}{where_fr} : {subject_fr}",
                  f"{_STUDY_AR}، {where_ar}: {subject_ar}", STUDY_DATE)


# The pages of the study's table of contents, by subject.
INTRO = study("", "présentation de la CNSS, cotisations et prestations",
              "تقديم الصندوق والاشتراكات والخدمات")
REFORM_2004 = study("24-27", "réforme de 2004 (loi 17-02)", "إصلاح 2004 (القانون 17-02)")
AMO_LAW = study("27-29", "loi 65-00 (AMO)", "القانون 65.00 (التأمين الإجباري عن المرض)")
REGISTRATION = study("31-36", "assujettissement", "الانخراط والتسجيل")
DECLARATIONS = study("36-41", "déclaration de salaires", "التصريح بالأجور")
CONTRIBUTIONS = study("41-44", "cotisations", "الاشتراكات")
BENEFITS = study("44-51", "prestations", "الخدمات")
SURVEY = study("52-88", "enquête de satisfaction 2006-2007", "بحث الرضا 2006-2007")
ORGANISATION = study("89-99", "organisation client et système d'information",
                     "التنظيم الموجه نحو الزبون ونظام المعلومات")


def both(first: Source, second: Source) -> Source:
    """Facts from two places (the study named once when both are in it), dated by the
    older: what editors must check first."""
    second_fr, second_ar = second.fr, second.ar
    if first.fr.startswith(_STUDY_FR):
        second_fr = second_fr.removeprefix(_STUDY_FR)
        second_ar = second_ar.removeprefix(_STUDY_AR + "، ")
    return Source(f"{first.fr} ; {second_fr}", f"{first.ar}؛ {second_ar}",
                  min(first.facts_date, second.facts_date))


DOMAIN = Source("Synthèse de l'étude de 2007 et fonctionnement du service des réclamations",
                "خلاصة دراسة 2007 وطريقة عمل مصلحة الشكايات", STUDY_DATE)

DOMAIN_PRESS = Source("Synthèse : organisation du réseau, calendrier et chiffres de presse "
                      "(2022-2023)", "خلاصة: تنظيم الشبكة والعطل وأرقام الصحافة "
                      "(2022-2023)", date(2023, 12, 31))

# How the service works (its user guide): following a complaint by SMS, the status page,
# the voice menu.
SERVICE = Source("Guide du service de relation client (2026) : suivi des réclamations "
                 "par SMS, page de suivi, serveur vocal",
                 "دليل المصلحة (2026): تتبع الشكايات عبر الرسائل القصيرة "
                 "وصفحة التتبع والمجيب الصوتي", date(2026, 12, 3))

CONFIRM_FR = "à confirmer par la CNSS"
CONFIRM_AR = "يتعين تأكيده من طرف الصندوق"

_FOLLOW_FR = """
## Suivre votre demande
Toute réclamation reçoit une référence. Envoyez par SMS **SUIVI** suivi de cette
référence (ou SUIVI seul pour la liste), appelez le centre d'appel, ou consultez la page
de suivi du site avec votre numéro de mobile."""

_FOLLOW_AR = """
## تتبع طلبكم
تحصل كل شكاية على رقم مرجعي. أرسلوا عبر الرسائل القصيرة كلمة **تتبع** متبوعة بهذا الرقم
(أو تتبع وحدها لعرض القائمة)، أو اتصلوا بمركز النداء، أو ادخلوا صفحة التتبع في الموقع
برقم هاتفكم المحمول."""


def article(slug: str, topic: str, categories: tuple[str, ...], source: Source, *,
            fr: tuple[str, str, str], ar: tuple[str, str, str],
            audience: str = "public") -> ArticleSpec:
    """An article whose bodies end with how to follow a request (public articles) and the
    source and date of their facts."""
    title_fr, summary_fr, body_fr = fr
    title_ar, summary_ar, body_ar = ar
    follow_fr, follow_ar = (_FOLLOW_FR, _FOLLOW_AR) if audience == "public" else ("", "")
    day = source.facts_date.strftime("%d/%m/%Y")
    body_fr = (f"{body_fr.strip()}\n{follow_fr}\n\n"
               f"*Source : {source.fr}. Date des faits les plus anciens : {day}.*")
    body_ar = (f"{body_ar.strip()}\n{follow_ar}\n\n"
               f"*المصدر: {source.ar}. تاريخ أقدم المعطيات: {day}.*")
    return ArticleSpec(slug=slug, topic=topic, audience=audience, categories=categories,
                       title_fr=title_fr, summary_fr=summary_fr, body_fr=body_fr,
                       title_ar=title_ar, summary_ar=summary_ar, body_ar=body_ar,
                       source=source.fr, facts_date=source.facts_date)
