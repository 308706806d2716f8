"""Rights beyond the usual case: international conventions, personal data; the agents'
procedure for referring a complaint to headquarters."""

from __future__ import annotations

from knowledge.demo_articles.spec import (
    BENEFITS,
    DOMAIN,
    INTRO,
    ORGANISATION,
    SERVICE,
    ArticleSpec,
    article,
    both,
)

ARTICLES: list[ArticleSpec] = [
    article(
        "conventions-internationales", "services", ("pen-pension-late",),
        both(INTRO, BENEFITS),
        fr=("Travailleurs marocains à l'étranger : conventions internationales",
            "Les conventions de sécurité sociale entre le Maroc et d'autres pays maintiennent "
            "les droits acquis des travailleurs marocains à l'étranger et de leur famille. La "
            "liste des pays est à confirmer par la CNSS.",
            """
## Qui est concerné
Les travailleurs marocains à l'étranger et les membres de leur famille, ainsi que les
assurés qui ont travaillé dans plusieurs pays.

## Ce que prévoient les conventions
Des conventions internationales de sécurité sociale, ratifiées entre États, coordonnent
les législations pour **maintenir les droits acquis**. Les intéressés ont droit en
pratique aux mêmes prestations que les salariés occupés au Maroc : pensions, allocations
familiales, indemnités de maladie et de maternité.

## Pays et conditions
La liste des pays liés au Maroc par une convention et les règles de chacune sont
à confirmer par la CNSS.

## Comment demander
À l'agence ou auprès de la caisse du pays d'emploi : le dossier est traité par la
division des conventions internationales de la CNSS. Apportez vos documents de carrière
à l'étranger, votre CIN et votre numéro d'immatriculation.
"""),
        ar=("العمال المغاربة بالخارج: الاتفاقيات الدولية للضمان الاجتماعي",
            "تحافظ اتفاقيات الضمان الاجتماعي بين المغرب ودول أخرى على الحقوق المكتسبة للعمال "
            "المغاربة بالخارج وأسرهم. لائحة الدول يتعين تأكيدها من طرف الصندوق.",
            """
## من المعني؟
العمال المغاربة بالخارج وأفراد أسرهم، والمؤمَّن لهم الذين اشتغلوا في عدة دول.

## ماذا تضمن الاتفاقيات؟
تنسق الاتفاقيات الدولية للضمان الاجتماعي المصادق عليها بين الدول التشريعات الوطنية من أجل
**الحفاظ على الحقوق المكتسبة**. ويستفيد المعنيون عمليا من نفس خدمات الأجراء العاملين بالمغرب:
المعاشات والتعويضات العائلية والتعويضات اليومية عن المرض والأمومة.

## الدول والشروط
لائحة الدول المرتبطة مع المغرب باتفاقية وقواعد كل اتفاقية يتعين تأكيدها من طرف الصندوق.

## كيفية الطلب
بالوكالة أو لدى صندوق بلد العمل، ويعالج الملف قسم الاتفاقيات الدولية بالصندوق. أحضروا وثائق
مساركم المهني بالخارج وبطاقة التعريف الوطنية ورقم التسجيل.
""")),
    article(
        "donnees-personnelles", "records", ("ins-change-not-applied",), both(DOMAIN, SERVICE),
        fr=("Vos données personnelles à la CNSS",
            "La CNSS garde vos données d'identité, de contact, de carrière et vos "
            "réclamations sur un dossier unique. Ne donnez jamais à personne le code reçu "
            "par SMS.",
            """
## Ce que la CNSS enregistre
- Identité : nom, CIN, numéro d'immatriculation ou d'affiliation.
- Contact : adresses, téléphones ; chaque changement est gardé avec sa date.
- Carrière : employeurs, jours et salaires déclarés.
- Vos contacts avec la CNSS (appels, SMS, visites, courriers) et vos réclamations, sur
  un seul dossier client.

## Qui y a accès
Les agents de la CNSS, selon leur fonction : guichet, centre d'appel, services du
siège. Les consultations de dossiers sont tracées.

## Vos protections
- La page de suivi en ligne ne montre vos réclamations qu'après un code envoyé par SMS
  à votre mobile ; sa réponse est la même que le numéro soit connu ou non.
- Un agent ne vous demandera jamais ce code.
- Vous pouvez arrêter les SMS d'information (STOP) et les reprendre (START).

## Corriger vos données
Voir « Changer d'adresse, de téléphone ou corriger son nom ». Les autres droits prévus
par la loi et la durée de conservation sont à confirmer par la CNSS.
"""),
        ar=("المعطيات الشخصية: ما يحتفظ به الصندوق وكيف تحمى",
            "يحتفظ الصندوق بمعطيات هويتكم واتصالكم ومساركم المهني وشكاياتكم في ملف واحد. لا "
            "تعطوا لأي شخص الرمز الذي يصلكم عبر رسالة قصيرة.",
            """
## ما الذي يسجله الصندوق؟
- الهوية: الاسم وبطاقة التعريف الوطنية ورقم التسجيل أو الانخراط.
- الاتصال: العناوين والهواتف، مع الاحتفاظ بكل تغيير وتاريخه.
- المسار المهني: المشغلون والأيام والأجور المصرح بها.
- اتصالاتكم بالصندوق (المكالمات والرسائل والزيارات والمراسلات) وشكاياتكم، في ملف زبون واحد.

## من يطلع عليها؟
أعوان الصندوق حسب مهامهم: الشباك ومركز النداء ومصالح المقر. ويسجل كل اطلاع على الملفات.

## حمايتكم
- لا تعرض صفحة التتبع شكاياتكم إلا بعد رمز يرسل إلى هاتفكم المحمول، وجوابها هو نفسه سواء كان
  الرقم معروفا أم لا.
- لن يطلب منكم أي عون هذا الرمز.
- يمكنكم إيقاف رسائل الإخبار (توقف) ثم استئنافها (ابدأ).

## تصحيح معطياتكم
انظر «تغيير العنوان أو الهاتف أو تصحيح الاسم». أما الحقوق الأخرى التي ينص عليها القانون ومدة
الحفظ فيتعين تأكيدها من طرف الصندوق.
""")),
    article(
        "orienter-reclamation-siege", "complaints", ("emp-payment-not-credited",
                                                     "ins-career-correction"),
        both(ORGANISATION, SERVICE), audience="internal",
        fr=("Procédure agent : quand et comment transférer une réclamation au siège",
            "Traitez au guichet ou au centre d'appel tout ce qui peut l'être ; transférez au "
            "siège (back office) seulement ce qui demande sa décision, avec un dossier "
            "complet.",
            """
## Traiter sur place
L'agence est le front office : information, documents, changement d'adresse ou de RIB,
attestations, suivi d'une réclamation. Répondez tout de suite quand la réponse est dans
le dossier client.

## Transférer au siège
Les cas qui demandent une décision du back office, par exemple :
- paiement non positionné (direction financière et comptable) ;
- double immatriculation, correction de carrière ou de date de naissance (direction des
  assurés / des affiliés) ;
- remboursement AMO contesté (direction de l'AMO) ;
- recours après contrôle (inspection et contrôle).

## Un dossier complet
1. Résumez la demande du client en une phrase.
2. Joignez les pièces (CIN, preuve de paiement, bulletins de paie).
3. Choisissez la bonne catégorie : elle oriente la réclamation vers la bonne file.
4. Dites au client le délai et le suivi par SMS.

## Au retour
La réponse du siège revient à l'agent ; expliquez-la au client avec la règle appliquée.
"""),
        ar=("مسطرة خاصة بالأعوان: متى وكيف تحال الشكاية على المقر",
            "عالجوا بالشباك أو بمركز النداء كل ما يمكن معالجته، ولا تحيلوا على المقر إلا ما "
            "يحتاج إلى قراره، مع ملف كامل.",
            """
## المعالجة في عين المكان
الوكالة هي واجهة الاستقبال: الإخبار والوثائق وتغيير العنوان أو الحساب البنكي والشهادات وتتبع
الشكاية. أجيبوا فورا إذا كان الجواب موجودا في ملف الزبون.

## الإحالة على المقر
الحالات التي تحتاج إلى قرار المصالح المركزية، مثل:
- أداء غير مسجل في الحساب (المديرية المالية والمحاسبية)؛
- تسجيل مزدوج أو تصحيح المسار المهني أو تاريخ الازدياد (مديرية المؤمَّن لهم أو المنخرطين)؛
- استرجاع مصاريف التأمين عن المرض المتنازع فيه (مديرية التأمين الإجباري عن المرض)؛
- الطعن بعد المراقبة (مديرية التفتيش والمراقبة).

## ملف كامل
1. لخصوا طلب الزبون في جملة واحدة.
2. أرفقوا الوثائق (بطاقة التعريف وإثبات الأداء وأوراق الأداء).
3. اختاروا الصنف الصحيح، فهو الذي يوجه الشكاية إلى قائمة الانتظار المناسبة.
4. أخبروا الزبون بالأجل وبالتتبع عبر الرسائل القصيرة.

## عند الرجوع
يعود جواب المقر إلى العون، فاشرحوه للزبون مع القاعدة المطبقة.
""")),
]
