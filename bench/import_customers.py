#!/usr/bin/env python3
"""Benchmark of the customer import on a generated file of 100,000 lines.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/import_customers.py [--rows 100000] [--keep-csv PATH]

Creates a scratch database `bench_import` on the PostgreSQL server of DATABASE_URL (the
database named there is never touched), migrates it, imports a deterministic file (fixed
seed: Moroccan names in French and Arabic, 1,000 employers, employment periods, a few bad
lines) twice, checks that the second run changed nothing, prints the rows per second of
both runs, and drops the scratch database.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
import unicodedata
from datetime import date, timedelta
from pathlib import Path

from scratch import scratch_database

# Project code is imported inside the functions: Django is set up, on the scratch
# database, by scratch_database() once the script has started.
SCRATCH = "bench_import"
SEED = 20240501

MALE = [
    ("Mohamed", "محمد"), ("Ahmed", "أحمد"), ("Youssef", "يوسف"), ("Omar", "عمر"),
    ("Hamza", "حمزة"), ("Karim", "كريم"), ("Rachid", "رشيد"), ("Said", "سعيد"),
    ("Mustapha", "مصطفى"), ("Abdelaziz", "عبد العزيز"), ("Abdellah", "عبد الله"),
    ("Hassan", "حسن"), ("Hicham", "هشام"), ("Khalid", "خالد"), ("Mehdi", "المهدي"),
    ("Nabil", "نبيل"), ("Driss", "إدريس"), ("Brahim", "إبراهيم"), ("Jamal", "جمال"),
    ("Tarik", "طارق"), ("Adil", "عادل"), ("Amine", "أمين"), ("Anas", "أنس"),
    ("Ayoub", "أيوب"), ("Badr", "بدر"), ("Bilal", "بلال"), ("Ismail", "إسماعيل"),
    ("Reda", "رضا"), ("Soufiane", "سفيان"), ("Zakaria", "زكرياء"),
    ("Abderrahim", "عبد الرحيم"), ("Lahcen", "لحسن"), ("Mbarek", "مبارك"),
    ("Noureddine", "نور الدين"), ("Othmane", "عثمان"), ("Yassine", "ياسين"),
    ("Walid", "وليد"), ("Aziz", "عزيز"), ("Larbi", "العربي"), ("Hamid", "حميد"),
]
FEMALE = [
    ("Fatima", "فاطمة"), ("Khadija", "خديجة"), ("Aïcha", "عائشة"), ("Zineb", "زينب"),
    ("Meryem", "مريم"), ("Salma", "سلمى"), ("Nadia", "نادية"), ("Naïma", "نعيمة"),
    ("Latifa", "لطيفة"), ("Hanane", "حنان"), ("Imane", "إيمان"), ("Sanaa", "سناء"),
    ("Soukaina", "سكينة"), ("Hajar", "هاجر"), ("Houda", "هدى"), ("Samira", "سميرة"),
    ("Rajae", "رجاء"), ("Asmae", "أسماء"), ("Ghizlane", "غزلان"), ("Hind", "هند"),
    ("Karima", "كريمة"), ("Loubna", "لبنى"), ("Malika", "مليكة"), ("Nawal", "نوال"),
    ("Ouafae", "وفاء"), ("Siham", "سهام"), ("Wiam", "وئام"), ("Yasmine", "ياسمين"),
    ("Btissam", "ابتسام"), ("Chaïmae", "شيماء"), ("Fatima Zahra", "فاطمة الزهراء"),
    ("Kaoutar", "كوثر"), ("Laïla", "ليلى"), ("Mouna", "منى"), ("Rachida", "رشيدة"),
    ("Saïda", "سعيدة"), ("Touria", "ثريا"), ("Zahra", "زهرة"), ("Amal", "أمل"),
    ("Hayat", "حياة"),
]
LAST = [
    ("Alaoui", "العلوي"), ("Benali", "بنعلي"), ("Bennani", "بناني"), ("Berrada", "برادة"),
    ("Chraïbi", "الشرايبي"), ("El Amrani", "العمراني"), ("El Idrissi", "الإدريسي"),
    ("El Fassi", "الفاسي"), ("Tazi", "التازي"), ("Lahlou", "لحلو"), ("Kettani", "الكتاني"),
    ("Sqalli", "الصقلي"), ("Ouazzani", "الوزاني"), ("Benjelloun", "بنجلون"),
    ("Bouzidi", "البوزيدي"), ("Aït Ali", "آيت علي"), ("Belhaj", "بلحاج"),
    ("Benkirane", "بنكيران"), ("Benmoussa", "بنموسى"), ("Boukhari", "البخاري"),
    ("Cherkaoui", "الشرقاوي"), ("Daoudi", "الداودي"), ("El Khattabi", "الخطابي"),
    ("El Mansouri", "المنصوري"), ("Filali", "الفيلالي"), ("Guessous", "جسوس"),
    ("Hajji", "الحجي"), ("Jaïdi", "الجعيدي"), ("Kabbaj", "القباج"), ("Lamrani", "اللمراني"),
    ("Naciri", "الناصري"), ("Ouali", "الوالي"), ("Rifi", "الريفي"), ("Saadi", "السعدي"),
    ("Sebti", "السبتي"), ("Slaoui", "السلاوي"), ("Tahiri", "الطاهري"), ("Zerouali", "الزروالي"),
    ("Ziani", "الزياني"), ("Bakkali", "البقالي"), ("Haddad", "الحداد"), ("Hilali", "الهلالي"),
    ("Jebli", "الجبلي"), ("Karimi", "الكريمي"), ("Lazrak", "لزرق"), ("Mernissi", "المرنيسي"),
    ("Yacoubi", "اليعقوبي"), ("Zemmouri", "الزموري"), ("Aït Ben Haddou", "آيت بن حدو"),
    ("Ouahbi", "وهبي"), ("El Ouafi", "الوافي"), ("Boussaïd", "بوسعيد"),
]
COMPANY_CORES = [
    ("Atlas", "الأطلس"), ("Al Amal", "الأمل"), ("Sahara", "الصحراء"), ("Rif", "الريف"),
    ("Souss", "سوس"), ("Tafilalet", "تافيلالت"), ("Oasis", "الواحة"), ("Médina", "المدينة"),
    ("Argana", "أركانة"), ("Anfa", "أنفا"), ("Bouregreg", "أبي رقراق"),
    ("Oum Errabia", "أم الربيع"), ("Andalous", "الأندلس"), ("Noor", "نور"),
    ("Majorelle", "ماجوريل"), ("Chaouia", "الشاوية"), ("Tensift", "تانسيفت"),
    ("Moulouya", "ملوية"), ("Zagora", "زاكورة"), ("Ifrane", "إفران"),
]
ACTIVITIES = [
    ("Textile", "للنسيج"), ("Transport", "للنقل"), ("BTP", "للبناء"), ("Agro", "للفلاحة"),
    ("Services", "للخدمات"), ("Distribution", "للتوزيع"), ("Conserverie", "للتصبير"),
    ("Logistique", "للوجستيك"), ("Immobilier", "للعقار"), ("Informatique", "للإعلاميات"),
    ("Pêche", "للصيد"), ("Hôtellerie", "للفندقة"), ("Céramique", "للخزف"),
]
LEGAL_FORMS = ["SARL", "SA", "SARL AU", "SNC"]
CIN_PREFIXES = ["A", "AB", "AD", "B", "BE", "BH", "BJ", "BK", "BL", "C", "CB", "CD", "D", "DN",
                "E", "EE", "F", "FA", "G", "GM", "H", "HA", "I", "IA", "J", "JA", "JB", "JC",
                "JE", "K", "KB", "L", "LB", "M", "MC", "N", "P", "PA", "Q", "R", "S", "SH",
                "T", "U", "UA", "V", "W", "WA", "X", "Y", "Z", "ZT"]
MOBILE_PREFIXES = ["60", "61", "62", "63", "64", "65", "66", "67", "69", "70", "71", "76",
                   "77", "78"]
MAIL_DOMAINS = ["gmail.com", "yahoo.fr", "hotmail.com", "menara.ma", "outlook.fr"]
COLUMNS = ["kind", "affiliation_number", "company_name", "immatriculation", "cin",
           "first_name", "last_name", "birth_date", "roles", "mobile", "email",
           "preferred_language", "agency_code", "employer_affiliation_number",
           "employment_start", "employment_end"]
AGENCIES = [f"AG{n:03d}" for n in range(101, 131)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep-csv", type=Path, help="Write the generated file here.")
    args = parser.parse_args()
    with scratch_database(SCRATCH):
        return _run(rows=args.rows, keep=args.keep_csv)


def _run(*, rows: int, keep: Path | None) -> int:
    _create_agencies()

    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        path = keep or Path(folder) / "customers.csv"
        started = time.monotonic()
        generate(path, rows=rows)
        print(f"Generated {rows:,} lines in {time.monotonic() - started:.1f} s: {path}")
        first = _import(path, "first run")
        before = _fingerprint()
        second = _import(path, "re-run")
        unchanged = _fingerprint() == before and not (second.created or second.updated)
    print(f"Re-run changed nothing: {'yes' if unchanged else 'NO'}")
    print(f"RESULT rows={rows} first_run={first.elapsed:.1f}s "
          f"({first.rows_per_second:,.0f} rows/s) re_run={second.elapsed:.1f}s "
          f"({second.rows_per_second:,.0f} rows/s)")
    return 0 if unchanged else 1


def _create_agencies() -> None:
    # Django is set up on the scratch database once the script runs.
    from contactcenter.org.models import Agency, Region

    region = Region.objects.create(code="DR-BENCH", name_fr="Grand Casablanca",
                                   name_ar="الدار البيضاء الكبرى")
    Agency.objects.bulk_create(
        Agency(code=code, name_fr=f"Agence {code}", name_ar=f"وكالة {code}", region=region)
        for code in AGENCIES)


def _import(path: Path, label: str):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    # Django is set up on the scratch database once the script runs.
    from contactcenter.customers import customer_import

    with tqdm(total=customer_import.count_lines(path), unit=" rows", file=sys.stderr,
              mininterval=1, desc=label) as bar:
        result = customer_import.import_customers(path=path, on_progress=bar.update)
    print(f"{label}: {result.read:,} read, {result.created:,} created, {result.updated:,} "
          f"updated, {result.unchanged:,} unchanged, {result.rejected:,} rejected in "
          f"{result.elapsed:.1f} s = {result.rows_per_second:,.0f} rows/s")
    return result


def _fingerprint() -> list[tuple[object, ...]]:
    """Row count and a digest of every value (updated_at included) of each written table."""
    from django.db import connection

    with connection.cursor() as cursor:
        found = []
        for table in ("customers_customer", "customers_contactpoint", "customers_employment"):
            cursor.execute(f"SELECT count(*), md5(string_agg(t::text, '|' ORDER BY t.id)) "
                           f"FROM {table} AS t")
            found.append((table, *cursor.fetchone()))
    return found


# --- The generated file ---------------------------------------------------------------------

def generate(path: Path, *, rows: int, employers: int = 1000) -> None:
    """A deterministic file: the employers first, then persons, some on two lines (two
    employment periods), about 0.2 % of lines with a bad value."""
    rng = random.Random(SEED)
    affiliations = rng.sample(range(1_000_000, 10_000_000), employers)
    persons = rows - employers
    numbers = iter(rng.sample(range(100_000_000, 1_000_000_000), persons))
    cins: set[str] = set()
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        for affiliation in affiliations:
            employer = _employer(rng, affiliation)
            writer.writerow([employer.get(name, "") for name in COLUMNS])
        previous: list[dict[str, str]] = []
        for _line in range(persons):
            if previous and rng.random() < 0.05:
                line = _second_job(rng, rng.choice(previous), affiliations)
            else:
                line = _person(rng, next(numbers), _cin(rng, cins), affiliations)
                previous.append(line)
                if len(previous) > 500:
                    previous.pop(0)
            if rng.random() < 0.002:
                _spoil(rng, line)
            writer.writerow([line.get(name, "") for name in COLUMNS])


def _employer(rng: random.Random, affiliation: int) -> dict[str, str]:
    core, activity = rng.choice(COMPANY_CORES), rng.choice(ACTIVITIES)
    arabic = rng.random() < 0.1
    name = (f"شركة {core[1]} {activity[1]}" if arabic
            else f"{core[0]} {activity[0]} {rng.choice(LEGAL_FORMS)}")
    line = {"kind": "employer", "affiliation_number": str(affiliation), "company_name": name,
            "mobile": _mobile(rng), "preferred_language": "ar" if arabic else "fr",
            "agency_code": rng.choice(AGENCIES)}
    if not arabic and rng.random() < 0.5:
        line["email"] = f"rh{affiliation}@{rng.choice(MAIL_DOMAINS)}"
    return line


def _person(rng: random.Random, number: int, cin: str,
            affiliations: list[int]) -> dict[str, str]:
    female = rng.random() < 0.45
    first, last = rng.choice(FEMALE if female else MALE), rng.choice(LAST)
    arabic = rng.random() < 0.15
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(55 * 365))
    roles = ["pensioner"] if born.year < 1962 and rng.random() < 0.7 else ["insured"]
    if rng.random() < 0.03:
        roles.append(rng.choice(["voluntary", "dependant"]))
    line = {"kind": "person", "immatriculation": str(number), "cin": cin,
            "first_name": first[1] if arabic else first[0],
            "last_name": last[1] if arabic else last[0],
            "birth_date": born.isoformat(), "roles": ";".join(roles),
            "preferred_language": "ar" if arabic or rng.random() < 0.2 else "fr",
            "agency_code": rng.choice(AGENCIES)}
    if rng.random() < 0.85:
        line["mobile"] = _mobile(rng)
    if not arabic and rng.random() < 0.2:
        line["email"] = (f"{_ascii(first[0])}.{_ascii(last[0])}{rng.randint(1, 999)}"
                         f"@{rng.choice(MAIL_DOMAINS)}")
    if rng.random() < 0.9:
        _job(rng, line, affiliations, after=born + timedelta(days=18 * 365))
    return line


def _second_job(rng: random.Random, person: dict[str, str],
                affiliations: list[int]) -> dict[str, str]:
    line = {"kind": "person", "immatriculation": person["immatriculation"]}
    born = date.fromisoformat(person["birth_date"])
    _job(rng, line, affiliations, after=born + timedelta(days=18 * 365))
    return line


def _job(rng: random.Random, line: dict[str, str], affiliations: list[int], *,
         after: date) -> None:
    first = max(after, date(1990, 1, 1))
    start = first + timedelta(days=rng.randrange(max((date(2024, 1, 1) - first).days, 1)))
    line["employer_affiliation_number"] = str(rng.choice(affiliations))
    line["employment_start"] = start.isoformat()
    if rng.random() < 0.3:
        line["employment_end"] = (start + timedelta(days=rng.randrange(30, 3650))).isoformat()


def _cin(rng: random.Random, taken: set[str]) -> str:
    while True:
        prefix = rng.choice(CIN_PREFIXES)
        cin = f"{prefix}{rng.randrange(10 ** (5 if len(prefix) == 1 else 4), 10 ** 6)}"
        if cin not in taken:
            taken.add(cin)
            return cin


def _ascii(name: str) -> str:
    bare = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return bare.lower().replace(" ", "")


def _mobile(rng: random.Random) -> str:
    national = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10 ** 7):07d}"
    style = rng.random()
    if style < 0.5:
        return f"0{national}"
    if style < 0.8:
        return f"+212{national}"
    if style < 0.9:
        return f"0{national[0]} " + " ".join(national[i:i + 2] for i in range(1, 9, 2))
    return f"00212{national}"


def _spoil(rng: random.Random, line: dict[str, str]) -> None:
    """Give a line one of the mistakes real files have."""
    mistake = rng.randrange(4)
    if mistake == 0:
        line["mobile"] = "06123"
    elif mistake == 1:
        line["agency_code"] = "AG999"
    elif mistake == 2:
        line["birth_date"] = "31/12/1980"
    else:
        line["employer_affiliation_number"] = "1"
        line["employment_start"] = "2020-01-01"


if __name__ == "__main__":
    sys.exit(main())
