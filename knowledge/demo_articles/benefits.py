"""Family and short-term benefits: family allowances, family health aid, sickness and
maternity daily allowances, birth leave, death grant."""

from __future__ import annotations

from knowledge.demo_articles.spec import (
    BENEFITS,
    INTRO,
    REFORM_2004,
    ArticleSpec,
    article,
    both,
)

FAMILY = "family"
SHORT_TERM = "short_term"

ARTICLES: list[ArticleSpec] = [
    article(
        "allocations-familiales", FAMILY, ("ins-family-allowance",),
        both(REFORM_2004, BENEFITS),
        fr=("Allocations familiales : droits, demande et retards de paiement",
            "Les allocations familiales sont versées pour les enfants à charge de l'assuré. "
            "En cas de retard, vérifiez vos jours déclarés et vos certificats de scolarité, "
            "puis réclamez avec votre numéro d'immatriculation.",
            """
## Qui est concerné
Les salariés déclarés à la CNSS et les pensionnés, pour leurs enfants à charge. Depuis la
réforme de 2004, les allocations familiales sont dues sans condition jusqu'à 16 ans (au
lieu de 12 ans) ; au-delà, des conditions s'appliquent (scolarité, par exemple).

## Conditions
- Un nombre minimal de jours déclarés par l'employeur : le nombre exact est
  à confirmer par la CNSS.
- Le montant par enfant est à confirmer par la CNSS.

## Documents
- Numéro d'immatriculation et CIN de l'assuré.
- Certificat de scolarité des enfants concernés.

## Causes fréquentes de retard
Déclaration de salaires saisie en retard, erreur de liquidation, changement d'employeur,
ou allocations non reversées par l'employeur qui sert de correspondant.
"""),
        ar=("التَّعْوِيضَات العائلية: الحقوق والطلب وتأخر الأداء",
            "تُصرف التعويضات العائلية عن الأطفال الذين يتكفل بهم المؤمَّن له. في حال التأخر، "
            "تحققوا من أيامكم المصرح بها ومن شواهد التمدرس، ثم قدموا شكاية برقم تسجيلكم.",
            """
## من المعني؟
الأجراء المصرح بهم لدى الصندوق وأصحاب المعاشات، عن أطفالهم المتكفل بهم. منذ إصلاح 2004،
تُستحق التعويضات العائلية دون شرط إلى غاية 16 سنة بدل 12 سنة، وبعد ذلك تطبق شروط مثل
متابعة الدراسة.

## الشروط
- عدد أدنى من الأيام المصرح بها من طرف المشغل: العدد المضبوط يتعين تأكيده من طرف الصندوق.
- مبلغ التعويض عن كل طفل يتعين تأكيده من طرف الصندوق.

## الوثائق
- رقم التسجيل وبطاقة التعريف الوطنية للمؤمَّن له.
- شهادة التمدرس للأطفال المعنيين.

## أسباب التأخر الشائعة
تأخر إدخال التصريح بالأجور، أو خطأ في التصفية، أو تغيير المشغل، أو عدم تحويل التعويضات
من طرف المشغل الذي يقوم بدور المراسل.
""")),
    article(
        "aide-sanitaire-familiale", FAMILY, ("ins-family-allowance",), BENEFITS,
        fr=("Aide sanitaire familiale (ASF)",
            "L'aide sanitaire familiale est une prestation familiale de la CNSS. Ses "
            "conditions et son montant actuels sont à confirmer par la CNSS, surtout depuis "
            "l'assurance maladie obligatoire.",
            """
## Qu'est-ce que c'est
L'aide sanitaire familiale (ASF) fait partie des prestations familiales, à côté des
allocations familiales. L'étude de 2007 montre que les sommes versées à ce titre ont
fortement baissé en 2006, après l'entrée en vigueur de l'assurance maladie obligatoire
(AMO).

## Qui est concerné
Les assurés qui ont des enfants à charge. Les conditions d'ouverture du droit et le
montant sont à confirmer par la CNSS.

## Que faire
- Demandez à l'agence ou au centre d'appel si l'aide sanitaire familiale s'applique
  encore à votre situation.
- Pour les soins, voyez aussi le remboursement AMO et la couverture des ayants droit.

## Documents
Numéro d'immatriculation, CIN et pièces sur les enfants : la liste exacte est
à confirmer par la CNSS.
"""),
        ar=("المساعدة الصحية العائلية",
            "المساعدة الصحية العائلية خدمة عائلية يقدمها الصندوق. شروطها ومبلغها الحاليان "
            "يتعين تأكيدهما من طرف الصندوق، خاصة بعد العمل بالتأمين الإجباري عن المرض.",
            """
## ما هي؟
المساعدة الصحية العائلية جزء من الخدمات العائلية إلى جانب التعويضات العائلية. تبين دراسة
2007 أن المبالغ المصروفة في إطارها انخفضت بشكل كبير سنة 2006 بعد دخول التأمين الإجباري
الأساسي عن المرض حيز التطبيق.

## من المعني؟
المؤمَّن لهم الذين يتكفلون بأطفال. شروط فتح الحق والمبلغ يتعين تأكيدها من طرف الصندوق.

## ماذا أفعل؟
- اسألوا الوكالة أو مركز النداء هل ما زالت هذه المساعدة تنطبق على وضعيتكم.
- بالنسبة للعلاج، راجعوا أيضا استرجاع مصاريف التأمين الإجباري عن المرض وتغطية ذوي الحقوق.

## الوثائق
رقم التسجيل وبطاقة التعريف الوطنية ووثائق الأطفال: اللائحة المضبوطة يتعين تأكيدها من طرف
الصندوق.
""")),
    article(
        "indemnites-maladie", SHORT_TERM, ("ins-daily-allowance",),
        both(REFORM_2004, INTRO),
        fr=("Indemnités journalières de maladie",
            "En arrêt de travail pour maladie, la CNSS peut verser des indemnités "
            "journalières. Déposez l'avis d'interruption de travail dans les 30 jours ; la "
            "demande est prescrite après 6 mois.",
            """
## Qui est concerné
Le salarié déclaré en arrêt de travail pour maladie ou accident non professionnel
(l'accident du travail relève d'un autre dispositif).

## Conditions et délais
- Déposer l'avis d'interruption de travail dans les **30 jours** (15 jours avant la
  réforme de 2004).
- La demande d'indemnités est prescrite après **6 mois**.
- L'indemnité se calcule sur le salaire journalier moyen des 6 derniers mois déclarés ;
  un délai de carence s'applique : sa durée et le taux sont à confirmer par la CNSS.
- Un contrôle par le médecin conseil de la CNSS peut être demandé.

## Documents
- Avis d'interruption de travail et certificat médical.
- Numéro d'immatriculation, CIN, RIB pour le paiement.

## Comment demander
Déposez le dossier à votre agence ou par votre employeur. Le paiement dépend de
déclarations de salaires à jour : vérifiez vos jours déclarés.
"""),
        ar=("التَّعْوِيضَات اليومية عن المرض",
            "في حالة التوقف عن العمل بسبب المرض، قد يصرف الصندوق تعويضات يومية. أودعوا إشعار "
            "التوقف عن العمل داخل 30 يوما، ويسقط الحق في الطلب بعد 6 أشهر.",
            """
## من المعني؟
الأجير المصرح به والمتوقف عن العمل بسبب مرض أو حادثة غير مهنية (حوادث الشغل يتكفل بها نظام
آخر).

## الشروط والآجال
- إيداع إشعار التوقف عن العمل داخل **30 يوما** (15 يوما قبل إصلاح 2004).
- يتقادم طلب التعويضات بعد **6 أشهر**.
- يحتسب التعويض على أساس متوسط الأجر اليومي لآخر 6 أشهر مصرح بها، مع فترة انتظار: مدتها
  ونسبة التعويض يتعين تأكيدهما من طرف الصندوق.
- قد يطلب الصندوق فحصا من طرف طبيبه المراقب.

## الوثائق
- إشعار التوقف عن العمل والشهادة الطبية.
- رقم التسجيل وبطاقة التعريف الوطنية ورقم الحساب البنكي للأداء.

## كيفية الطلب
أودعوا الملف بالوكالة أو عن طريق المشغل. يتوقف الأداء على تصريحات أجور محينة، فتحققوا من
أيامكم المصرح بها.
""")),
    article(
        "indemnites-maternite", SHORT_TERM, ("ins-daily-allowance",), REFORM_2004,
        fr=("Indemnités journalières de maternité",
            "La salariée déclarée peut recevoir des indemnités de maternité pendant "
            "14 semaines d'arrêt autour de l'accouchement. La demande est prescrite après "
            "9 mois.",
            """
## Qui est concernée
La salariée déclarée à la CNSS qui cesse son travail pour accoucher.

## Durée et délais
- L'arrêt indemnisé dure **14 semaines** depuis la réforme de 2004 (12 semaines avant).
- La demande d'indemnités de maternité est prescrite après **9 mois**.
- Le nombre minimal de jours déclarés avant l'arrêt et le taux de l'indemnité sont
  à confirmer par la CNSS.

## Documents
- Certificat médical de grossesse ou d'accouchement, avis d'interruption de travail.
- Numéro d'immatriculation, CIN, RIB.

## Comment demander
Déposez la demande à l'agence, directement ou par l'employeur. Si le paiement tarde,
vérifiez d'abord que l'employeur a bien déclaré vos salaires des mois précédents.
"""),
        ar=("التعويضات اليومية عن الأمومة",
            "يمكن للأجيرة المصرح بها أن تستفيد من تعويضات الأمومة طيلة 14 أسبوعا من التوقف "
            "عن العمل بمناسبة الولادة. يتقادم الطلب بعد 9 أشهر.",
            """
## من المعنية؟
الأجيرة المصرح بها لدى الصندوق التي تتوقف عن العمل بسبب الولادة.

## المدة والآجال
- مدة التوقف المعوض عنها **14 أسبوعا** منذ إصلاح 2004 (بدل 12 أسبوعا).
- يتقادم طلب تعويضات الأمومة بعد **9 أشهر**.
- العدد الأدنى للأيام المصرح بها قبل التوقف ونسبة التعويض يتعين تأكيدهما من طرف الصندوق.

## الوثائق
- شهادة طبية بالحمل أو الولادة وإشعار التوقف عن العمل.
- رقم التسجيل وبطاقة التعريف الوطنية ورقم الحساب البنكي.

## كيفية الطلب
يودع الطلب بالوكالة مباشرة أو عن طريق المشغل. إذا تأخر الأداء، تحققي أولا من أن المشغل صرح
بأجورك عن الأشهر السابقة.
""")),
    article(
        "conge-naissance", SHORT_TERM, ("ins-daily-allowance",), both(INTRO, BENEFITS),
        fr=("Congé de naissance (père salarié)",
            "Le congé de naissance est une prestation à court terme de la CNSS liée à la "
            "naissance d'un enfant. Sa durée et son montant sont à confirmer par la CNSS.",
            """
## Qu'est-ce que c'est
Le congé de naissance (CN) figure parmi les prestations sociales à court terme de la
CNSS, avec les indemnités de maladie et de maternité et l'allocation décès.

## Qui est concerné
Le salarié déclaré dont l'enfant vient de naître. Le nombre de jours indemnisés, le
montant et les conditions de jours déclarés sont à confirmer par la CNSS.

## Documents
- Acte ou extrait d'acte de naissance de l'enfant.
- Numéro d'immatriculation et CIN du salarié ; la liste complète est
  à confirmer par la CNSS.

## Comment demander
Déposez la demande à l'agence ou passez par votre employeur. La demande est traitée avec
les autres prestations à court terme : en cas de retard, vérifiez que vos salaires sont
bien déclarés.
"""),
        ar=("رخصة الولادة (للأب الأجير)",
            "رخصة الولادة خدمة قصيرة الأمد يقدمها الصندوق بمناسبة ازدياد مولود. مدتها ومبلغها "
            "يتعين تأكيدهما من طرف الصندوق.",
            """
## ما هي؟
رخصة الولادة من الخدمات الاجتماعية قصيرة الأمد التي يقدمها الصندوق، إلى جانب تعويضات المرض
والأمومة ومنحة الوفاة.

## من المعني؟
الأجير المصرح به الذي ازداد له مولود. عدد الأيام المعوض عنها والمبلغ وشرط الأيام المصرح بها
يتعين تأكيدها من طرف الصندوق.

## الوثائق
- عقد الازدياد أو نسخة منه.
- رقم التسجيل وبطاقة التعريف الوطنية للأجير، واللائحة الكاملة يتعين تأكيدها من طرف الصندوق.

## كيفية الطلب
يودع الطلب بالوكالة أو عن طريق المشغل، ويعالج مع باقي الخدمات قصيرة الأمد. في حالة التأخر،
تحققوا من التصريح بأجوركم.
""")),
    article(
        "allocation-deces", SHORT_TERM, ("ins-daily-allowance",), both(INTRO, BENEFITS),
        fr=("Allocation décès : aide aux ayants droit",
            "Au décès d'un assuré ou d'un pensionné, la CNSS verse une allocation décès à ses "
            "ayants droit. Le montant et les pièces à fournir sont à confirmer par la CNSS.",
            """
## Qui est concerné
Les ayants droit d'un assuré ou d'un pensionné décédé : conjoint, enfants, et selon les
cas d'autres proches (l'ordre exact est à confirmer par la CNSS).

## Ce que verse la CNSS
Une allocation au décès, versée une fois. Son montant est à confirmer par la CNSS. Les
ayants droit peuvent aussi avoir droit à une pension de survivants.

## Documents
- Acte de décès et pièces d'état civil établissant le lien avec le défunt.
- Numéro d'immatriculation du défunt, CIN du demandeur, RIB.

## Comment demander
À l'agence la plus proche. La demande de prestations se prescrit par 5 ans depuis la
réforme de 2004 : n'attendez pas. Si le défunt avait des prestations en cours, signalez
le décès pour éviter des paiements à restituer.
"""),
        ar=("منحة الوفاة لذوي الحقوق",
            "عند وفاة مؤمَّن له أو صاحب معاش، يصرف الصندوق منحة الوفاة لذوي حقوقه. المبلغ "
            "والوثائق المطلوبة يتعين تأكيدها من طرف الصندوق.",
            """
## من المعني؟
ذوو حقوق المؤمَّن له أو صاحب المعاش المتوفى: الزوج أو الزوجة والأبناء، وأقارب آخرون حسب
الحالات (الترتيب المضبوط يتعين تأكيده من طرف الصندوق).

## ماذا يصرف الصندوق؟
منحة عن الوفاة تصرف مرة واحدة، ومبلغها يتعين تأكيده من طرف الصندوق. وقد يستحق ذوو الحقوق
أيضا معاش المتوفى عنهم.

## الوثائق
- رسم الوفاة ووثائق الحالة المدنية التي تثبت القرابة.
- رقم تسجيل المتوفى وبطاقة التعريف الوطنية لصاحب الطلب ورقم الحساب البنكي.

## كيفية الطلب
بأقرب وكالة. يتقادم طلب الخدمات بمرور 5 سنوات منذ إصلاح 2004، فلا تتأخروا. وإذا كان المتوفى
يتقاضى خدمات، صرحوا بالوفاة لتفادي مبالغ واجبة الإرجاع.
""")),
]
