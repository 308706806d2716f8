"""Personal details and certificates: changing details and bank account, the career
statement, proof of life, personal data; the agents' procedure for a returned payment."""

from __future__ import annotations

from knowledge.demo_articles.spec import (
    BENEFITS,
    DECLARATIONS,
    DOMAIN,
    ORGANISATION,
    REGISTRATION,
    SERVICE,
    ArticleSpec,
    article,
    both,
)

TOPIC = "records"

ARTICLES: list[ArticleSpec] = [
    article(
        "changement-coordonnees", TOPIC, ("ins-change-not-applied",),
        both(REGISTRATION, DOMAIN),
        fr=("Changer d'adresse, de téléphone ou corriger son nom",
            "Signalez tout changement d'adresse, de mobile ou d'employeur, et toute erreur "
            "sur votre nom ou votre date de naissance : sinon courriers et paiements risquent "
            "de ne pas vous parvenir.",
            """
## Pourquoi c'est important
Des adresses fausses empêchent courriers et paiements d'arriver : en 2007, 9 % des
bordereaux préétablis revenaient par la poste. Votre numéro de mobile sert aussi aux
SMS de suivi de vos réclamations.

## Ce que vous pouvez changer
- Adresse, téléphone mobile.
- Nom (la « smiya ») mal écrit, prénom, date de naissance : la correction de l'âge
  est faite par la direction des affiliés.
- Employeur : c'est le nouvel employeur qui vous déclare.

## Documents
CIN (et pièce d'état civil pour une correction de nom ou de date) ; numéro
d'immatriculation. La liste exacte est à confirmer par la CNSS.

## Comment faire
À l'agence ou au centre d'appel. Chaque changement est noté sur votre dossier, avec sa
date. Si un changement demandé n'est pas pris en compte, déposez une réclamation.
"""),
        ar=("تغيير العنوان أو الهاتف أو تصحيح الاسم",
            "أخبروا الصندوق بكل تغيير في العنوان أو الهاتف المحمول أو المشغل، وبكل خطأ في "
            "الاسم أو تاريخ الازدياد، حتى تصلكم المراسلات والأداءات.",
            """
## لماذا هذا مهم؟
العناوين الخاطئة تمنع وصول المراسلات والأداءات: سنة 2007، كانت 9 % من الأوراق المعدة مسبقا
تعود عبر البريد. كما يستعمل رقم هاتفكم المحمول لتتبع شكاياتكم عبر الرسائل القصيرة.

## ما يمكن تغييره
- العنوان والهاتف المحمول.
- الاسم العائلي أو الشخصي المكتوب بشكل خاطئ، وتاريخ الازدياد: تصحح مديرية المنخرطين السن.
- المشغل: المشغل الجديد هو من يصرح بكم.

## الوثائق
بطاقة التعريف الوطنية (ووثيقة الحالة المدنية لتصحيح الاسم أو التاريخ) ورقم التسجيل. اللائحة
المضبوطة يتعين تأكيدها من طرف الصندوق.

## الخطوات
بالوكالة أو عبر مركز النداء. يسجل كل تغيير في ملفكم مع تاريخه. وإذا لم يؤخذ التغيير بعين
الاعتبار، قدموا شكاية.
""")),
    article(
        "changement-rib", TOPIC, ("ins-change-not-applied", "pen-payment-domicile",
                                  "pen-returned-payment"),
        both(BENEFITS, ORGANISATION),
        fr=("Changer de compte bancaire (RIB) pour vos paiements",
            "Pour recevoir allocations, indemnités ou pension sur un nouveau compte, déposez "
            "votre nouveau RIB à l'agence. Un paiement envoyé sur un compte fermé revient et "
            "doit être remandaté.",
            """
## Qui est concerné
Les assurés et les pensionnés qui changent de banque ou de compte, et les pensionnés qui
changent la domiciliation de leur pension.

## Documents
- Relevé d'identité bancaire (RIB) au nom du bénéficiaire.
- CIN et numéro d'immatriculation (et numéro de pension pour un pensionné).

## Comment faire
Déposez le RIB à l'agence : la CNSS le saisit dans son application dédiée. Le délai
avant le premier paiement sur le nouveau compte est à confirmer par la CNSS.

## Si un paiement est revenu
Un virement envoyé sur un ancien compte est retourné puis **remandaté** (émis à
nouveau). En 2007, cela prenait 4 à 6 mois, parfois plus. Déposez une réclamation
« Paiement retourné » avec votre nouveau RIB pour accélérer.
"""),
        ar=("تغيير الحساب البنكي لتلقي الأداءات",
            "لتلقي التعويضات أو المعاش في حساب جديد، أودعوا بيان الهوية البنكية الجديد "
            "بالوكالة. والأداء المرسل إلى حساب مغلق يرجع ويجب إعادة إصداره.",
            """
## من المعني؟
المؤمَّن لهم وأصحاب المعاشات الذين يغيرون البنك أو الحساب، وأصحاب المعاشات الذين يغيرون توطين
معاشهم.

## الوثائق
- بيان الهوية البنكية (رقم الحساب البنكي) باسم المستفيد.
- بطاقة التعريف الوطنية ورقم التسجيل (ورقم المعاش لصاحب المعاش).

## الخطوات
أودعوا بيان الهوية البنكية بالوكالة، فيدخله الصندوق في التطبيق المخصص لذلك. الأجل قبل أول
أداء في الحساب الجديد يتعين تأكيده من طرف الصندوق.

## إذا رجع الأداء
التحويل المرسل إلى حساب قديم يرجع ثم **يعاد إصداره**. سنة 2007، كان ذلك يستغرق من 4 إلى 6
أشهر وأحيانا أكثر. قدموا شكاية «أداء مرجع» مع رقم حسابكم الجديد للتسريع.
""")),
    article(
        "releve-carriere", TOPIC, ("ins-career-correction", "ins-certificate"),
        both(DECLARATIONS, ORGANISATION),
        fr=("Relevé de carrière : jours et salaires déclarés",
            "Votre relevé de carrière liste, mois par mois, les jours et salaires déclarés "
            "par vos employeurs. Vérifiez-le bien avant votre retraite et faites corriger "
            "les erreurs.",
            """
## À quoi il sert
Le nombre de jours déclarés ouvre vos droits (allocations, indemnités, AMO) et la
moyenne de vos salaires sert au calcul de la pension de vieillesse.

## Comment l'obtenir
À l'agence, avec votre CIN et votre numéro d'immatriculation : l'agent consulte vos
salaires et jours déclarés par mois et par année, et peut éditer une attestation du
nombre de jours déclarés. Les agences ne voyaient autrefois que l'année en cours et la
précédente : pour les années anciennes, la demande peut être transmise au siège.

## Corriger une erreur
- Jours manquants : voir « Jours non déclarés ».
- Jours répartis sur deux numéros : double immatriculation à régulariser.
- Salaire mal saisi : demandez le **redressement de carrière** avec vos bulletins de paie.

Le délai de correction est à confirmer par la CNSS.
"""),
        ar=("كشف المسار المهني: الأيام والأجور المصرح بها",
            "يبين كشف المسار المهني، شهرا بشهر، الأيام والأجور التي صرح بها مشغلوكم. راجعوه "
            "جيدا قبل التقاعد واطلبوا تصحيح الأخطاء.",
            """
## ما فائدته؟
عدد الأيام المصرح بها يفتح حقوقكم (التعويضات والتأمين عن المرض)، ومتوسط أجوركم يستعمل في
احتساب معاش الشيخوخة.

## كيف أحصل عليه؟
بالوكالة، ببطاقة التعريف الوطنية ورقم التسجيل: يطلع العون على أجوركم وأيامكم المصرح بها حسب
الشهر والسنة، ويمكنه إصدار شهادة بعدد الأيام المصرح بها. كانت الوكالات لا ترى إلا السنة الجارية
والسابقة، لذا قد يحال طلب السنوات القديمة على المقر.

## تصحيح خطأ
- أيام ناقصة: انظر «أيام غير مصرح بها».
- أيام موزعة على رقمين: تسجيل مزدوج يجب تسويته.
- أجر مدخل بشكل خاطئ: اطلبوا **تصحيح المسار المهني** مع أوراق الأداء.

أجل التصحيح يتعين تأكيده من طرف الصندوق.
""")),
    article(
        "controle-vie-pensionnes", "pensions", ("pen-proof-of-life", "pen-pension-late"),
        both(BENEFITS, SERVICE),
        fr=("Pensionnés : certificat de vie et contrôle des droits",
            "Pour que votre pension continue d'être payée, la CNSS contrôle vos droits et peut "
            "vous demander un certificat de vie. Un document manquant peut suspendre le "
            "paiement.",
            """
## Pourquoi ce contrôle
La CNSS vérifie que le pensionné et ses ayants droit remplissent toujours les conditions
(contrôle de droit, contrôle de vie des pensionnés). Sans réponse, le paiement peut être
suspendu.

## Documents demandés
- Certificat de vie du pensionné.
- Certificat de scolarité des enfants pour qui des allocations sont versées.

La fréquence du contrôle et la date limite sont à confirmer par la CNSS.

## Comment répondre
Déposez les certificats à l'agence, ou envoyez une photo du document en réponse au SMS
de la CNSS qui vous les demande.

## Ma pension est suspendue
Demandez le motif à l'agence ou au centre d'appel, fournissez le document manquant et
déposez une réclamation « Attestation de vie et contrôle des droits ».
"""),
        ar=("أصحاب المعاشات: شهادة الحياة ومراقبة الحقوق",
            "لكي يستمر أداء معاشكم، يراقب الصندوق حقوقكم وقد يطلب منكم شهادة الحياة. غياب "
            "وثيقة قد يؤدي إلى توقيف الأداء.",
            """
## لماذا هذه المراقبة؟
يتحقق الصندوق من أن صاحب المعاش وذوي حقوقه ما زالوا يستوفون الشروط (مراقبة الحقوق ومراقبة
حياة أصحاب المعاشات). وفي غياب الجواب، قد يوقف الأداء.

## الوثائق المطلوبة
- شهادة الحياة لصاحب المعاش.
- شهادة التمدرس للأبناء الذين تصرف عنهم التعويضات.

وتيرة المراقبة والأجل الأقصى يتعين تأكيدهما من طرف الصندوق.

## كيف أجيب؟
أودعوا الشواهد بالوكالة، أو أرسلوا صورة الوثيقة جوابا على الرسالة القصيرة التي يطلبها فيها
الصندوق.

## أوقف معاشي
اسألوا عن السبب بالوكالة أو مركز النداء، وقدموا الوثيقة الناقصة، ثم قدموا شكاية «شهادة الحياة
ومراقبة الحقوق».
""")),
    article(
        "remandatement-paiement-retourne", TOPIC, ("pen-returned-payment",),
        both(BENEFITS, SERVICE), audience="internal",
        fr=("Procédure agent : paiement retourné à remandater",
            "Un paiement revenu (compte fermé, mandat non retiré) doit être remandaté. "
            "Vérifiez le RIB, faites-le corriger si besoin, puis transmettez à la direction "
            "financière avec la référence du paiement.",
            """
## Repérer le cas
Le client n'a pas reçu un paiement (allocations, indemnités, pension) que la CNSS a
bien émis : virement retourné ou mandat non retiré.

## Étapes
1. Identifiez le client (CIN ou immatriculation) et le paiement : prestation, mois,
   montant émis.
2. Vérifiez le RIB enregistré ; s'il est faux ou clos, faites déposer un nouveau RIB.
3. Ouvrez une réclamation « Paiement retourné à remandater » : elle est orientée vers la
   direction financière et comptable.
4. Indiquez dans la réclamation si le RIB a changé et joignez-le.
5. Donnez au client la référence de sa réclamation et expliquez le suivi par SMS.

## À savoir
- L'étude de 2007 relevait des délais de remandatement de 4 à 6 mois : annoncez un délai
  prudent, le délai actuel est à confirmer par la CNSS.
"""),
        ar=("مسطرة خاصة بالأعوان: أداء مرجع يتعين إعادة إصداره",
            "الأداء المرجع (حساب مغلق أو حوالة غير مسحوبة) يجب إعادة إصداره. تحققوا من الحساب "
            "البنكي وصححوه عند الحاجة، ثم أحيلوا الملف على المديرية المالية مع مرجع الأداء.",
            """
## رصد الحالة
لم يتوصل الزبون بأداء (تعويضات أو معاش) أصدره الصندوق فعلا: تحويل مرجع أو حوالة غير مسحوبة.

## المراحل
1. تعرفوا على الزبون (بطاقة التعريف أو رقم التسجيل) وعلى الأداء: الخدمة والشهر والمبلغ.
2. تحققوا من الحساب البنكي المسجل، وإذا كان خاطئا أو مغلقا اطلبوا بيانا جديدا.
3. افتحوا شكاية «أداء مرجع يتعين إعادة إصداره»، فتوجه إلى المديرية المالية والمحاسبية.
4. أشيروا في الشكاية إلى تغيير الحساب البنكي إن وقع وأرفقوا البيان.
5. سلموا الزبون رقم شكايته واشرحوا له التتبع عبر الرسائل القصيرة.

## للعلم
- سجلت دراسة 2007 آجال إعادة إصدار من 4 إلى 6 أشهر: أعلنوا أجلا حذرا، والأجل الحالي يتعين
  تأكيده من طرف الصندوق.
""")),
]
