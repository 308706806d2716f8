"""Long-term benefits: old-age pension, early retirement, invalidity and survivors'
pensions, and the pensioner's proof of life."""

from __future__ import annotations

from knowledge.demo_articles.spec import (
    BENEFITS,
    INTRO,
    ORGANISATION,
    REFORM_2004,
    ArticleSpec,
    article,
    both,
)

PENSIONS = "pensions"

ARTICLES: list[ArticleSpec] = [
    article(
        "pension-vieillesse", PENSIONS, ("pen-pension-late", "pen-payment-domicile"),
        both(REFORM_2004, BENEFITS),
        fr=("Pension de vieillesse (retraite) : demande et paiement",
            "La pension de vieillesse est versée à l'assuré qui réunit les conditions d'âge "
            "et de jours cotisés. Si votre retraite n'arrive pas, vérifiez votre carrière et "
            "votre domiciliation.",
            """
## Qui est concerné
L'assuré qui a atteint l'âge de la retraite et réuni le nombre de jours de cotisation
exigé (la « condition de stage »). L'âge et le nombre de jours sont
à confirmer par la CNSS.

## Calcul
Depuis la réforme de 2004, la pension se calcule sur la moyenne des salaires des
**96 derniers mois** (au lieu de 36 ou 60 mois). Le taux est à confirmer par la CNSS.

## Documents
- CIN, numéro d'immatriculation, RIB pour la domiciliation du paiement.
- Relevé de carrière : signalez tout de suite les jours manquants.

## Ma pension n'est pas arrivée
Les pensions sont traitées par sessions trimestrielles. Un paiement retourné doit être
remandaté, ce qui a pris 4 à 6 mois dans le passé. Vérifiez votre RIB, votre adresse et
votre attestation de vie, puis déposez une réclamation.
"""),
        ar=("مَعَاش الشيخوخة (التقاعد): الطلب والأداء",
            "يصرف معاش الشيخوخة للمؤمَّن له الذي يستوفي شرطي السن وأيام الاشتراك. إذا لم "
            "يصلكم معاش التقاعد، تحققوا من مساركم المهني ومن توطين الأداء.",
            """
## من المعني؟
المؤمَّن له الذي بلغ سن التقاعد واستوفى عدد أيام الاشتراك المطلوب. السن وعدد الأيام يتعين
تأكيدهما من طرف الصندوق.

## طريقة الاحتساب
منذ إصلاح 2004، يحتسب المعاش على أساس متوسط أجور **96 شهرا الأخيرة** بدل 36 أو 60 شهرا.
النسبة يتعين تأكيدها من طرف الصندوق.

## الوثائق
- بطاقة التعريف الوطنية ورقم التسجيل ورقم الحساب البنكي لتوطين الأداء.
- كشف المسار المهني: أخبرونا فورا بالأيام الناقصة.

## لم يصلني معاش التقاعد
تعالج المعاشات في دورات كل ثلاثة أشهر. والأداء المرجع يجب إعادة إصداره، وقد استغرق ذلك من
4 إلى 6 أشهر في الماضي. تحققوا من رقم حسابكم البنكي وعنوانكم وشهادة الحياة، ثم قدموا شكاية.
""")),
    article(
        "retraite-anticipee", PENSIONS, ("pen-pension-late",), both(REFORM_2004, ORGANISATION),
        fr=("Retraite anticipée à partir de 55 ans",
            "Depuis 2004, un salarié peut partir en retraite anticipée dès 55 ans, avec "
            "l'accord de son employeur, qui paie une prime à la CNSS.",
            """
## Qui est concerné
Le salarié d'au moins **55 ans** dont l'employeur accepte le départ anticipé. Ce droit a
été introduit par la réforme de 2004 (loi 17-02).

## Conditions
- Un accord écrit entre l'employeur et le salarié.
- Le paiement par l'employeur d'une prime à la CNSS : son montant est
  à confirmer par la CNSS.
- Les jours de cotisation exigés sont ceux de la pension de vieillesse, à confirmer par
  la CNSS.

## Comment faire
1. Demandez à l'agence une simulation de retraite anticipée (la CNSS dispose d'un outil
   de simulation).
2. Déposez l'accord signé, la CIN, le numéro d'immatriculation et le RIB.
3. L'employeur règle la prime ; la pension est ensuite liquidée comme une pension de
   vieillesse.
"""),
        ar=("التَّقَاعُد المبكر ابتداء من 55 سنة",
            "منذ 2004، يمكن للأجير أن يحال على التقاعد المبكر ابتداء من 55 سنة بموافقة "
            "مشغله الذي يؤدي منحة للصندوق.",
            """
## من المعني؟
الأجير الذي بلغ **55 سنة** على الأقل ووافق مشغله على إحالته المبكرة على التقاعد. أقر هذا الحق
إصلاح 2004 (القانون 17-02).

## الشروط
- اتفاق مكتوب بين المشغل والأجير.
- أداء المشغل منحة للصندوق، ومبلغها يتعين تأكيده من طرف الصندوق.
- أيام الاشتراك المطلوبة هي نفسها المطلوبة لمعاش الشيخوخة، ويتعين تأكيدها من طرف الصندوق.

## الخطوات
1. اطلبوا من الوكالة محاكاة للتقاعد المبكر، فالصندوق يتوفر على أداة لذلك.
2. أودعوا الاتفاق الموقع وبطاقة التعريف الوطنية ورقم التسجيل ورقم الحساب البنكي.
3. يؤدي المشغل المنحة، ثم يصفى المعاش كمعاش للشيخوخة.
""")),
    article(
        "pension-invalidite", PENSIONS, ("pen-pension-late",), both(REFORM_2004, INTRO),
        fr=("Pension d'invalidité",
            "L'assuré qui ne peut plus travailler à cause d'une invalidité peut demander une "
            "pension d'invalidité. Les conditions de jours et le taux sont à confirmer par "
            "la CNSS.",
            """
## Qui est concerné
L'assuré déclaré dont l'invalidité, hors accident du travail, réduit durablement sa
capacité de travail. Le degré d'invalidité exigé et le nombre de jours cotisés sont
à confirmer par la CNSS.

## Ce que prévoit la loi
- Une pension d'invalidité, prestation à long terme de la CNSS.
- Une majoration quand l'assuré a besoin de l'assistance d'une tierce personne ; depuis
  2004, elle est maintenue quand il atteint l'âge de la pension de vieillesse.

## Documents
- Certificats et rapports médicaux ; le médecin conseil de la CNSS examine le dossier.
- CIN, numéro d'immatriculation, RIB.

## Comment demander
Déposez le dossier à votre agence. Les pensions sont traitées par sessions
trimestrielles : demandez la référence de votre dossier pour le suivre.
"""),
        ar=("معاش الزَّمَانَة (العجز)",
            "يمكن للمؤمَّن له الذي لم يعد قادرا على العمل بسبب العجز أن يطلب معاش الزمانة. "
            "شروط الأيام والنسبة يتعين تأكيدها من طرف الصندوق.",
            """
## من المعني؟
المؤمَّن له المصرح به الذي يقلص عجزه، غير الناتج عن حادثة شغل، قدرته على العمل بشكل دائم.
درجة العجز المطلوبة وعدد أيام الاشتراك يتعين تأكيدهما من طرف الصندوق.

## ما ينص عليه القانون
- معاش الزمانة، وهو من الخدمات طويلة الأمد.
- زيادة في المعاش إذا احتاج المؤمَّن له إلى مساعدة شخص آخر، وهي زيادة يحتفظ بها منذ 2004
  عند بلوغه سن معاش الشيخوخة.

## الوثائق
- الشواهد والتقارير الطبية، ويفحص الطبيب المراقب للصندوق الملف.
- بطاقة التعريف الوطنية ورقم التسجيل ورقم الحساب البنكي.

## كيفية الطلب
أودعوا الملف بوكالتكم. تعالج المعاشات في دورات كل ثلاثة أشهر، فاطلبوا رقم ملفكم لتتبعه.
""")),
    article(
        "pension-survivants", PENSIONS, ("pen-pension-late",), both(REFORM_2004, BENEFITS),
        fr=("Pension de survivants (veuve, veuf, orphelins)",
            "Au décès d'un assuré ou d'un pensionné, son conjoint et ses orphelins peuvent "
            "recevoir une pension de survivants. La veuve la garde même si elle se remarie.",
            """
## Qui est concerné
Les ayants droit d'un assuré ou d'un pensionné décédé : conjoint survivant et enfants.

## Ce qui a changé en 2004
- La veuve garde sa pension en cas de remariage.
- Il n'y a plus de durée minimale de mariage pour ouvrir le droit.
- La pension d'orphelin est due sans condition jusqu'à **16 ans** (12 ans avant).

## Montant
La part de chaque ayant droit est à confirmer par la CNSS.

## Documents
- Acte de décès, acte de mariage, actes de naissance des enfants.
- Certificats de scolarité pour les enfants plus âgés ; un certificat de vie peut être
  demandé lors du contrôle des droits.
- CIN du demandeur, RIB.

## Comment demander
À l'agence, en même temps que l'allocation décès.
"""),
        ar=("معاش المتوفى عنهم (الأرملة والأيتام)",
            "عند وفاة مؤمَّن له أو صاحب معاش، يمكن لزوجه وأيتامه الاستفادة من معاش المتوفى "
            "عنهم. وتحتفظ الأرملة بمعاشها حتى إذا تزوجت من جديد.",
            """
## من المعني؟
ذوو حقوق المؤمَّن له أو صاحب المعاش المتوفى: الزوج الباقي على قيد الحياة والأبناء.

## ما الذي تغير سنة 2004؟
- تحتفظ الأرملة بمعاشها في حالة الزواج من جديد.
- لم تعد هناك مدة دنيا للزواج لفتح الحق في المعاش.
- معاش اليتيم مستحق دون شرط إلى غاية **16 سنة** (بدل 12 سنة).

## المبلغ
حصة كل واحد من ذوي الحقوق يتعين تأكيدها من طرف الصندوق.

## الوثائق
- رسم الوفاة وعقد الزواج وعقود ازدياد الأبناء.
- شواهد التمدرس للأبناء الأكبر سنا، وقد تطلب شهادة الحياة عند مراقبة الحقوق.
- بطاقة التعريف الوطنية لصاحب الطلب ورقم الحساب البنكي.

## كيفية الطلب
بالوكالة، في نفس الوقت مع طلب منحة الوفاة.
""")),
]
