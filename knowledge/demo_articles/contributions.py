"""Salary declarations and contributions: declaring, days not declared, paying, penalties
and debt collection."""

from __future__ import annotations

from knowledge.demo_articles.spec import (
    CONTRIBUTIONS,
    DECLARATIONS,
    INTRO,
    ORGANISATION,
    REFORM_2004,
    SURVEY,
    ArticleSpec,
    article,
    both,
)

DECLARING = "declarations"
PAYING = "contributions"

ARTICLES: list[ArticleSpec] = [
    article(
        "declaration-salaires", DECLARING, ("emp-declaration-error", "emp-online-portal"),
        both(DECLARATIONS, both(REFORM_2004, ORGANISATION)),
        fr=("Déclaration des salaires (BDS et télédéclaration)",
            "L'employeur déclare chaque mois les salaires et les jours de ses salariés, sur "
            "bordereau (BDS) ou en ligne par télédéclaration. Une erreur se corrige par une "
            "déclaration complémentaire.",
            """
## Qui déclare et quand
- Employeurs de l'industrie, du commerce et des services : **chaque mois**.
- Régime agricole et assurance volontaire individuelle : chaque trimestre.

## Comment déclarer
- Sur le bordereau de déclaration des salaires (BDS) préétabli envoyé par la CNSS.
- En ligne sur le portail de télédéclaration et de télépaiement : mode EDI pour les
  entreprises de plus de 50 salariés avec un logiciel de paie, mode EFI (formulaire) pour
  les petites entreprises.

## Erreurs
Un salarié oublié ou un salaire erroné se régularise par un BDS complémentaire. En 2007,
10 % des BDS revenaient avec des anomalies : vérifiez numéros d'immatriculation, jours
et salaires.

## Sanctions
La loi de 2004 prévoit une astreinte de 50 DH par salarié non déclaré (dans la limite de
5 000 DH) et 10 000 DH en cas de fausse déclaration intentionnelle : montants
à confirmer par la CNSS, car ils peuvent avoir changé.
"""),
        ar=("التصريح بالأجور (الورقة والتصريح عن بعد)",
            "يصرح المشغل كل شهر بأجور أجرائه وأيام عملهم، على ورقة التصريح أو عبر بوابة "
            "التصريح عن بعد. ويصحح الخطأ بتصريح تكميلي.",
            """
## من يصرح ومتى؟
- مشغلو الصناعة والتجارة والخدمات: **كل شهر**.
- النظام الفلاحي والتأمين الاختياري الفردي: كل ثلاثة أشهر.

## كيف يتم التصريح؟
- على ورقة التصريح بالأجور المعدة مسبقا التي يرسلها الصندوق.
- عبر بوابة التصريح والأداء عن بعد: صيغة التبادل الإلكتروني للمعطيات للمقاولات التي تشغل
  أكثر من 50 أجيرا وتتوفر على برنامج للأجور، وصيغة الاستمارة للمقاولات الصغيرة.

## الأخطاء
يسوى نسيان أجير أو خطأ في الأجر بتصريح تكميلي. سنة 2007، كانت 10 % من أوراق التصريح تعود
بأخطاء، فتحققوا من أرقام التسجيل والأيام والأجور.

## العقوبات
ينص قانون 2004 على غرامة تهديدية قدرها 50 درهما عن كل أجير غير مصرح به (في حدود 5000 درهم)
و10000 درهم عن التصريح الكاذب العمدي، وهي مبالغ يتعين تأكيدها من طرف الصندوق لأنها قد
تكون تغيرت.
""")),
    article(
        "jours-non-declares", DECLARING, ("ins-days-not-declared", "ins-career-correction"),
        both(INTRO, both(REFORM_2004, DECLARATIONS)),
        fr=("Jours non déclarés ou sous-déclarés par l'employeur",
            "Si des jours ou des salaires manquent sur votre relevé, vous pouvez réclamer "
            "vous-même auprès de la CNSS, avec vos bulletins de paie. Vos droits en "
            "dépendent.",
            """
## Pourquoi c'est important
Vos jours déclarés ouvrent le droit aux allocations familiales, aux indemnités, à l'AMO
et à la pension. Des jours manquants peuvent faire rejeter une demande.

## Vérifier
Demandez à l'agence votre relevé de jours et de salaires déclarés, mois par mois, ou une
attestation de jours déclarés.

## Avant de réclamer
Une déclaration peut être saisie tard : en 2007, 40 % des bordereaux étaient saisis plus
de 3 mois après. Si le mois est récent, redemandez votre relevé plus tard.

## Réclamer
- Depuis la réforme de 2004, **le salarié peut déposer lui-même la requête** ;
  l'employeur ne peut pas réclamer à sa place des jours non déclarés.
- Joignez bulletins de paie, contrat ou attestation de travail, CIN et numéro
  d'immatriculation.
- La CNSS peut contrôler l'employeur ; le délai de traitement est
  à confirmer par la CNSS.
"""),
        ar=("أيام غير مصرح بها أو مصرح بها بشكل ناقص من طرف المشغل",
            "إذا كانت أيام أو أجور ناقصة في كشفكم، يمكنكم تقديم شكاية بأنفسكم لدى الصندوق مع "
            "أوراق الأداء. فحقوقكم مرتبطة بها.",
            """
## لماذا هذا مهم؟
الأيام المصرح بها تفتح الحق في التعويضات العائلية والتعويضات اليومية والتأمين عن المرض
والمعاش. وقد تؤدي الأيام الناقصة إلى رفض الطلب.

## التحقق
اطلبوا من الوكالة كشف الأيام والأجور المصرح بها شهرا بشهر، أو شهادة الأيام المصرح بها.

## قبل تقديم الشكاية
قد يتأخر إدخال التصريح: سنة 2007، كانت 40 % من أوراق التصريح تدخل بعد أكثر من 3 أشهر. إذا كان
الشهر قريبا، أعيدوا طلب الكشف لاحقا.

## تقديم الشكاية
- منذ إصلاح 2004، **يمكن للأجير أن يقدم الطلب بنفسه**، ولا يمكن للمشغل أن يطالب مكانه بالأيام
  غير المصرح بها.
- أرفقوا أوراق الأداء أو عقد العمل أو شهادة العمل وبطاقة التعريف الوطنية ورقم التسجيل.
- قد يراقب الصندوق المشغل، وأجل المعالجة يتعين تأكيده من طرف الصندوق.
""")),
    article(
        "cotisations-paiement", PAYING, ("emp-payment-not-credited", "emp-account-statement"),
        both(INTRO, CONTRIBUTIONS),
        fr=("Paiement des cotisations et paiement non positionné",
            "L'employeur paie les cotisations par banque ou télépaiement. Si un paiement "
            "n'apparaît pas sur votre relevé de compte, réclamez avec la preuve du paiement "
            "et sa date.",
            """
## Ce que l'employeur paie
Les cotisations patronales et salariales, calculées sur les salaires déclarés, et la taxe
de formation professionnelle. En 2007, le total était de 24,39 % du salaire (18,10 % à la
charge de l'employeur, 6,29 % du salarié), certaines branches avec un plafond de
6 000 DH par mois : taux actuels à confirmer par la CNSS.

## Comment payer
À la banque avec le bordereau de paiement des cotisations (BPC), ou en ligne
(prélèvement automatique ou débit sur ordre).

## Paiement non positionné
C'est la première cause de contestation des employeurs : en 2005, 14 701 des 16 072
réclamations portaient sur le paiement ou sa date, souvent à cause d'erreurs de saisie.
Réclamez avec :
- l'avis de débit ou le reçu bancaire ;
- le BPC, le mois concerné et le numéro d'affiliation.

La CNSS vérifie auprès de la banque puis corrige votre relevé de compte.
"""),
        ar=("أداء الاشتراكات والأداء غير المسجل في الحساب",
            "يؤدي المشغل الاشتراكات عبر البنك أو الأداء عن بعد. إذا لم يظهر أداء في كشف "
            "حسابكم، قدموا شكاية مع ما يثبت الأداء وتاريخه.",
            """
## ماذا يؤدي المشغل؟
الاشتراكات المشغلية والأجرية المحتسبة على الأجور المصرح بها، وضريبة التكوين المهني. سنة
2007، كان المجموع 24,39 % من الأجر (18,10 % على المشغل و6,29 % على الأجير)، مع سقف شهري
قدره 6000 درهم لبعض الفروع: النسب الحالية يتعين تأكيدها من طرف الصندوق.

## طرق الأداء
بالبنك مع ورقة أداء الاشتراكات، أو عن بعد (الاقتطاع التلقائي أو الأداء بأمر).

## الأداء غير المسجل في الحساب
هو أول سبب لشكايات المشغلين: سنة 2005، كانت 14701 من أصل 16072 شكاية تتعلق بالأداء أو
تاريخه، غالبا بسبب أخطاء في الإدخال. قدموا شكاية مع:
- إشعار الخصم أو الوصل البنكي؛
- ورقة الأداء والشهر المعني ورقم الانخراط.

يتحقق الصندوق لدى البنك ثم يصحح كشف حسابكم.
""")),
    article(
        "penalites-retard", PAYING, ("emp-debt-collection", "emp-account-statement"),
        both(INTRO, REFORM_2004),
        fr=("Majorations et pénalités de retard",
            "Un paiement de cotisations en retard entraîne des majorations : 3 % le premier "
            "mois puis 1 % par mois (taux de 1995, à confirmer). Une remise peut être "
            "demandée.",
            """
## Le calcul
Depuis janvier 1995, la majoration de retard est de **3 %** pour le premier mois ou
fraction de mois de retard, puis de **1 %** par mois ou fraction de mois suivant. Ces
taux datent de l'étude de 2007 : à confirmer par la CNSS.

## Demander une remise
La loi de 2004 permet d'accorder une remise ou une modération des majorations de retard
et des frais de recouvrement (décision du conseil d'administration, déléguée au
directeur général). Déposez une demande écrite motivée à l'agence, avec le numéro
d'affiliation et les preuves (paiement fait à temps mais non positionné, par exemple).

## Éviter les pénalités
- Payer à l'échéance, de préférence par télépaiement.
- Vérifier chaque relevé de compte et contester tout de suite un paiement absent.
"""),
        ar=("الزيادات وغرامات التأخير",
            "يترتب على التأخر في أداء الاشتراكات زيادات: 3 % عن الشهر الأول ثم 1 % عن كل شهر "
            "(نسب 1995 يتعين تأكيدها). ويمكن طلب الإعفاء منها.",
            """
## طريقة الاحتساب
منذ يناير 1995، تبلغ زيادة التأخير **3 %** عن الشهر الأول أو جزء منه، ثم **1 %** عن كل شهر
أو جزء من شهر يليه. هذه النسب مأخوذة من دراسة 2007، ويتعين تأكيدها من طرف الصندوق.

## طلب الإعفاء
يسمح قانون 2004 بمنح إعفاء أو تخفيض من زيادات التأخير وصوائر التحصيل (بقرار من المجلس
الإداري مفوض إلى المدير العام). أودعوا طلبا مكتوبا ومعللا بالوكالة مع رقم الانخراط والحجج
(مثلا أداء في وقته لكنه غير مسجل في الحساب).

## تفادي الغرامات
- الأداء في الأجل، ويفضل عن بعد.
- مراجعة كل كشف حساب والاعتراض فورا على كل أداء غير ظاهر.
""")),
    article(
        "recouvrement-dette", PAYING, ("emp-debt-collection",),
        both(CONTRIBUTIONS, SURVEY),
        fr=("Recouvrement des cotisations dues et échéancier de paiement",
            "Une entreprise qui doit des cotisations peut négocier un échéancier de paiement "
            "avec la CNSS avant les poursuites. Contactez votre agence dès la première "
            "relance.",
            """
## Les étapes du recouvrement
1. **Précontentieux** : relances et campagnes de recouvrement par l'agence.
2. **Facilités de paiement** : un échéancier peut être négocié.
3. **Contentieux** : recouvrement forcé, avec des frais de poursuite.

## Demander un échéancier
- Écrivez à l'agence avec le numéro d'affiliation, le montant contesté ou dû et la
  proposition de calendrier.
- Le nombre d'échéances, l'acompte éventuel et les garanties sont
  à confirmer par la CNSS.

## Contester une dette
Si la dette vient d'un paiement non positionné ou d'une erreur de déclaration, déposez
une contestation avec les preuves : la dette est corrigée avant tout échéancier.

## Bon à savoir
Des majorations de retard peuvent s'ajouter à la dette ; une remise peut être demandée
(voir « Majorations et pénalités de retard »).
"""),
        ar=("تحصيل الاشتراكات المستحقة وجدولة الأداء",
            "يمكن للمقاولة المدينة بالاشتراكات أن تتفاوض مع الصندوق على جدولة للأداء قبل "
            "المتابعة القضائية. اتصلوا بوكالتكم منذ أول تذكير.",
            """
## مراحل التحصيل
1. **المرحلة السابقة للنزاع**: التذكيرات وحملات التحصيل من طرف الوكالة.
2. **تسهيلات الأداء**: يمكن التفاوض على جدولة للأداء.
3. **المرحلة النزاعية**: التحصيل الجبري مع صوائر المتابعة.

## طلب الجدولة
- راسلوا الوكالة برقم الانخراط والمبلغ المستحق أو المتنازع فيه واقتراح جدول زمني.
- عدد الأقساط والتسبيق المحتمل والضمانات يتعين تأكيدها من طرف الصندوق.

## الاعتراض على الدين
إذا كان الدين ناتجا عن أداء غير مسجل في الحساب أو عن خطأ في التصريح، قدموا اعتراضا مع الحجج،
فيصحح الدين قبل أي جدولة.

## معلومة مفيدة
قد تضاف زيادات التأخير إلى الدين، ويمكن طلب الإعفاء منها (انظر «الزيادات وغرامات التأخير»).
""")),
]
