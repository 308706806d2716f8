"""The story the demo's two years of complaint history tell (tickets.demo_history): pure
functions of how far into the history a complaint was opened (`progress`, 0 at go-live,
1 today) and of a seeded random generator.

- Delays fall: at go-live about 30 % of complaints are answered within their service
  level and the late ones take two months; by today about 85 % are within it and the
  median is a few days. First responses come faster too.
- One region lags (LAGGING_REGION): fewer within the service level, late ones later.
- One category is often rejected (REJECTED_CATEGORY: appeals after an inspection, about
  half rejected, against one in eight elsewhere).
- Customers told of every step by SMS rise from about half (the study's 51 %) to 90 %.
- Satisfaction rises from about 2.8 to about 4 out of 5, employers the least satisfied.
"""

from __future__ import annotations

import math
import random
from datetime import timedelta

LAGGING_REGION = "DR-ORIENTAL"
REJECTED_CATEGORY = "emp-audit-appeal"
HISTORY_DAYS = 730

# Calendar time per unit of business time on the fund's week (40 working hours in 168):
# deadlines are placed with this ratio instead of walking the business calendar. The call
# centre works around the clock (ratio 1).
CALENDAR_PER_BUSINESS = 168 / 40
# The national default level in calendar time (40 business hours, 8 to a first response):
# the delays below are drawn for it, and scaled for a policy with other targets.
USUAL_TARGET, USUAL_FIRST_TARGET = timedelta(days=7), timedelta(hours=33.6)


def ease(progress: float) -> float:
    """How far the improvement has gone: 0 at go-live, fast at first, 1 today."""
    return 1 - (1 - min(max(progress, 0.0), 1.0)) ** 1.6


def within_level_share(progress: float, *, lagging: bool) -> float:
    share = 0.30 + 0.55 * ease(progress)
    return max(0.10, share - 0.25) if lagging else share


def resolution_clock(rng: random.Random, progress: float, *, lagging: bool,
                     target: timedelta) -> timedelta:
    """Calendar time the resolution clock runs (waits for the customer not counted), given
    the calendar span of the service level `target`."""
    if rng.random() < within_level_share(progress, lagging=lagging):
        return target * (0.02 + 0.97 * rng.random() ** 1.5)
    median_days = (70 - 50 * ease(progress)) * (1.5 if lagging else 1.0)
    days = median_days * math.exp(rng.gauss(0, 0.55)) * (target / USUAL_TARGET)
    return max(target * 1.02, timedelta(days=days))


def first_response_after(rng: random.Random, progress: float, *, lagging: bool,
                         target: timedelta) -> timedelta:
    """Calendar time from opening to the first response, `target` being its level's."""
    median_hours = ((72 - 66 * ease(progress)) * (1.4 if lagging else 1.0)
                    * (target / USUAL_FIRST_TARGET))
    return timedelta(hours=max(0.05, median_hours * math.exp(rng.gauss(0, 0.8))))


def stuck_share(*, lagging: bool) -> float:
    """Complaints of the last months still not answered today (the backlog's old tail)."""
    return 0.08 if lagging else 0.012


def outcome(rng: random.Random, category_code: str) -> str:
    draw = rng.random()
    rejected, partly, no_action = ((0.56, 0.12, 0.03) if category_code == REJECTED_CATEGORY
                                   else (0.12, 0.10, 0.07))
    if draw < rejected:
        return "rejected"
    if draw < rejected + partly:
        return "partly_accepted"
    if draw < rejected + partly + no_action:
        return "no_action"
    return "accepted"


def told_every_step(rng: random.Random, progress: float) -> bool:
    return rng.random() < 0.50 + 0.40 * ease(progress)


# Satisfaction: the mean score before the complaint's own circumstances.
_AUDIENCE_OFFSET = {"employer": -0.15, "insured": 0.4, "pensioner": 0.1}
_OUTCOME_OFFSET = {"rejected": -0.8, "partly_accepted": -0.3, "no_action": -0.1,
                   "accepted": 0.15}


def satisfaction_score(rng: random.Random, progress: float, *, audience: str, outcome: str,
                       late: bool, lagging: bool) -> int:
    mean = (2.8 + 1.25 * ease(progress) + _AUDIENCE_OFFSET.get(audience, 0.0)
            + _OUTCOME_OFFSET.get(outcome, 0.0) - (0.35 if late else 0.0)
            - (0.2 if lagging else 0.0))
    return min(5, max(1, round(rng.gauss(mean, 0.95))))


ANSWER_SHARE = 0.30  # of the closed complaints, an answer to the satisfaction question
COMMENT_SHARE = 0.35  # of the answers, a comment

# Short comments as customers write them: French, Arabic and Darija (Arabic or Latin
# script), by how satisfied they were.
COMMENTS = {
    "good": [
        "Merci, dossier réglé rapidement.",
        "Très bon accueil à l'agence, merci.",
        "Réponse claire et rapide, bravo.",
        "Enfin régularisé, merci beaucoup.",
        "Les SMS de suivi sont très pratiques.",
        "Conseiller très aimable et patient.",
        "شكرا على السرعة في معالجة ملفي",
        "خدمة ممتازة، شكرا جزيلا",
        "تم حل المشكل في وقت قصير",
        "استقبال جيد ومعلومات واضحة",
        "شكرا بزاف، تقضات ليا الأمور مزيان",
        "الله يجازيكم بخير، خدمة زوينة",
        "Chokran bzaf, tqdat lia l7aja f waqt",
        "Mzyan bzaf, merci l CNSS",
    ],
    "neutral": [
        "Réglé, mais un peu long.",
        "Correct, sans plus.",
        "La réponse aurait pu être plus claire.",
        "تمت المعالجة لكن بعد مدة طويلة",
        "الخدمة مقبولة",
        "مزيان ولكن تعطلات شوية",
        "Mzyan walakin t3tlat chwiya",
        "Il a fallu rappeler plusieurs fois.",
    ],
    "bad": [
        "Toujours pas payé après deux mois.",
        "Personne ne répond au téléphone.",
        "Refus sans explication compréhensible.",
        "J'ai dû me déplacer trois fois à l'agence.",
        "Délai beaucoup trop long.",
        "لم أتوصل بأي جواب واضح",
        "انتظرت كثيرا دون نتيجة",
        "الرفض غير مبرر",
        "ما كاين حتى شي جواب، عييت ما نتصل",
        "بقيت كنتسنى شهور وما تحل والو",
        "Ma kayn hta jawab, 3yit ma ntsl",
        "Service lent, dossier perdu.",
    ],
}


def comment(rng: random.Random, score: int) -> str:
    if rng.random() >= COMMENT_SHARE:
        return ""
    pool = COMMENTS["good" if score >= 4 else "neutral" if score == 3 else "bad"]
    return rng.choice(pool)


EXPLANATIONS = {
    "accepted": [
        "Votre dossier est régularisé ; le versement sera fait ce mois-ci.",
        "Les jours manquants ont été ajoutés à votre relevé.",
        "Votre paiement a été positionné à la bonne date.",
    ],
    "partly_accepted": [
        "Une partie des montants réclamés a été régularisée ; le reste n'est pas dû.",
        "Votre relevé est corrigé pour les mois justifiés par les pièces fournies.",
    ],
    "no_action": [
        "Votre dossier était déjà à jour : aucune correction n'est nécessaire.",
        "Le paiement a bien été effectué ; il apparaîtra sur votre compte sous peu.",
    ],
    "rejected": [
        "Après examen, le redressement est maintenu : les salaires n'ont pas été déclarés.",
        "Votre demande ne remplit pas les conditions prévues par la réglementation.",
        "Les pièces fournies ne permettent pas de modifier la décision.",
    ],
}
RULES = [
    "Article 22 du dahir portant loi n° 1-72-184",
    "Article 28 du dahir portant loi n° 1-72-184 (contrôle et redressement)",
    "Décret n° 2-15-624 relatif aux majorations de retard",
    "Circulaire interne de recouvrement n° 12/2019",
]
REPLIES = [
    "Votre dossier est en cours d'examen par nos services.",
    "Nous avons bien reçu vos documents, merci.",
    "Le service concerné a été saisi de votre demande.",
]
ASKED = ["Copie de la CIN et du dernier bulletin de paie",
         "Relevé d'identité bancaire (RIB)", "Attestation de travail de l'employeur"]
CUSTOMER_REPLIES = ["Documents déposés à l'agence", "Voici mon RIB",
                    "J'ai envoyé l'attestation par courrier"]
REFERRAL_NOTES = ["Décision du siège nécessaire", "Vérification du système central"]
REFERRAL_ANSWERS = ["Dossier régularisé dans le système central",
                    "Vérification faite, voir la décision jointe"]
REOPEN_REASONS = ["Le client conteste la réponse", "Le versement annoncé n'est pas arrivé"]

# The customer's SMS for each step, in their language.
SMS_TEXTS = {
    "fr": {
        "received": "CNSS : votre réclamation {ref} est enregistrée.",
        "waiting": "CNSS : pour traiter votre réclamation {ref}, merci de nous fournir les "
                   "pièces demandées.",
        "referred": "CNSS : votre réclamation {ref} est transmise au siège pour décision.",
        "resolved": "CNSS : votre réclamation {ref} a reçu une réponse.",
        "closed": "CNSS : réclamation {ref} clôturée. Votre avis de 1 à 5 ? Répondez par "
                  "SMS.",
        "reopened": "CNSS : votre réclamation {ref} est rouverte.",
    },
    "ar": {
        "received": "الصندوق: تم تسجيل شكايتكم رقم {ref}.",
        "waiting": "الصندوق: لمعالجة شكايتكم {ref} المرجو الإدلاء بالوثائق المطلوبة.",
        "referred": "الصندوق: أحيلت شكايتكم {ref} على المديرية المركزية.",
        "resolved": "الصندوق: تمت الإجابة على شكايتكم {ref}.",
        "closed": "الصندوق: أغلقت شكايتكم {ref}. ما تقييمكم من 1 إلى 5؟",
        "reopened": "الصندوق: أعيد فتح شكايتكم {ref}.",
    },
}


def sms_text(event: str, language: str, reference: str) -> str:
    return SMS_TEXTS.get(language, SMS_TEXTS["fr"])[event].format(ref=reference)
