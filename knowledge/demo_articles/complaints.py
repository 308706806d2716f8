"""Complaints and the fund's services: following a complaint by SMS, its deadline,
contesting a decision, documents, agencies, international conventions, personal data; the
agents' procedure for referring a complaint to headquarters."""

from __future__ import annotations

from knowledge.demo_articles.spec import (
    BENEFITS,
    DECLARATIONS,
    DOMAIN,
    DOMAIN_PRESS,
    SERVICE,
    SURVEY,
    ArticleSpec,
    article,
    both,
)

COMPLAINTS = "complaints"
SERVICES = "services"

ARTICLES: list[ArticleSpec] = [
    article(
        "suivre-reclamation-sms", COMPLAINTS, ("ins-callback",), SERVICE,
        fr=("Suivre sa réclamation par SMS, par téléphone ou en ligne",
            "Envoyez SUIVI suivi de votre référence au numéro SMS de la CNSS pour savoir où "
            "en est votre réclamation. Vous recevez aussi un SMS à chaque étape.",
            """
## Par SMS
- **SUIVI 1234567890** (votre référence de 10 chiffres) : l'état de cette réclamation.
- **SUIVI** seul : la liste de vos réclamations.
- **STOP** pour ne plus recevoir les SMS d'information, **START** pour les reprendre.
- Tout autre message ouvre une nouvelle réclamation ; si la CNSS attend une réponse de
  votre part, votre message est ajouté à la réclamation en attente.

En arabe, le mot **تتبع** remplace SUIVI.

## Par téléphone
Le serveur vocal vous demande la référence sur le clavier ; vous pouvez parler à un
conseiller ou demander à être rappelé.

## En ligne
Sur la page de suivi, saisissez votre numéro de mobile : un code vous est envoyé par SMS
(valable 10 minutes). Ne le communiquez à personne.

## Bon à savoir
Pas de SMS d'information la nuit : ils partent le matin.
"""),
        ar=("تتبع الشكاية عبر الرسائل القصيرة أو الهاتف أو الإنترنت",
            "أرسلوا كلمة تتبع متبوعة برقمكم المرجعي إلى رقم الرسائل القصيرة للصندوق لمعرفة "
            "وضعية شكايتكم. وتتوصلون برسالة عند كل مرحلة.",
            """
## عبر الرسائل القصيرة
- **تتبع 1234567890** (رقمكم المرجعي المكون من 10 أرقام): وضعية هذه الشكاية.
- **تتبع** وحدها: لائحة شكاياتكم.
- **توقف** لإيقاف رسائل الإخبار، و**ابدأ** لاستئنافها.
- كل رسالة أخرى تفتح شكاية جديدة، وإذا كان الصندوق ينتظر جوابكم تضاف رسالتكم إلى الشكاية
  المعلقة.

وبالفرنسية تستعمل كلمة **SUIVI**.

## عبر الهاتف
يطلب منكم المجيب الصوتي إدخال الرقم المرجعي بلوحة المفاتيح، ويمكنكم التحدث إلى مستشار أو طلب
معاودة الاتصال.

## عبر الإنترنت
في صفحة التتبع، أدخلوا رقم هاتفكم المحمول، فيصلكم رمز عبر رسالة قصيرة صالح لمدة 10 دقائق.
لا تعطوه لأي شخص.

## معلومة مفيدة
لا ترسل رسائل الإخبار ليلا، بل في الصباح.
""")),
    article(
        "delai-reclamation", COMPLAINTS, ("ins-callback",), both(SURVEY, DOMAIN),
        fr=("Délai de traitement d'une réclamation",
            "Chaque réclamation a désormais une échéance suivie, comptée en jours ouvrés. Le "
            "délai dépend du type de réclamation et est à confirmer par la CNSS ; vous êtes "
            "informé à chaque étape.",
            """
## Ce qui a changé
En 2007, une réclamation écrite attendait de 1 à 10 mois sa réponse, 3 mois en moyenne,
et personne ne mesurait ce délai. Seuls 51 % des assurés étaient satisfaits de
l'information sur l'avancement.

## Aujourd'hui
- Chaque réclamation reçoit une référence et une échéance de réponse.
- Le délai court en **jours ouvrés** (du lundi au vendredi, hors jours fériés) ; il est
  suspendu quand la CNSS attend un document de votre part.
- Le délai de chaque type de réclamation est à confirmer par la CNSS.

## Accélérer le traitement
- Donnez tout de suite votre numéro d'immatriculation ou d'affiliation.
- Répondez vite quand un document vous est demandé, par SMS ou à l'agence.
- Une réclamation qui demande une décision du siège prend plus de temps.
"""),
        ar=("أجل معالجة الشكاية",
            "أصبح لكل شكاية أجل متابع يحتسب بأيام العمل. يختلف الأجل حسب نوع الشكاية ويتعين "
            "تأكيده من طرف الصندوق، وتخبرون عند كل مرحلة.",
            """
## ما الذي تغير؟
سنة 2007، كانت الشكاية المكتوبة تنتظر جوابها من شهر إلى 10 أشهر، 3 أشهر في المتوسط، ولم يكن
أحد يقيس هذا الأجل. ولم يكن راضيا عن الإخبار بتقدم الشكاية إلا 51 % من المؤمَّن لهم.

## اليوم
- تحصل كل شكاية على رقم مرجعي وأجل للجواب.
- يحتسب الأجل **بأيام العمل** (من الاثنين إلى الجمعة، باستثناء العطل)، ويتوقف عندما ينتظر
  الصندوق وثيقة منكم.
- أجل كل نوع من الشكايات يتعين تأكيده من طرف الصندوق.

## لتسريع المعالجة
- أدلوا فورا برقم التسجيل أو الانخراط.
- أجيبوا بسرعة عند طلب وثيقة، عبر الرسائل القصيرة أو بالوكالة.
- الشكاية التي تحتاج إلى قرار المقر تستغرق وقتا أطول.
""")),
    article(
        "contester-decision", COMPLAINTS, ("emp-audit-appeal", "pen-deductions"),
        both(SURVEY, both(DECLARATIONS, SERVICE)),
        fr=("Contester une décision de la CNSS",
            "Si votre réclamation est rejetée, la réponse doit dire pourquoi et sur quelle "
            "règle. Vous pouvez demander des explications et contester avec de nouvelles "
            "pièces.",
            """
## Comprendre la décision
Une réponse peut accepter, accepter en partie ou rejeter votre demande. En cas de rejet,
elle indique le motif et la règle appliquée. En 2007, seuls 48 % des assurés trouvaient
claire l'explication d'un rejet : demandez des précisions si besoin.

## Contester
- Répondez par SMS à la réclamation, appelez le centre d'appel ou venez à l'agence.
- Apportez des pièces nouvelles : bulletins de paie, preuve de paiement, RIB, état civil.
- Votre contestation est liée à la réclamation d'origine.

## Employeurs : après un contrôle ou une inspection
Le recours contre un redressement suit une procédure propre (service des recours) ;
écrivez avec le numéro d'affiliation et le rapport contesté.

## Délais
Le délai pour contester et celui de la réponse sont à confirmer par la CNSS.
"""),
        ar=("الاعتراض على قرار الصندوق",
            "إذا رفضت شكايتكم، يجب أن يبين الجواب السبب والقاعدة المعتمدة. ويمكنكم طلب توضيحات "
            "والاعتراض بوثائق جديدة.",
            """
## فهم القرار
قد يقبل الجواب طلبكم أو يقبله جزئيا أو يرفضه. وفي حالة الرفض، يبين السبب والقاعدة المطبقة.
سنة 2007، لم يجد إلا 48 % من المؤمَّن لهم شرح الرفض واضحا، فاطلبوا التوضيح عند الحاجة.

## الاعتراض
- أجيبوا عبر الرسائل القصيرة على الشكاية، أو اتصلوا بمركز النداء، أو توجهوا إلى الوكالة.
- أدلوا بوثائق جديدة: أوراق الأداء أو إثبات الأداء أو الحساب البنكي أو وثائق الحالة المدنية.
- يربط اعتراضكم بالشكاية الأصلية.

## المشغلون: بعد المراقبة أو التفتيش
للطعن في التصحيح مسطرة خاصة (مصلحة الطعون)، فراسلوها برقم الانخراط والتقرير المعترض عليه.

## الآجال
أجل الاعتراض وأجل الجواب يتعين تأكيدهما من طرف الصندوق.
""")),
    article(
        "documents-dossier", SERVICES, ("ins-callback",), both(BENEFITS, SERVICE),
        fr=("Documents à préparer pour votre dossier",
            "Ayez toujours votre CIN et votre numéro d'immatriculation ou d'affiliation. Selon "
            "la demande, ajoutez RIB, actes d'état civil, certificats de vie ou de "
            "scolarité.",
            """
## Toujours
- CIN (carte nationale d'identité).
- Numéro d'immatriculation (assuré, pensionné) ou d'affiliation (employeur).

## Selon la demande
- **Paiement** : RIB à votre nom.
- **Famille** : actes de naissance, acte de mariage, certificats de scolarité.
- **Pension** : certificat de vie, numéro de pension.
- **Maladie, maternité** : certificat médical, avis d'interruption de travail.
- **Jours non déclarés** : bulletins de paie, contrat de travail.
- **Employeur** : BDS, BPC, preuve de paiement.

La liste exacte pour chaque prestation est à confirmer par la CNSS.

## Envoyer un document
- À l'agence, au guichet.
- Par MMS, en réponse à un SMS de la CNSS qui demande un document : photo ou PDF,
  joint à votre réclamation.
"""),
        ar=("الوثائق الواجب تحضيرها لملفكم",
            "احملوا دائما بطاقة التعريف الوطنية ورقم التسجيل أو الانخراط. وحسب الطلب، أضيفوا "
            "بيان الحساب البنكي ووثائق الحالة المدنية وشهادة الحياة أو التمدرس.",
            """
## دائما
- بطاقة التعريف الوطنية.
- رقم التسجيل (المؤمَّن له وصاحب المعاش) أو رقم الانخراط (المشغل).

## حسب الطلب
- **الأداء**: بيان الهوية البنكية باسمكم.
- **الأسرة**: عقود الازدياد وعقد الزواج وشواهد التمدرس.
- **المعاش**: شهادة الحياة ورقم المعاش.
- **المرض والأمومة**: الشهادة الطبية وإشعار التوقف عن العمل.
- **الأيام غير المصرح بها**: أوراق الأداء وعقد العمل.
- **المشغل**: ورقة التصريح بالأجور وورقة أداء الاشتراكات وإثبات الأداء.

اللائحة المضبوطة لكل خدمة يتعين تأكيدها من طرف الصندوق.

## إرسال وثيقة
- بالوكالة، لدى الشباك.
- عبر رسالة متعددة الوسائط جوابا على رسالة من الصندوق تطلب وثيقة: صورة أو ملف PDF يضاف إلى
  شكايتكم.
""")),
    article(
        "agences-horaires", SERVICES, ("ins-callback",), both(DOMAIN_PRESS, SERVICE),
        fr=("Agences de la CNSS, horaires et jours fériés",
            "La CNSS reçoit le public dans ses agences et agences mobiles, du lundi au "
            "vendredi hors jours fériés. Les horaires de votre agence sont à confirmer par la "
            "CNSS.",
            """
## Le réseau
- Environ 174 agences et 65 agences mobiles (chiffres de presse, 2022-2023).
- 9 directions régionales qui supervisent les agences.
- Un centre d'appel pour tout le pays.

## Horaires
- Du **lundi au vendredi**.
- Fermé les jours fériés : 1er janvier, 11 janvier, 14 janvier (nouvel an amazigh),
  1er mai, 30 juillet, 14, 20 et 21 août, 31 octobre, 6 et 18 novembre, et les fêtes
  religieuses (Aïd al-Fitr, Aïd al-Adha, 1er Moharram, Mawlid), dont la date dépend de
  l'observation de la lune.
- Horaires réduits pendant le Ramadan.

Les heures d'ouverture de chaque agence sont à confirmer par la CNSS.

## Avant de vous déplacer
Beaucoup de démarches se suivent par SMS ou au centre d'appel. À l'agence, prenez un
numéro à la borne (imprimé, ou reçu par SMS si vous tapez votre mobile) : il s'affiche
à l'écran de la salle avec le guichet qui vous appelle.
"""),
        ar=("وكالات الصندوق وأوقات العمل والعطل",
            "يستقبل الصندوق العموم في وكالاته ووكالاته المتنقلة من الاثنين إلى الجمعة، باستثناء "
            "أيام العطل. أوقات عمل وكالتكم يتعين تأكيدها من طرف الصندوق.",
            """
## الشبكة
- حوالي 174 وكالة و65 وكالة متنقلة (أرقام الصحافة، 2022-2023).
- 9 مديريات جهوية تشرف على الوكالات.
- مركز نداء لكل التراب الوطني.

## أوقات العمل
- من **الاثنين إلى الجمعة**.
- مغلقة أيام العطل: فاتح يناير و11 يناير و14 يناير (رأس السنة الأمازيغية) وفاتح ماي و30 يوليوز
  و14 و20 و21 غشت و31 أكتوبر و6 و18 نونبر، والأعياد الدينية (عيد الفطر وعيد الأضحى وفاتح محرم
  وعيد المولد النبوي) التي يرتبط تاريخها برؤية الهلال.
- أوقات عمل مخفضة خلال شهر رمضان.

ساعات فتح كل وكالة يتعين تأكيدها من طرف الصندوق.

## قبل التنقل
يمكن تتبع كثير من الإجراءات عبر الرسائل القصيرة أو مركز النداء. وفي الوكالة، خذوا رقما من
الجهاز (مطبوعا، أو عبر رسالة قصيرة إذا أدخلتم رقم هاتفكم)، فيظهر على شاشة القاعة مع الشباك
الذي ينادي عليكم.
""")),
]
