"""Registration with the fund: employees (immatriculation), employers (affiliation), the
employer's certificate, and the agents' procedure for a double registration."""

from __future__ import annotations

from knowledge.demo_articles.spec import (
    INTRO,
    ORGANISATION,
    REGISTRATION,
    SURVEY,
    ArticleSpec,
    article,
    both,
)

TOPIC = "registration"

ARTICLES: list[ArticleSpec] = [
    article(
        "immatriculation-salarie", TOPIC, ("ins-registration-card", "ins-double-registration"),
        both(REGISTRATION, SURVEY),
        fr=("Immatriculation du salarié et carte CNSS",
            "Tout salarié du secteur privé doit être immatriculé à la CNSS par son employeur. "
            "Il reçoit un numéro d'immatriculation et une carte : gardez ce numéro, il sert à "
            "toutes vos démarches.",
            """
## Qui est concerné
Tout salarié d'une entreprise affiliée à la CNSS (industrie, commerce, professions
libérales, pêche, agriculture, artisanat).

## Comment se passe l'immatriculation
- L'employeur demande l'immatriculation à l'agence dès l'embauche.
- L'agence attribue un **numéro d'immatriculation**, crée le dossier et délivre la
  **carte d'immatriculation**.
- Dans l'enquête de 2006-2007, 88 % des assurés étaient satisfaits du délai
  d'immatriculation et de délivrance de la carte.

## Documents
CIN du salarié et demande de l'employeur ; la liste exacte est à confirmer par la CNSS.

## Problèmes fréquents
- Carte perdue : demandez un duplicata à l'agence.
- Erreur de nom ou de date de naissance : demandez une modification (la date de
  naissance est corrigée par la direction des affiliés).
- Deux numéros pour une même personne : signalez-le, la double immatriculation est
  annulée et vos jours regroupés.
"""),
        ar=("تسجيل الأجير وبطاقة الضمان الاجتماعي",
            "يجب على المشغل أن يسجل كل أجير في القطاع الخاص لدى الصندوق. يحصل الأجير على "
            "رقم تسجيل وبطاقة: احتفظوا بهذا الرقم، فهو ضروري في جميع إجراءاتكم.",
            """
## من المعني؟
كل أجير في مقاولة منخرطة في الصندوق (الصناعة والتجارة والمهن الحرة والصيد والفلاحة
والصناعة التقليدية).

## كيف يتم التسجيل؟
- يطلب المشغل تسجيل الأجير بالوكالة منذ تشغيله.
- تمنح الوكالة **رقم التسجيل** وتفتح الملف وتسلم **بطاقة التسجيل**.
- في بحث 2006-2007، كان 88 % من المؤمَّن لهم راضين عن آجال التسجيل وتسليم البطاقة.

## الوثائق
بطاقة التعريف الوطنية للأجير وطلب المشغل، واللائحة المضبوطة يتعين تأكيدها من طرف الصندوق.

## مشاكل شائعة
- ضياع البطاقة: اطلبوا نظيرا منها بالوكالة.
- خطأ في الاسم أو تاريخ الازدياد: اطلبوا التصحيح (تصحح مديرية المنخرطين تاريخ الازدياد).
- رقمان لنفس الشخص: أخبروا الوكالة، فيلغى التسجيل المزدوج وتجمع أيامكم.
""")),
    article(
        "affiliation-employeur", TOPIC, ("emp-certificate", "emp-online-portal"),
        both(INTRO, REGISTRATION),
        fr=("Affiliation de l'entreprise à la CNSS",
            "Toute entreprise du secteur privé qui emploie des salariés doit s'affilier à la "
            "CNSS. Elle reçoit un numéro d'affiliation qui sert à déclarer les salaires et "
            "payer les cotisations.",
            """
## Qui doit s'affilier
L'affiliation est obligatoire pour les employeurs de l'industrie, du commerce, des
professions libérales, de la pêche (marins pêcheurs à la part), de l'agriculture et de
l'artisanat.

## Ce que reçoit l'entreprise
Un **numéro d'affiliation**, qui vaut reconnaissance de son enregistrement. Ensuite,
l'employeur :
- immatricule ses salariés ;
- déclare leurs salaires et paie les cotisations ;
- demande des prestations pour ses salariés et des attestations.

## Documents
Pièces d'identification de l'entreprise et de son représentant : la liste est
à confirmer par la CNSS.

## Délais
En 2007, l'étude mesurait 21 jours en moyenne entre le dépôt de la demande et sa saisie.
Une entreprise non affiliée peut l'être d'office après un contrôle.

## Changements
Adresse, raison sociale, forme juridique, activité, suspension ou reprise d'activité :
déclarez-les à l'agence.
"""),
        ar=("انخراط المقاولة في الصندوق الوطني للضمان الاجتماعي",
            "يجب على كل مقاولة في القطاع الخاص تشغل أجراء أن تنخرط في الصندوق، فتحصل على رقم "
            "انخراط يستعمل في التصريح بالأجور وأداء الاشتراكات.",
            """
## من يجب عليه الانخراط؟
الانخراط إجباري لمشغلي قطاعات الصناعة والتجارة والمهن الحرة والصيد البحري والفلاحة
والصناعة التقليدية.

## ماذا تحصل عليه المقاولة؟
**رقم الانخراط** الذي يثبت تسجيلها. بعد ذلك يقوم المشغل بما يلي:
- تسجيل أجرائه؛
- التصريح بأجورهم وأداء الاشتراكات؛
- طلب الخدمات لفائدة أجرائه وطلب الشهادات.

## الوثائق
وثائق تعريف المقاولة وممثلها، واللائحة يتعين تأكيدها من طرف الصندوق.

## الآجال
سنة 2007، قاست الدراسة 21 يوما في المتوسط بين إيداع الطلب وإدخاله. ويمكن أن يتم الانخراط
تلقائيا بعد المراقبة بالنسبة للمقاولة غير المنخرطة.

## التغييرات
العنوان والتسمية والشكل القانوني والنشاط وتوقف النشاط أو استئنافه: صرحوا بها لدى الوكالة.
""")),
    article(
        "attestation-affiliation", TOPIC, ("emp-certificate", "ins-certificate"),
        both(REGISTRATION, ORGANISATION),
        fr=("Attestations : affiliation, non-affiliation, jours déclarés",
            "L'employeur obtient une attestation d'affiliation pour un marché public ; "
            "l'assuré, une attestation de jours déclarés ou de salaires. Demandez-les à "
            "l'agence avec votre numéro.",
            """
## Pour l'employeur
- **Attestation d'affiliation** : demandée pour soumissionner à un marché public.
- **Attestation de non-affiliation** : pour une entreprise qui n'emploie pas de
  salariés.

## Pour l'assuré et le pensionné
- Attestation du **nombre de jours déclarés** ou des salaires.
- Attestation de pension ou de revenu pour le pensionné.

## Conditions
L'attestation d'affiliation reflète la situation du compte de l'entreprise : déclarations
et paiements doivent être à jour. Les conditions exactes et le délai de délivrance sont
à confirmer par la CNSS.

## Comment demander
À l'agence, avec le numéro d'affiliation ou d'immatriculation et la CIN. Si une
attestation comporte une erreur (jours manquants, paiement non positionné), déposez une
réclamation pour faire corriger le compte.
"""),
        ar=("الشواهد: الانخراط وعدم الانخراط والأيام المصرح بها",
            "يحصل المشغل على شهادة الانخراط من أجل صفقة عمومية، ويحصل المؤمَّن له على شهادة "
            "الأيام المصرح بها أو الأجور. اطلبوها بالوكالة برقمكم.",
            """
## بالنسبة للمشغل
- **شهادة الانخراط**: تطلب للمشاركة في الصفقات العمومية.
- **شهادة عدم الانخراط**: للمقاولة التي لا تشغل أجراء.

## بالنسبة للمؤمَّن له وصاحب المعاش
- شهادة **عدد الأيام المصرح بها** أو الأجور.
- شهادة المعاش أو الدخل لصاحب المعاش.

## الشروط
تعكس شهادة الانخراط وضعية حساب المقاولة، فيجب أن تكون التصريحات والأداءات محينة. الشروط
المضبوطة وأجل التسليم يتعين تأكيدها من طرف الصندوق.

## كيفية الطلب
بالوكالة، برقم الانخراط أو رقم التسجيل وبطاقة التعريف الوطنية. إذا تضمنت الشهادة خطأ (أيام
ناقصة أو أداء غير مسجل في الحساب)، قدموا شكاية لتصحيح الحساب.
""")),
    article(
        "double-immatriculation", TOPIC, ("ins-double-registration",), REGISTRATION,
        audience="internal",
        fr=("Procédure agent : traiter une double immatriculation",
            "Quand un assuré a deux numéros d'immatriculation, vérifiez l'identité, "
            "rassemblez les pièces et transmettez à la direction des affiliés, qui annule "
            "le numéro en double.",
            """
## Repérer le cas
- Deux dossiers avec la même CIN, ou le même nom et la même date de naissance.
- Un assuré dont les jours sont partagés entre deux numéros (souvent après un
  changement d'employeur).

## Étapes
1. Vérifiez l'identité au guichet : CIN originale, cartes d'immatriculation.
2. Consultez les deux carrières (jours et salaires déclarés par mois).
3. Ouvrez une réclamation « Double immatriculation » sur la fiche du client, avec la
   copie de la CIN et les deux numéros.
4. La direction des affiliés annule le numéro en double ; les jours sont regroupés sur
   le numéro conservé.
5. Informez le client et ses employeurs du numéro à utiliser.

## Attention
- Ne créez jamais un troisième numéro.
- Les prestations en cours (allocations familiales, pension) peuvent être liées à
  l'un des numéros : signalez-le dans la réclamation.
- Le délai de traitement est à confirmer par la CNSS.
"""),
        ar=("مسطرة خاصة بالأعوان: معالجة التسجيل المزدوج",
            "عندما يتوفر المؤمَّن له على رقمي تسجيل، تحققوا من الهوية واجمعوا الوثائق وأحيلوا "
            "الملف على مديرية المنخرطين التي تلغي الرقم المكرر.",
            """
## رصد الحالة
- ملفان بنفس رقم بطاقة التعريف الوطنية، أو بنفس الاسم وتاريخ الازدياد.
- مؤمَّن له موزعة أيامه بين رقمين (غالبا بعد تغيير المشغل).

## المراحل
1. تحققوا من الهوية بالشباك: بطاقة التعريف الأصلية وبطاقات التسجيل.
2. اطلعوا على المسارين المهنيين (الأيام والأجور المصرح بها شهريا).
3. افتحوا شكاية «تسجيل مزدوج» في ملف الزبون مع نسخة من البطاقة والرقمين.
4. تلغي مديرية المنخرطين الرقم المكرر وتجمع الأيام في الرقم المحتفظ به.
5. أخبروا الزبون ومشغليه بالرقم الواجب استعماله.

## تنبيه
- لا تنشئوا رقما ثالثا أبدا.
- قد تكون الخدمات الجارية (التعويضات العائلية، المعاش) مرتبطة بأحد الرقمين، فأشيروا إلى
  ذلك في الشكاية.
- أجل المعالجة يتعين تأكيده من طرف الصندوق.
""")),
]
