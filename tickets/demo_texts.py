"""What demo complaints say, per category: several ways each matter is put, in French, in
Arabic and in Darija, as callers and SMS write them (no accents, abbreviations), so that
the triage suggestions learn something real from the demo data.

`describe(code, rng)` composes a greeting, one of the category's sentences with its blanks
filled, and a closing; SMS texts lose their accents and capitals half of the time.
"""

from __future__ import annotations

import random
import unicodedata

_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "septembre",
           "octobre", "novembre", "décembre"]
_COUNTS = ["deux", "trois", "quatre", "cinq", "six"]
_OPENERS = ["", "", "", "Bonjour, ", "Bonjour madame, monsieur, ", "Salam, ", "Svp ",
            "السلام عليكم، ", "Je me permets de vous écrire car "]
_CLOSERS = ["", "", "", " Merci de faire le nécessaire.", " Merci.", " C'est urgent.",
            " شكرا.", " عافاكم شوفو هاد المشكل.", " J'attends votre réponse depuis longtemps."]

SENTENCES: dict[str, list[str]] = {
    "emp-payment-not-credited": [
        "Notre paiement des cotisations de {month} n'apparaît pas sur notre compte employeur.",
        "Nous avons payé par virement le {day} {month} mais la CNSS nous réclame encore ce "
        "montant.",
        "Le versement du bordereau de paiement n'est pas positionné, on nous compte des "
        "majorations.",
        "La date de paiement enregistrée est fausse : nous avons payé dans les délais.",
        "Paiement effectué à la banque, le BPC n'est toujours pas crédité.",
        "الأداء ديال شهر {month_ar} ما تسجلش فالحساب ديال الشركة.",
        "أدينا الاشتراكات في الوقت ولكن الحساب ما زال يظهر مبلغ غير مؤدى.",
    ],
    "emp-declaration-error": [
        "Erreur dans la masse salariale déclarée pour {month}, le montant est doublé.",
        "Un salarié apparaît deux fois dans notre déclaration de salaires (BDS).",
        "Nous devons corriger la déclaration des salaires du mois de {month}.",
        "La déclaration a été rejetée pour un numéro d'immatriculation erroné.",
        "Salaire mal saisi sur la BDS, il faut rectifier la masse salariale.",
        "خطأ في التصريح بالأجور ديال شهر {month_ar}، الكتلة الأجرية غير صحيحة.",
        "بغينا نصححو التصريح ديال الأجراء، كاين أجير مصرح بيه جوج مرات.",
    ],
    "emp-account-statement": [
        "Notre relevé de compte employeur montre un solde débiteur que nous ne devons pas.",
        "Le relevé de compte ne tient pas compte de nos derniers paiements.",
        "Nous contestons le relevé de compte reçu : les montants sont erronés.",
        "Le relevé indique des majorations de retard sur des mois déjà réglés.",
        "كشف الحساب ديال المقاولة فيه مبالغ غلط.",
        "Relevé de compte faux, merci de nous envoyer un relevé corrigé.",
    ],
    "emp-certificate": [
        "Nous avons besoin d'une attestation d'affiliation pour un appel d'offres.",
        "Demande d'attestation de non-affiliation pour un marché public, délai court.",
        "L'attestation de régularité demandée pour le marché public n'est pas délivrée.",
        "Attestation d'affiliation refusée alors que nous sommes à jour de nos cotisations.",
        "بغينا شهادة الانخراط باش نشاركو فصفقة عمومية.",
        "Impossible d'obtenir l'attestation pour la soumission de l'appel d'offres.",
    ],
    "emp-debt-collection": [
        "Nous souhaitons un échéancier pour payer notre dette de cotisations.",
        "Un avis de recouvrement nous est parvenu pour des cotisations déjà payées.",
        "Notre compte bancaire a été saisi pour une dette que nous contestons.",
        "Demande d'étalement des pénalités et majorations de retard.",
        "بغينا جدولة الديون ديال الاشتراكات على {count} أشهر.",
        "L'huissier est passé pour le recouvrement, nous demandons un plan de paiement.",
    ],
    "emp-audit-appeal": [
        "Nous contestons le redressement notifié après le contrôle de l'inspecteur.",
        "Recours contre le rapport d'inspection : les salariés cités ne sont pas les nôtres.",
        "Le contrôle a retenu des jours de travail non déclarés qui sont faux.",
        "Nous faisons appel de la décision prise après l'inspection de {month}.",
        "كنطعنو فالنتيجة ديال المراقبة ديال المفتش.",
        "Le montant du redressement suite au contrôle est injustifié.",
    ],
    "emp-online-portal": [
        "Impossible de se connecter au portail Damancom pour déclarer.",
        "Le portail de télédéclaration affiche une erreur au moment de valider la déclaration.",
        "Mot de passe Damancom bloqué, nous ne pouvons plus télédéclarer.",
        "Le site de télédéclaration ne charge pas le fichier des salaires.",
        "البوابة ديال التصريح عن بعد ما خدامةش، ما قدرناش نصرحو.",
        "Le certificat électronique du portail a expiré, accès refusé.",
    ],
    "ins-days-not-declared": [
        "Mon employeur n'a pas déclaré mes jours de travail de l'année dernière.",
        "Il me manque des jours sur mon relevé, mon patron déclare seulement {count} jours "
        "par mois.",
        "J'ai travaillé toute l'année mais aucun jour n'est déclaré depuis {month}.",
        "Mes jours déclarés sont moins que les jours travaillés, je suis sous-déclaré.",
        "المشغل ما صرحش بيا فالضمان الاجتماعي هادي {count} شهور.",
        "الأيام ديالي ناقصين، الباطرون كيصرح غير بشي أيام.",
        "mon patron ne me declare pas a la cnss alors que je travaille chez lui",
    ],
    "ins-family-allowance": [
        "Mes allocations familiales ne sont plus versées depuis {count} mois.",
        "Je n'ai pas reçu les allocations familiales pour mon troisième enfant.",
        "Les allocations familiales ont été suspendues sans explication.",
        "Les allocations de mes enfants arrivent en retard chaque mois.",
        "لم أتوصل بالتعويضات العائلية منذ {count} أشهر.",
        "التعويضات العائلية ديال الدراري توقفو.",
        "allocation familiale mazal ma tkhlsat had chhar",
        "Mon dossier d'allocations pour enfant scolarisé n'est toujours pas traité.",
    ],
    "ins-daily-allowance": [
        "Mes indemnités journalières de maladie ne sont pas payées, j'ai déposé l'arrêt de "
        "travail.",
        "J'attends le paiement de mes indemnités de maternité depuis mon accouchement.",
        "Le congé de maternité n'a pas été indemnisé.",
        "Arrêt maladie de {count} semaines, aucune indemnité reçue.",
        "التعويض اليومي عن المرض ما توصلتش بيه.",
        "ما تخلصتش فالتعويض على الولادة.",
        "Les indemnités journalières ont été calculées sur un mauvais salaire.",
    ],
    "ins-amo-reimbursement": [
        "Le remboursement AMO de mes soins de {month} n'est pas arrivé.",
        "J'ai déposé la feuille de soins il y a {count} mois, toujours pas remboursé.",
        "Le dossier maladie pour les médicaments de mon fils est refusé.",
        "Remboursement des frais d'hospitalisation trop faible par rapport à la facture.",
        "ما زال ما ترجعو ليا مصاريف الدوا والطبيب.",
        "ملف المرض ديال مراتي ما تعوضش.",
        "feuille de soins amo perdue, pas de remboursement",
    ],
    "ins-change-not-applied": [
        "J'ai changé de RIB mais le versement part toujours sur l'ancien compte.",
        "Ma nouvelle adresse n'a pas été enregistrée malgré ma demande.",
        "J'ai changé d'employeur et mon dossier indique toujours l'ancien.",
        "Le changement de compte bancaire déposé à l'agence n'est pas pris en compte.",
        "بدلت الحساب البنكي ولكن مازال كيصيفطو للحساب القديم.",
        "العنوان الجديد ديالي ما تسجلش.",
    ],
    "ins-certificate": [
        "Je demande une attestation de salaires pour ma banque.",
        "J'ai besoin d'une attestation des jours déclarés pour mon dossier de visa.",
        "L'attestation de salaires demandée il y a {count} semaines n'est pas prête.",
        "Attestation de jours déclarés erronée : elle ne montre pas l'année {year}.",
        "بغيت شهادة الأجور باش نقدم طلب القرض.",
        "Demande de relevé des salaires déclarés pour le crédit logement.",
    ],
    "ins-registration-card": [
        "Je n'ai jamais reçu ma carte d'immatriculation.",
        "Ma carte CNSS est perdue, je demande un duplicata.",
        "Le nom sur ma carte d'immatriculation est mal écrit.",
        "Carte d'immatriculation demandée à l'agence en {month}, toujours rien.",
        "ما توصلتش ببطاقة التسجيل فالضمان الاجتماعي.",
        "البطاقة ديال الضمان ضاعت ليا، بغيت وحدة جديدة.",
    ],
    "ins-double-registration": [
        "J'ai deux numéros d'immatriculation, mes jours sont répartis sur les deux.",
        "Mon nouvel employeur m'a créé un deuxième numéro CNSS.",
        "Double immatriculation : il faut fusionner mes deux dossiers.",
        "عندي جوج أرقام ديال التسجيل فالضمان.",
        "Deux numéros d'immatriculation à mon nom, je veux les regrouper.",
    ],
    "ins-career-correction": [
        "Ma date de naissance est fausse dans mon dossier, il faut corriger ma carrière.",
        "Des années de travail manquent sur mon relevé de carrière.",
        "Correction de carrière : les salaires des années {year} sont absents.",
        "Mon relevé de carrière ne montre pas mon ancien employeur.",
        "المسار المهني ديالي فيه سنوات ناقصة.",
        "تاريخ الازدياد غلط فالملف ديالي، بغيت نصححو.",
    ],
    "pen-pension-late": [
        "Ma pension de {month} n'a pas été versée.",
        "Je suis retraité et je n'ai rien reçu depuis {count} mois.",
        "Ma pension de retraite est en retard, je n'ai pas d'autre revenu.",
        "Dossier de pension de vieillesse déposé il y a {count} mois, aucun paiement.",
        "لم يتم صرف معاشي لهذا الشهر.",
        "المعاش ديالي ما دخلش هاد الشهر.",
        "La pension de réversion après le décès de mon mari n'est pas versée.",
    ],
    "pen-returned-payment": [
        "Le paiement de ma pension a été retourné par la banque, il faut le remandater.",
        "Mon mandat de pension est revenu, je ne l'ai pas encaissé à temps.",
        "Virement de pension rejeté car mon compte était clôturé.",
        "La poste a retourné mon paiement, je demande un nouveau versement.",
        "الحوالة ديال المعاش رجعات، بغيت يعاودو يصيفطوها.",
        "Paiement retourné suite à une erreur de RIB, merci de le renvoyer.",
    ],
    "pen-proof-of-life": [
        "On me demande une attestation de vie alors que je l'ai déjà déposée.",
        "Ma pension est suspendue pour défaut de certificat de vie.",
        "Je vis à l'étranger, comment envoyer mon attestation de vie ?",
        "Le contrôle des droits a bloqué ma pension malgré mes documents.",
        "وقفو ليا المعاش حيت ما عطيتش شهادة الحياة.",
        "شهادة الحياة سلمتها ولكن المعاش مازال موقوف.",
    ],
    "pen-payment-domicile": [
        "Je souhaite changer la banque où ma pension est payée.",
        "Je veux recevoir ma pension sur un nouveau compte bancaire.",
        "Changement de domiciliation de pension demandé en {month}, pas encore fait.",
        "Transfert du paiement de ma pension vers une autre ville.",
        "بغيت نبدل البنك اللي كنتخلص فيه المعاش.",
    ],
    "pen-deductions": [
        "Une retenue inexpliquée apparaît sur ma pension.",
        "Ma pension a baissé ce mois-ci sans explication.",
        "On me retient une somme chaque mois pour un trop-perçu que je ne comprends pas.",
        "Le montant de ma pension de {month} est inférieur à d'habitude.",
        "كاين اقتطاع من المعاش ديالي ما فهمتش علاش.",
        "المعاش نقص بلا سبب.",
    ],
    "ins-callback": [
        "Merci de me rappeler au sujet de mes allocations familiales.",
        "أرجو الاتصال بي بخصوص استرجاع مصاريف العلاج.",
        "Je souhaite être rappelé pour mon attestation de salaires.",
    ],
}
_MONTHS_AR = ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "شتنبر",
              "أكتوبر", "نونبر", "دجنبر"]


def _bare(text: str) -> str:
    """As many write an SMS: no accents, no capitals."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def describe(code: str, rng: random.Random, *, sms: bool = False,
             sentences: list[str] | None = None) -> str:
    """A complaint's description for this category (its own sentences unless given)."""
    pool = sentences if sentences is not None else SENTENCES.get(code)
    if not pool:
        return "Réclamation à préciser avec le client."
    sentence = rng.choice(pool).format(
        month=rng.choice(_MONTHS), month_ar=rng.choice(_MONTHS_AR),
        count=rng.choice(_COUNTS), day=rng.randrange(1, 29), year=rng.randrange(2008, 2025))
    opener = rng.choice(_OPENERS)
    if opener.endswith("car "):  # the sentence goes on from the opener
        sentence = sentence[0].lower() + sentence[1:]
    text = f"{opener}{sentence}{rng.choice(_CLOSERS)}".strip()
    if sms and rng.random() < 0.5:
        text = _bare(text)
    return text
