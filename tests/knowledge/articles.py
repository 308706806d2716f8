"""A small knowledge base for the search tests: a dozen published articles in French and
Arabic, as editors write them (accents, Arabic with and without diacritics)."""

from __future__ import annotations

from datetime import date

from knowledge import services
from knowledge.models import Article

# slug: topic, audience, (title, summary, body) in French, then in Arabic
ARTICLES: dict[str, tuple[str, str, tuple[str, str, str], tuple[str, str, str]]] = {
    "allocations-familiales": ("family", "public", (
        "Allocations familiales",
        "Les allocations familiales sont versées pour chaque enfant à charge.",
        "Le salarié déclaré perçoit une allocation familiale par enfant, dans la limite "
        "de six enfants. Les enfants scolarisés y ont droit plus longtemps."), (
        "التعويضات العائلية",
        "تُصرف التعويضات العائلية عن كل طفل مكفول.",
        "يستفيد الأجير المصرح به من التَّعْوِيضَات العائلية عن كل طفل في حدود ستة أطفال.")),
    "retraite-anticipee": ("pensions", "public", (
        "Retraite anticipée",
        "Partir à la retraite avant l'âge légal : conditions et montant.",
        "Le salarié peut demander une pension de vieillesse anticipée à partir de 55 ans "
        "s'il réunit 3 240 jours déclarés et que son employeur l'accepte."), (
        "التقاعد المبكر",
        "الإحالة على التقاعد قبل السن القانوني: الشروط والمبلغ.",
        "يمكن للأجير طلب معاش الشيخوخة المبكر ابتداء من 55 سنة.")),
    "pension-vieillesse": ("pensions", "public", (
        "Pension de vieillesse",
        "La pension de retraite à l'âge légal de 60 ans.",
        "La pension de vieillesse est due à 60 ans avec au moins 3 240 jours déclarés."), (
        "معاش الشيخوخة",
        "معاش التقاعد عند بلوغ السن القانوني.",
        "يستحق معاش الشيخوخة عند بلوغ ستين سنة مع 3240 يوما مصرحا بها.")),
    "indemnites-maladie": ("short_term", "public", (
        "Indemnités journalières de maladie",
        "Un revenu de remplacement pendant un arrêt de travail pour maladie.",
        "Les indemnités journalières sont versées à partir du quatrième jour d'arrêt."), (
        "التعويضات اليومية عن المرض",
        "دخل بديل خلال التوقف عن العمل بسبب المرض.",
        "تصرف التعويضات اليومية ابتداء من اليوم الرابع للتوقف عن العمل.")),
    "amo-remboursement": ("health", "public", (
        "Remboursement des frais médicaux (AMO)",
        "Comment se faire rembourser les soins, les médicaments et les analyses.",
        "Déposez la feuille de soins dans les 60 jours avec les ordonnances."), (
        "استرجاع مصاريف العلاج",
        "كيفية استرجاع مصاريف العلاجات والأدوية والتحاليل.",
        "أودِع ورقة العلاجات داخل أجل ستين يوما مع الوصفات الطبية.")),
    "jours-non-declares": ("declarations", "public", (
        "Jours de travail non déclarés",
        "Votre employeur n'a pas déclaré tous vos jours : que faire ?",
        "Vérifiez votre relevé, puis déposez une réclamation avec vos bulletins de paie."), (
        "أيام العمل غير المصرح بها",
        "لم يصرح مشغلك بجميع أيام عملك: ماذا تفعل؟",
        "تحقق من كشفك ثم قدم شكاية مع أوراق الأداء.")),
    "changement-rib": ("records", "public", (
        "Changer de compte bancaire (RIB)",
        "Recevoir vos prestations sur un nouveau compte bancaire.",
        "Déposez une attestation de RIB à votre nom dans une agence."), (
        "تغيير الحساب البنكي",
        "التوصل بالتعويضات في حساب بنكي جديد.",
        "أودع شهادة التعريف البنكي باسمك في إحدى الوكالات.")),
    "attestation-affiliation": ("records", "public", (
        "Attestation d'affiliation",
        "Obtenir une attestation d'immatriculation ou d'affiliation en ligne.",
        "L'attestation est téléchargeable sur le portail ou délivrée en agence."), (
        "شهادة الانخراط",
        "الحصول على شهادة التسجيل أو الانخراط عبر الإنترنت.",
        "يمكن تحميل الشهادة من البوابة أو الحصول عليها من الوكالة.")),
    "penalites-retard": ("contributions", "public", (
        "Pénalités de retard",
        "Les majorations dues par l'employeur qui paie ses cotisations en retard.",
        "Un paiement après le délai entraîne des majorations de retard."), (
        "غرامات التأخير",
        "الزيادات المستحقة على المشغل الذي يؤدي اشتراكاته متأخرا.",
        "يترتب عن الأداء بعد الأجل زيادات التأخير.")),
    "procedure-interne-controle": ("complaints", "internal", (
        "Procédure interne de contrôle des dossiers",
        "Comment les agents vérifient un dossier avant sa liquidation.",
        "Contrôle du dossier par le back-office avant liquidation de la pension."), (
        "مسطرة المراقبة الداخلية للملفات",
        "كيف يتحقق الأعوان من الملف قبل تصفيته.",
        "مراقبة الملف من طرف المكتب الخلفي قبل تصفية المعاش.")),
    "ancienne-regle-archivee": ("pensions", "public", (
        "Ancienne règle de retraite",
        "Une règle de retraite qui ne s'applique plus.",
        "Texte ancien sur la retraite."), (
        "قاعدة تقاعد قديمة",
        "قاعدة لم تعد مطبقة.",
        "نص قديم عن التقاعد.")),
}


def texts(fr: tuple[str, str, str], ar: tuple[str, str, str]) -> dict[str, str]:
    return {"title_fr": fr[0], "summary_fr": fr[1], "body_fr": fr[2],
            "title_ar": ar[0], "summary_ar": ar[1], "body_ar": ar[2]}


def seed(*, category_links: dict[str, list[int]] | None = None) -> dict[str, Article]:
    """Create and publish every article (the archived one archived)."""
    created = {}
    for slug, (topic, audience, fr, ar) in ARTICLES.items():
        article = services.create_article(
            slug=slug, topic=topic, audience=audience, texts=texts(fr, ar),
            source="Tests", facts_date=date(2026, 1, 1),
            category_ids=(category_links or {}).get(slug, ()))
        article = services.publish_now(article)
        if slug == "ancienne-regle-archivee":
            article = services.archive_article(article)
        created[slug] = article
    return created
