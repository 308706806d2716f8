"""Health insurance (AMO): who is covered with the insured person, and reimbursements."""

from __future__ import annotations

from knowledge.demo_articles.spec import AMO_LAW, ORGANISATION, ArticleSpec, article, both

HEALTH = "health"

ARTICLES: list[ArticleSpec] = [
    article(
        "amo-ayants-droit", HEALTH, ("ins-amo-reimbursement", "ins-change-not-applied"),
        AMO_LAW,
        fr=("AMO : conjoint, enfants et parents couverts (ayants droit)",
            "L'assurance maladie obligatoire couvre aussi le conjoint et les enfants à "
            "charge de l'assuré : jusqu'à 21 ans, ou 26 ans pour un enfant étudiant non "
            "marié. Déclarez-les à la CNSS.",
            """
## Qui est couvert avec l'assuré
Selon la loi 65-00 (article 5), les ayants droit sont :
- le ou les **conjoints**, s'ils n'ont pas leur propre couverture ;
- les **enfants à charge de 21 ans au plus** ; jusqu'à **26 ans** pour les enfants non
  mariés qui poursuivent des études supérieures, avec un justificatif ;
- les enfants pris en charge selon la loi ;
- les **parents**, si l'assuré demande l'extension et paie leur cotisation : cette
  possibilité dépend d'un décret, et ses conditions actuelles sont
  à confirmer par la CNSS.

## Documents
- Acte de mariage, actes de naissance des enfants.
- Certificat de scolarité pour un enfant étudiant de plus de 21 ans.
- CIN et numéro d'immatriculation de l'assuré.

## Comment faire
Déposez les pièces à l'agence. Si un remboursement est refusé parce qu'un enfant ou le
conjoint n'est pas enregistré, faites d'abord mettre à jour vos ayants droit.
"""),
        ar=("التأمين الإجباري عن المرض: الزوج والأبناء والوالدان (ذوو الحقوق)",
            "يغطي التأمين الإجباري الأساسي عن المرض أيضا زوج المؤمَّن له وأبناءه المتكفل بهم "
            "إلى غاية 21 سنة، أو 26 سنة للابن الطالب غير المتزوج. صرحوا بهم لدى الصندوق.",
            """
## من يستفيد مع المؤمَّن له؟
حسب القانون 65.00 (المادة 5)، ذوو الحقوق هم:
- **الزوج أو الأزواج** إذا لم يكونوا مستفيدين من تغطية خاصة بهم؛
- **الأبناء المتكفل بهم البالغون 21 سنة على الأكثر**، وإلى غاية **26 سنة** للأبناء غير
  المتزوجين الذين يتابعون دراستهم العليا، بشرط الإدلاء بما يثبت ذلك؛
- الأطفال المتكفل بهم طبقا للقانون؛
- **الوالدان**، إذا طلب المؤمَّن له تمديد التغطية إليهما وأدى الاشتراك عنهما: هذه الإمكانية
  مرتبطة بمرسوم، وشروطها الحالية يتعين تأكيدها من طرف الصندوق.

## الوثائق
- عقد الزواج وعقود ازدياد الأبناء.
- شهادة مدرسية أو جامعية للابن الطالب الذي تجاوز 21 سنة.
- بطاقة التعريف الوطنية ورقم تسجيل المؤمَّن له.

## الخطوات
أودعوا الوثائق بالوكالة. إذا رفض استرجاع المصاريف لأن أحد الأبناء أو الزوج غير مسجل، حينوا
أولا لائحة ذوي حقوقكم.
""")),
    article(
        "amo-remboursement", HEALTH, ("ins-amo-reimbursement",),
        both(AMO_LAW, ORGANISATION),
        fr=("Remboursement des frais médicaux (AMO)",
            "La CNSS rembourse une partie des soins de l'assuré et de ses ayants droit au "
            "titre de l'AMO. Les taux et le délai de dépôt du dossier sont à confirmer par "
            "la CNSS.",
            """
## Qui est concerné
Les salariés déclarés, les titulaires de pension du secteur privé et leurs ayants droit :
la loi 65-00 confie à la CNSS la gestion de leur assurance maladie obligatoire (AMO).

## Ce qui est remboursé
Une partie des frais de soins, selon des taux fixés par la réglementation : les taux et
les plafonds sont à confirmer par la CNSS.

## Documents
Le dossier de soins rempli par le médecin, avec ordonnances et factures ; la liste exacte
et le délai de dépôt sont à confirmer par la CNSS.

## Remboursement en retard ou refusé
- Vérifiez que vos jours sont déclarés : le droit dépend de vos déclarations de salaires.
- Vérifiez que le malade figure parmi vos ayants droit.
- Vérifiez votre RIB : un virement retourné doit être réémis.

Puis déposez une réclamation « Remboursement AMO » avec le numéro de dossier.
"""),
        ar=("استرجاع مصاريف العلاج (التأمين الإجباري عن المرض)",
            "يسترجع الصندوق جزءا من مصاريف علاج المؤمَّن له وذوي حقوقه في إطار التأمين "
            "الإجباري عن المرض. النسب وأجل إيداع الملف يتعين تأكيدها من طرف الصندوق.",
            """
## من المعني؟
الأجراء المصرح بهم وأصحاب المعاشات في القطاع الخاص وذوو حقوقهم، إذ أسند القانون 65.00 إلى
الصندوق تدبير تأمينهم الإجباري الأساسي عن المرض.

## ما الذي يسترجع؟
جزء من مصاريف العلاج حسب نسب يحددها التنظيم، والنسب والسقوف يتعين تأكيدها من طرف الصندوق.

## الوثائق
ملف العلاج الذي يملؤه الطبيب مع الوصفات والفواتير، واللائحة المضبوطة وأجل الإيداع يتعين
تأكيدهما من طرف الصندوق.

## تأخر الاسترجاع أو رفضه
- تحققوا من التصريح بأيامكم، فالحق مرتبط بالتصريح بالأجور.
- تحققوا من أن المريض مسجل ضمن ذوي حقوقكم.
- تحققوا من رقم حسابكم البنكي، فالتحويل المرجع يجب إعادة إصداره.

ثم قدموا شكاية «استرجاع مصاريف التأمين عن المرض» مع رقم الملف.
""")),
]
