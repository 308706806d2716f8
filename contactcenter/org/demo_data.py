"""The reference tables of the demo data set: regions and agencies, headquarters
directions, complaint categories, the staff plan, and the names companies and people get."""

from __future__ import annotations

from typing import NamedTuple

from contactcenter.org.models import Agent, Direction


class AgencySpec(NamedTuple):
    code: str
    name_fr: str
    name_ar: str
    city: str


class RegionSpec(NamedTuple):
    code: str
    name_fr: str
    name_ar: str
    cin_prefixes: tuple[str, ...]  # letters of the CINs issued in the region
    area_code: str  # landline prefix after +212
    weight: int  # share of the customers living there
    agencies: list[AgencySpec]


class DirectionSpec(NamedTuple):
    code: str
    name_fr: str
    name_ar: str
    kind: str
    queue_code: str
    queue_fr: str
    queue_ar: str


class CategorySpec(NamedTuple):
    code: str
    audience: str
    label_fr: str
    label_ar: str
    direction: str | None  # whose queue takes it; None: the customer's agency front office


class StaffSpec(NamedTuple):
    username: str | None  # None: made from the generated name
    role: str
    place: str | None  # code of the agency, direction or region the agent belongs to


_REGION_ROWS = [
    ("DR-CASABLANCA", "Grand Casablanca", "الدار البيضاء الكبرى", ("BE", "BH", "BK", "BJ"),
     "522", 28, [
         ("CASA-ANFA", "Casablanca Anfa", "الدار البيضاء أنفا", "Casablanca"),
         ("CASA-AIN-SEBAA", "Casablanca Aïn Sebaâ", "الدار البيضاء عين السبع", "Casablanca"),
         ("CASA-HAY-HASSANI", "Casablanca Hay Hassani", "الدار البيضاء الحي الحسني",
          "Casablanca"),
         ("CASA-BERNOUSSI", "Casablanca Sidi Bernoussi", "الدار البيضاء سيدي البرنوصي",
          "Casablanca"),
         ("MOHAMMEDIA", "Mohammedia", "المحمدية", "Mohammedia"),
     ]),
    ("DR-RABAT", "Rabat-Kénitra", "الرباط القنيطرة", ("A", "AB", "AE", "G"), "537", 16, [
        ("RABAT-AGDAL", "Rabat Agdal", "الرباط أكدال", "Rabat"),
        ("SALE", "Salé", "سلا", "Salé"),
        ("TEMARA", "Témara", "تمارة", "Témara"),
        ("KENITRA", "Kénitra", "القنيطرة", "Kénitra"),
        ("KHEMISSET", "Khémisset", "الخميسات", "Khémisset"),
    ]),
    ("DR-CHAOUIA", "Chaouia-Tadla", "الشاوية تادلة", ("W", "I", "Q"), "523", 9, [
        ("SETTAT", "Settat", "سطات", "Settat"),
        ("BERRECHID", "Berrechid", "برشيد", "Berrechid"),
        ("KHOURIBGA", "Khouribga", "خريبكة", "Khouribga"),
        ("BENI-MELLAL", "Béni Mellal", "بني ملال", "Béni Mellal"),
    ]),
    ("DR-TANGER", "Tanger-Tétouan", "طنجة تطوان", ("K", "L", "LB"), "539", 11, [
        ("TANGER", "Tanger", "طنجة", "Tanger"),
        ("TETOUAN", "Tétouan", "تطوان", "Tétouan"),
        ("LARACHE", "Larache", "العرائش", "Larache"),
        ("KSAR-EL-KEBIR", "Ksar El Kébir", "القصر الكبير", "Ksar El Kébir"),
    ]),
    ("DR-ORIENTAL", "Oriental", "الشرق", ("F", "FA", "S"), "536", 6, [
        ("OUJDA", "Oujda", "وجدة", "Oujda"),
        ("NADOR", "Nador", "الناظور", "Nador"),
        ("BERKANE", "Berkane", "بركان", "Berkane"),
        ("TAOURIRT", "Taourirt", "تاوريرت", "Taourirt"),
    ]),
    ("DR-FES", "Fès-Boulmane", "فاس بولمان", ("C", "CD"), "535", 7, [
        ("FES-SAISS", "Fès Saïss", "فاس سايس", "Fès"),
        ("FES-MEDINA", "Fès Médina", "فاس المدينة", "Fès"),
        ("SEFROU", "Sefrou", "صفرو", "Sefrou"),
        ("MISSOUR", "Missour", "ميسور", "Missour"),
    ]),
    ("DR-MEKNES", "Meknès-Tafilalt", "مكناس تافيلالت", ("D", "DA", "U"), "535", 6, [
        ("MEKNES", "Meknès", "مكناس", "Meknès"),
        ("ERRACHIDIA", "Errachidia", "الرشيدية", "Errachidia"),
        ("KHENIFRA", "Khénifra", "خنيفرة", "Khénifra"),
        ("AZROU", "Azrou", "أزرو", "Azrou"),
    ]),
    ("DR-TENSIFT", "Tensift", "تانسيفت", ("E", "EE", "H", "M"), "524", 11, [
        ("MARRAKECH-GUELIZ", "Marrakech Guéliz", "مراكش جليز", "Marrakech"),
        ("SAFI", "Safi", "آسفي", "Safi"),
        ("EL-JADIDA", "El Jadida", "الجديدة", "El Jadida"),
        ("ESSAOUIRA", "Essaouira", "الصويرة", "Essaouira"),
        ("KELAA-SRAGHNA", "El Kelaâ des Sraghna", "قلعة السراغنة", "El Kelaâ des Sraghna"),
    ]),
    ("DR-SUD", "Sud", "الجنوب", ("J", "JA", "JB", "SH"), "528", 6, [
        ("AGADIR", "Agadir", "أكادير", "Agadir"),
        ("INEZGANE", "Inezgane", "إنزكان", "Inezgane"),
        ("TAROUDANT", "Taroudant", "تارودانت", "Taroudant"),
        ("GUELMIM", "Guelmim", "كلميم", "Guelmim"),
        ("LAAYOUNE", "Laâyoune", "العيون", "Laâyoune"),
    ]),
]

_DIRECTION_ROWS = [
    ("DAFF", "Direction des Affiliés", "مديرية المنخرطين", Direction.Kind.BACK_OFFICE,
     "BO-DAFF", "Réclamations des affiliés", "شكايات المنخرطين"),
    ("DASS", "Direction des Assurés", "مديرية المؤمن لهم", Direction.Kind.BACK_OFFICE,
     "BO-DASS", "Réclamations des assurés", "شكايات المؤمن لهم"),
    ("DAMO", "Direction de l'Assurance Maladie Obligatoire",
     "مديرية التأمين الإجباري الأساسي عن المرض", Direction.Kind.BACK_OFFICE,
     "BO-DAMO", "Dossiers AMO", "ملفات التأمين الإجباري عن المرض"),
    ("DFC", "Direction Financière et Comptable", "المديرية المالية والمحاسباتية",
     Direction.Kind.BACK_OFFICE, "BO-DFC", "Paiements et recouvrement", "الأداءات والتحصيل"),
    ("DSI", "Direction des Systèmes d'Information", "مديرية نظم المعلومات",
     Direction.Kind.BACK_OFFICE, "BO-DSI", "Services en ligne", "الخدمات الإلكترونية"),
    ("DIA", "Direction de l'Inspection et de l'Audit", "مديرية التفتيش والافتحاص",
     Direction.Kind.BACK_OFFICE, "BO-DIA", "Recours contrôle et inspection",
     "طعون المراقبة والتفتيش"),
    ("CRC", "Centre de relation client", "مركز العلاقات مع الزبناء", Direction.Kind.CALL_CENTRE,
     "CC-CRC", "Centre d'appels", "مركز النداء"),
]

_CATEGORY_ROWS = [
    ("emp-payment-not-credited", "employer",
     "Paiement non positionné ou date de paiement erronée",
     "أداء غير مسجل في الحساب أو تاريخ أداء خاطئ", "DFC"),
    ("emp-declaration-error", "employer", "Erreur de masse salariale ou de déclaration",
     "خطأ في الكتلة الأجرية أو في التصريح بالأجور", "DAFF"),
    ("emp-account-statement", "employer", "Relevé de compte erroné", "كشف حساب غير صحيح",
     "DAFF"),
    ("emp-certificate", "employer",
     "Attestation d'affiliation ou de non-affiliation (marchés publics)",
     "شهادة الانخراط أو عدم الانخراط (الصفقات العمومية)", None),
    ("emp-debt-collection", "employer", "Recouvrement et échéancier de paiement",
     "التحصيل وجدولة الأداءات", "DFC"),
    ("emp-audit-appeal", "employer", "Recours après contrôle ou inspection",
     "طعن بعد المراقبة أو التفتيش", "DIA"),
    ("emp-online-portal", "employer", "Portail de télédéclaration",
     "بوابة التصريح عن بعد", "DSI"),
    ("ins-days-not-declared", "insured", "Jours non déclarés ou sous-déclarés par l'employeur",
     "أيام غير مصرح بها أو مصرح بها بشكل ناقص من طرف المشغل", "DASS"),
    ("ins-family-allowance", "insured", "Allocations familiales non payées ou en retard",
     "التعويضات العائلية غير مؤداة أو متأخرة", None),
    ("ins-daily-allowance", "insured", "Indemnités journalières de maladie ou de maternité",
     "التعويضات اليومية عن المرض أو الأمومة", None),
    ("ins-amo-reimbursement", "insured", "Remboursement AMO",
     "استرجاع مصاريف التأمين الإجباري عن المرض", "DAMO"),
    ("ins-change-not-applied", "insured",
     "Changement d'adresse, de RIB ou d'employeur non pris en compte",
     "تغيير العنوان أو الحساب البنكي أو المشغل غير مأخوذ بعين الاعتبار", None),
    ("ins-certificate", "insured", "Attestation de jours déclarés ou de salaires",
     "شهادة الأيام المصرح بها أو الأجور", None),
    ("ins-registration-card", "insured", "Carte d'immatriculation", "بطاقة التسجيل", None),
    ("ins-callback", "insured", "Demande de rappel par un conseiller",
     "طلب معاودة الاتصال من طرف مستشار", "CRC"),
    ("ins-double-registration", "insured", "Double immatriculation", "تسجيل مزدوج", "DASS"),
    ("ins-career-correction", "insured", "Correction de carrière", "تصحيح المسار المهني",
     "DASS"),
    ("pen-pension-late", "pensioner", "Pension en retard ou non reçue",
     "معاش متأخر أو غير متوصل به", "DASS"),
    ("pen-returned-payment", "pensioner", "Paiement retourné à remandater",
     "أداء مرجع يتعين إعادة إصداره", "DFC"),
    ("pen-proof-of-life", "pensioner", "Attestation de vie et contrôle des droits",
     "شهادة الحياة ومراقبة الحقوق", None),
    ("pen-payment-domicile", "pensioner", "Changement de domiciliation du paiement",
     "تغيير توطين أداء المعاش", None),
    ("pen-deductions", "pensioner", "Retenues non expliquées", "اقتطاعات غير مبررة", "DFC"),
]

_R = Agent.Role
_STAFF_ROWS = [
    ("guichet", _R.FRONT_OFFICE, "CASA-ANFA"),
    ("superviseur", _R.SUPERVISOR, "CASA-ANFA"),
    ("backoffice", _R.BACK_OFFICE, "DASS"),
    ("callcentre", _R.CALL_CENTRE, "CRC"),
    ("regional", _R.REGIONAL_MANAGER, "DR-CASABLANCA"),
    ("admin", _R.ADMINISTRATOR, None),
    ("auditeur", _R.AUDITOR, None),
    (None, _R.ADMINISTRATOR, None),
    *[(None, _R.FRONT_OFFICE, code) for code in (
        "CASA-ANFA", "CASA-ANFA", "CASA-AIN-SEBAA", "CASA-HAY-HASSANI", "MOHAMMEDIA",
        "RABAT-AGDAL", "SALE", "KENITRA", "SETTAT", "TANGER", "TETOUAN", "OUJDA", "FES-SAISS",
        "MEKNES", "MARRAKECH-GUELIZ", "SAFI", "AGADIR")],
    *[(None, _R.SUPERVISOR, code) for code in (
        "RABAT-AGDAL", "TANGER", "FES-SAISS", "MARRAKECH-GUELIZ", "AGADIR", "CRC")],
    *[(None, _R.REGIONAL_MANAGER, region[0]) for region in _REGION_ROWS[1:]],
    *[(None, _R.BACK_OFFICE, code) for code in ("DAFF", "DAFF", "DASS", "DAMO", "DFC", "DSI",
                                                "DIA")],
    *[(None, _R.CALL_CENTRE, "CRC") for _ in range(5)],
]


def _pairs(text: str) -> list[tuple[str, str]]:
    """'Mohammed:محمد, Ahmed:أحمد' as [(French spelling, Arabic spelling), ...]."""
    return [tuple(item.strip().split(":")) for item in text.split(",")]  # type: ignore[misc]  # "a:b" pairs


MALE_NAMES = _pairs(
    "Mohammed:محمد, Ahmed:أحمد, Youssef:يوسف, Hassan:حسن, Omar:عمر, Rachid:رشيد, "
    "Abdellah:عبد الله, Karim:كريم, Said:سعيد, Mustapha:مصطفى, Hamza:حمزة, Mehdi:المهدي, "
    "Adil:عادل, Khalid:خالد, Driss:إدريس, Brahim:إبراهيم, Hicham:هشام, Nabil:نبيل, "
    "Amine:أمين, Ayoub:أيوب, Abdelaziz:عبد العزيز, Jamal:جمال, Noureddine:نور الدين, "
    "Aziz:عزيز, Samir:سمير, Tarik:طارق, Yassine:ياسين, Othmane:عثمان, Ilyas:إلياس, Anas:أنس, "
    "Zakaria:زكرياء, Mourad:مراد, Abderrahim:عبد الرحيم, Lahcen:لحسن, Bouchaib:بوشعيب, "
    "Redouane:رضوان, Soufiane:سفيان, Badr:بدر, Ismail:إسماعيل, Abdelkader:عبد القادر")
FEMALE_NAMES = _pairs(
    "Fatima:فاطمة, Khadija:خديجة, Aicha:عائشة, Naima:نعيمة, Amina:أمينة, Meryem:مريم, "
    "Zineb:زينب, Salma:سلمى, Hanane:حنان, Nadia:نادية, Latifa:لطيفة, Samira:سميرة, "
    "Karima:كريمة, Souad:سعاد, Houda:هدى, Imane:إيمان, Sanaa:سناء, Rachida:رشيدة, "
    "Malika:مليكة, Fatima Zahra:فاطمة الزهراء, Hajar:هاجر, Loubna:لبنى, Asmae:أسماء, "
    "Siham:سهام, Widad:وداد, Nawal:نوال, Ghizlane:غزلان, Oumaima:أميمة, Kawtar:كوثر, "
    "Yasmine:ياسمين, Hind:هند, Btissam:ابتسام, Zahra:زهرة, Saida:سعيدة, Najat:نجاة, Mina:مينة")
LAST_NAMES = _pairs(
    "Alaoui:العلوي, El Idrissi:الإدريسي, Benali:بنعلي, Bennani:بناني, Tazi:التازي, "
    "Berrada:برادة, El Amrani:العمراني, Chraibi:الشرايبي, Benjelloun:بنجلون, "
    "Fassi Fihri:الفاسي الفهري, Ouazzani:الوزاني, Lahlou:لحلو, Sebti:السبتي, Kettani:الكتاني, "
    "Bouzidi:البوزيدي, El Mansouri:المنصوري, Ait Taleb:آيت الطالب, Ait Ouahmane:آيت واحمان, "
    "Bakkali:البقالي, Belhaj:بلحاج, Boukhari:البخاري, Chafik:شفيق, Daoudi:الداودي, "
    "El Ouardi:الوردي, Essaidi:السعيدي, Filali:الفيلالي, Guessous:جسوس, Jabri:الجابري, "
    "Kabbaj:القباج, Lamrani:لمراني, Mernissi:المرنيسي, Naciri:الناصري, Saadi:السعدي, "
    "Tahiri:الطاهري, Zerouali:الزروالي, El Khatib:الخطيب, Benkirane:بنكيران, Zniber:زنيبر, "
    "Skalli:السقلي, Haddad:الحداد, Najjar:النجار, Moussaoui:الموساوي, Rifi:الريفي, "
    "Soussi:السوسي, Sahraoui:الصحراوي, Doukkali:الدكالي, Hamdaoui:الحمداوي, "
    "Benchekroun:بنشقرون, Lazrak:الأزرق, Belkadi:بلقاضي, Ziani:الزياني, Ouahbi:وهبي, "
    "Amzil:أمزيل, Oubaha:أوباها, Akhannouch:أخنوش, Bensouda:بنسودة, Cherkaoui:الشرقاوي")
BRANDS = (
    "Atlas", "Maghreb", "Al Amal", "Anfa", "Sahara", "Tafilalt", "Rif", "Souss",
    "Al Baraka", "Noor", "Zitoun", "Argana", "Bouregreg", "Oasis", "Médina", "Al Fath",
    "Ennasr", "Ibn Battouta", "Al Wifaq", "Assafa", "Chourouk", "Al Majd", "Tingis",
    "Volubilis", "Mogador", "Toubkal", "Ifrane", "Sebou", "Oum Errabia", "Dakhla",
)
ACTIVITIES = (
    "Textile", "Transport", "BTP", "Agro", "Distribution", "Conserverie",
    "Boulangerie", "Négoce", "Services", "Gardiennage", "Nettoyage", "Informatique",
    "Immobilier", "Logistique", "Import-Export", "Travaux", "Pêche", "Imprimerie",
    "Menuiserie", "Froid", "Clinique", "Hôtel", "Restauration", "Voyages",
    "Électricité", "Métallerie", "Confection", "Plasturgie", "Céramique", "Emballage",
)
# Mobile prefixes that have long been mobile ranges in Morocco (06x and 07x).
MOBILE_PREFIXES = ("61", "62", "66", "67", "70", "71", "76", "77")
MAIL_DOMAINS = ("gmail.com", "yahoo.fr", "hotmail.com", "outlook.fr", "menara.ma")


REGIONS = [RegionSpec(*row[:6], [AgencySpec(*agency) for agency in row[6]])
           for row in _REGION_ROWS]
DIRECTIONS = [DirectionSpec(*row) for row in _DIRECTION_ROWS]
CATEGORIES = [CategorySpec(*row) for row in _CATEGORY_ROWS]
STAFF = [StaffSpec(*row) for row in _STAFF_ROWS]
