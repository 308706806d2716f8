"""Generated articles, for the search benchmark (bench/knowledge_search.py): many varied
articles in French and Arabic about the fund's benefits and processes, built
deterministically from a seed and written through knowledge.services.bulk_publish_articles
(with their search columns, as the services write them). Not demo content: their words
are shuffled from the vocabulary below, their facts mean nothing."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date

from knowledge import services
from knowledge.models import Article, Topic

# (French, Arabic) pairs.
SUBJECTS = [
    ("allocations familiales", "التعويضات العائلية"),
    ("pension de vieillesse", "معاش الشيخوخة"),
    ("pension d'invalidité", "معاش الزمانة"),
    ("pension de survivants", "معاش المتوفى عنهم"),
    ("indemnités journalières de maladie", "التعويضات اليومية عن المرض"),
    ("indemnités de maternité", "التعويضات عن الأمومة"),
    ("congé de naissance", "رخصة الولادة"),
    ("allocation de décès", "منحة الوفاة"),
    ("remboursement des soins", "استرجاع مصاريف العلاج"),
    ("assurance maladie obligatoire", "التأمين الإجباري عن المرض"),
    ("immatriculation du salarié", "تسجيل الأجير"),
    ("affiliation de l'employeur", "انخراط المشغل"),
    ("déclaration des salaires", "التصريح بالأجور"),
    ("paiement des cotisations", "أداء الاشتراكات"),
    ("attestation de salaire", "شهادة الأجر"),
    ("relevé de carrière", "كشف المسار المهني"),
    ("indemnité pour perte d'emploi", "التعويض عن فقدان الشغل"),
    ("aide sanitaire familiale", "المساعدة الطبية العائلية"),
    ("recouvrement des créances", "تحصيل الديون"),
    ("compte bancaire du bénéficiaire", "الحساب البنكي للمستفيد"),
]
SITUATIONS = [
    ("retard de paiement", "تأخر الأداء"),
    ("changement d'employeur", "تغيير المشغل"),
    ("dossier incomplet", "ملف غير كامل"),
    ("erreur de calcul", "خطأ في الحساب"),
    ("suspension du versement", "توقيف الصرف"),
    ("demande de révision", "طلب المراجعة"),
    ("départ à l'étranger", "الانتقال إلى الخارج"),
    ("enfant scolarisé", "طفل متمدرس"),
    ("travailleur saisonnier", "عامل موسمي"),
    ("salarié à temps partiel", "أجير بدوام جزئي"),
    ("pièces justificatives", "الوثائق المثبتة"),
    ("délai de traitement", "أجل المعالجة"),
    ("contrôle médical", "المراقبة الطبية"),
    ("rappel des droits", "التذكير بالحقوق"),
    ("double déclaration", "تصريح مزدوج"),
]
PLACES = [("Casablanca", "الدار البيضاء"), ("Rabat", "الرباط"), ("Fès", "فاس"),
          ("Marrakech", "مراكش"), ("Tanger", "طنجة"), ("Agadir", "أكادير"),
          ("Oujda", "وجدة"), ("Meknès", "مكناس"), ("Laâyoune", "العيون"),
          ("Béni Mellal", "بني ملال")]
FILLER = [
    ("le formulaire doit être signé et déposé à l'agence",
     "يجب توقيع الاستمارة وإيداعها بالوكالة"),
    ("le montant exact est à confirmer par la caisse",
     "المبلغ المضبوط يتعين تأكيده من طرف الصندوق"),
    ("la demande est instruite par le service des prestations", "تعالج مصلحة الخدمات الطلب"),
    ("une réclamation reçoit une référence suivie par SMS",
     "تتلقى كل شكاية مرجعا يتتبع عبر الرسائل القصيرة"),
    ("l'employeur transmet la déclaration chaque mois", "يرسل المشغل التصريح كل شهر"),
    ("les jours déclarés ouvrent les droits", "الأيام المصرح بها تفتح الحقوق"),
    ("le bénéficiaire présente sa carte nationale", "يقدم المستفيد بطاقته الوطنية"),
    ("le versement reprend après régularisation", "يستأنف الصرف بعد التسوية"),
    ("un certificat médical est exigé", "تشترط شهادة طبية"),
    ("le dossier est examiné dans les meilleurs délais", "يدرس الملف في أقرب الآجال"),
    ("la décision peut être contestée devant la commission", "يمكن الطعن في القرار أمام اللجنة"),
    ("les pièces sont scannées au guichet", "تمسح الوثائق ضوئيا في الشباك"),
    ("le virement arrive en fin de mois", "يصل التحويل في نهاية الشهر"),
    ("le conseiller rappelle sous quarante-huit heures", "يعاود المستشار الاتصال خلال يومين"),
    ("un courrier recommandé confirme la décision", "تؤكد رسالة مضمونة القرار"),
    ("le portail en ligne affiche l'historique", "تعرض البوابة الإلكترونية السجل"),
    ("les héritiers fournissent l'acte de décès", "يدلي الورثة بشهادة الوفاة"),
    ("le médecin conseil examine le patient", "يفحص الطبيب المستشار المريض"),
    ("l'hôpital transmet la facture", "يرسل المستشفى الفاتورة"),
    ("la pharmacie délivre le reçu", "تسلم الصيدلية الوصل"),
    ("le comptable vérifie la masse salariale", "يتحقق المحاسب من الكتلة الأجرية"),
    ("l'inspecteur contrôle les registres", "يراقب المفتش السجلات"),
    ("le notaire certifie la procuration", "يصادق الموثق على الوكالة"),
    ("la banque signale un compte clôturé", "يشير البنك إلى حساب مغلق"),
    ("le tribunal fixe la pension alimentaire", "تحدد المحكمة النفقة"),
    ("l'école délivre un certificat de scolarité", "تسلم المدرسة شهادة التمدرس"),
    ("le consulat légalise les documents", "تصادق القنصلية على الوثائق"),
    ("la mutuelle complète le remboursement", "تكمل التعاضدية الاسترجاع"),
    ("l'entreprise ferme pour travaux", "تغلق المقاولة للأشغال"),
    ("la coopérative agricole emploie des saisonniers", "تشغل التعاونية الفلاحية عمالا موسميين"),
    ("le chantier recrute des journaliers", "يشغل الورش عمالا مياومين"),
    ("l'usine textile déclare ses ouvriers", "يصرح مصنع النسيج بعماله"),
    ("le commerçant paie par prélèvement", "يؤدي التاجر عبر الاقتطاع"),
    ("l'artisan cotise comme indépendant", "يؤدي الصانع اشتراكه كمستقل"),
    ("le chauffeur de taxi demande sa couverture", "يطلب سائق سيارة الأجرة تغطيته"),
    ("la femme de ménage est déclarée par son employeur", "يصرح المشغل بعاملة المنزل"),
]
SUMMARIES = [
    ("Ce que fait la caisse en cas de {situation} pour le dossier {subject}, à {place}, "
     "fiche {number}.",
     "ما يقوم به الصندوق في حالة {situation} بالنسبة لملف {subject} في {place}، بطاقة "
     "{number}."),
    ("{situation} : les démarches pour {subject} à {place} (note {number}).",
     "{situation}: الإجراءات الخاصة ب{subject} في {place} (مذكرة {number})."),
    ("Questions fréquentes à {place} sur {subject} et {situation}, réponse {number}.",
     "أسئلة متكررة في {place} حول {subject} و{situation}، جواب {number}."),
    ("Guide pratique {number} : {subject}, {situation}, agence de {place}.",
     "دليل عملي {number}: {subject}، {situation}، وكالة {place}."),
]
_TOPICS = [topic.value for topic in Topic]


def generated_articles(count: int, *, seed: int = 15) -> Iterator[tuple[str, str, str,
                                                                     dict[str, str]]]:
    """`count` articles (slug, topic, audience, texts), the same for the same seed."""
    rng = random.Random(seed)
    for number in range(count):
        subject, situation, place = (rng.choice(SUBJECTS), rng.choice(SITUATIONS),
                                     rng.choice(PLACES))
        fillers = rng.sample(FILLER, 3)
        title = (f"{subject[0].capitalize()} : {situation[0]} ({place[0]})",
                 f"{subject[1]}: {situation[1]} ({place[1]})")
        fr, ar = rng.choice(SUMMARIES)
        summary = (fr.format(situation=situation[0], subject=subject[0], place=place[0],
                             number=number),
                   ar.format(situation=situation[1], subject=subject[1], place=place[1],
                             number=number))
        body = tuple(
            f"## {title[lang]}\n\n{summary[lang]}\n\n"
            + "\n\n".join(f"- {filler[lang]}." for filler in fillers)
            + f"\n\n{rng.choice(SUBJECTS)[lang]} ; {rng.choice(SITUATIONS)[lang]}."
            for lang in (0, 1))
        texts = {"title_fr": title[0], "summary_fr": summary[0], "body_fr": body[0],
                 "title_ar": title[1], "summary_ar": summary[1], "body_ar": body[1]}
        audience = (Article.Audience.INTERNAL if rng.random() < 0.2
                    else Article.Audience.PUBLIC)
        yield f"genere-{number:05d}", rng.choice(_TOPICS), audience, texts


def publish_generated(count: int, *, seed: int = 15, batch: int = 1000) -> int:
    """Write `count` generated articles, published; the number written."""
    done = 0
    articles = list(generated_articles(count, seed=seed))
    for start in range(0, len(articles), batch):
        done += services.bulk_publish_articles(
            articles[start:start + batch], source="Generated for the benchmark",
            facts_date=date(2026, 1, 1))
    return done
