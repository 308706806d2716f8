"""A deterministic demo data set: the fund's organisation, its staff, its customers and the
complaint categories (the tables themselves are in demo_data).

Every value derives from SEED and REFERENCE_DATE (never from today), and each customer from
its own index, so a smaller set is the beginning of the full one. Rows are upserted by their
natural keys (codes, usernames, identifiers): building again changes nothing. Customers are
written in bulk rather than one by one through customers.services, for speed; the tests
check that the values pass the same validation.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from contactcenter.customers.models import (
    ContactPoint,
    Customer,
    DependantLink,
    Employment,
    Language,
)
from contactcenter.org.demo_data import (
    ACTIVITIES,
    BRANDS,
    CATEGORIES,
    DIRECTIONS,
    FEMALE_NAMES,
    LAST_NAMES,
    MAIL_DOMAINS,
    MALE_NAMES,
    MOBILE_PREFIXES,
    REGIONS,
    STAFF,
    RegionSpec,
)
from contactcenter.org.models import Agency, Agent, Direction, Queue, Region
from tickets.models import Category

SEED = 2026
REFERENCE_DATE = date(2026, 1, 1)  # ages and careers are counted to this day
DEMO_PASSWORD = "demo-cnss"
# A fixed salt keeps the demo accounts' stored hash the same from one build to the next.
_PASSWORD_SALT = "cnssdemo2026"
DEMO_LOGINS: list[tuple[str, str]] = [
    ("Front-office agent", "guichet"),
    ("Back-office handler", "backoffice"),
    ("Call-centre agent", "callcentre"),
    ("Supervisor", "superviseur"),
    ("Regional manager", "regional"),
    ("Administrator", "admin"),
    ("Auditor (the access log, in the administration)", "auditeur"),
]
DEFAULT_PERSONS = 10_000
DEFAULT_EMPLOYERS = 1_000
MAX_PERSONS = 100_000  # CINs take six digits, shared by insured persons and dependants
MAX_EMPLOYERS = 100_000  # landlines take five digits after the area code
_BATCH = 2_000
_YEAR = 365


@dataclass(frozen=True)
class DemoSummary:
    regions: int
    agencies: int
    directions: int
    queues: int
    agents: int
    categories: int
    employers: int
    persons: int
    dependants: int
    employments: int
    contact_points: int


@dataclass
class _Dependant:
    insured: Customer
    relationship: str
    customer: Customer


@dataclass
class _Population:
    """Unsaved rows planned for the customer record, in a fixed order."""

    employers: list[Customer] = field(default_factory=list)
    persons: list[Customer] = field(default_factory=list)
    dependants: list[_Dependant] = field(default_factory=list)
    contacts: list[ContactPoint] = field(default_factory=list)
    employments: list[Employment] = field(default_factory=list)

    def contact(self, customer: Customer, kind: str, value: str, *, primary: bool) -> None:
        self.contacts.append(ContactPoint(customer=customer, kind=kind, value=value,
                                          is_primary=primary))


def demo_exists() -> bool:
    """Whether the organisation has been loaded already (the quick start then skips it)."""
    return Region.objects.exists()


@transaction.atomic
def seed_demo(*, persons: int = DEFAULT_PERSONS, employers: int = DEFAULT_EMPLOYERS
              ) -> DemoSummary:
    """Create or update the demo organisation, staff, categories and customers in one
    transaction. Raises ValueError when a size is out of range."""
    if not 0 <= persons <= MAX_PERSONS:
        raise ValueError(f"The number of persons must be between 0 and {MAX_PERSONS}.")
    if not 0 <= employers <= MAX_EMPLOYERS or (persons and not employers):
        raise ValueError(f"The number of employers must be between 1 and {MAX_EMPLOYERS}.")
    regions, agencies, directions, queues = _seed_organisation()
    _seed_categories(queues)
    _seed_staff(regions=regions, agencies=agencies, directions=directions, queues=queues)
    population = _plan_population(agencies, persons=persons, employers=employers)
    _save_population(population)
    return DemoSummary(
        regions=len(regions), agencies=len(agencies), directions=len(directions),
        queues=len(queues), agents=len(STAFF), categories=len(CATEGORIES),
        employers=len(population.employers), persons=len(population.persons),
        dependants=len(population.dependants), employments=len(population.employments),
        contact_points=len(population.contacts),
    )


def _upsert(model: type[models.Model], rows: list[Any], *, unique: list[str],
            update: list[str]) -> None:
    """Insert rows, or update those whose natural key exists; sets every row's pk."""
    model._default_manager.bulk_create(rows, batch_size=_BATCH, update_conflicts=True,
                                       unique_fields=unique, update_fields=update)


# --- Organisation, categories, staff -----------------------------------------------------------

def _seed_organisation() -> tuple[dict[str, Region], dict[str, Agency],
                                  dict[str, Direction], dict[str, Queue]]:
    names = ["name_fr", "name_ar"]
    regions = {spec.code: Region(code=spec.code, name_fr=spec.name_fr, name_ar=spec.name_ar)
               for spec in REGIONS}
    _upsert(Region, list(regions.values()), unique=["code"], update=names)
    agencies = {agency.code: Agency(code=agency.code, name_fr=agency.name_fr,
                                    name_ar=agency.name_ar, city=agency.city,
                                    region=regions[spec.code])
                for spec in REGIONS for agency in spec.agencies}
    _upsert(Agency, list(agencies.values()), unique=["code"],
            update=[*names, "city", "region"])
    directions = {spec.code: Direction(code=spec.code, name_fr=spec.name_fr,
                                       name_ar=spec.name_ar, kind=spec.kind)
                  for spec in DIRECTIONS}
    _upsert(Direction, list(directions.values()), unique=["code"], update=[*names, "kind"])
    # Queues are keyed by their owner's code: an agency's front office, a direction's team.
    queues = {code: Queue(code=f"FO-{code}", name_fr=f"Guichets {agency.name_fr}",
                          name_ar=f"شبابيك {agency.name_ar}", agency=agency)
              for code, agency in agencies.items()}
    queues |= {spec.code: Queue(code=spec.queue_code, name_fr=spec.queue_fr,
                                name_ar=spec.queue_ar, direction=directions[spec.code])
               for spec in DIRECTIONS}
    _upsert(Queue, list(queues.values()), unique=["code"],
            update=[*names, "agency", "direction"])
    return regions, agencies, directions, queues


def _seed_categories(queues: dict[str, Queue]) -> None:
    rows = [Category(code=spec.code, audience=spec.audience, label_fr=spec.label_fr,
                     label_ar=spec.label_ar, is_active=True,
                     default_queue=queues[spec.direction] if spec.direction else None)
            for spec in CATEGORIES]
    _upsert(Category, rows, unique=["code"],
            update=["audience", "label_fr", "label_ar", "default_queue", "is_active"])


def _seed_staff(*, regions: dict[str, Region], agencies: dict[str, Agency],
                directions: dict[str, Direction], queues: dict[str, Queue]) -> None:
    """Upsert the staff's user accounts, agent profiles and queue memberships."""
    user_model = get_user_model()
    password = make_password(DEMO_PASSWORD, salt=_PASSWORD_SALT)
    rng = random.Random(f"{SEED}:staff")
    names: set[tuple[str, str]] = set()
    usernames = {login for _label, login in DEMO_LOGINS}
    for spec in STAFF:
        first, last = _staff_name(rng, names)
        username = spec.username or _free_username(f"{_ascii(first)[0]}.{_ascii(last)}",
                                                   usernames)
        is_admin = spec.role == Agent.Role.ADMINISTRATOR
        # The auditor signs into the administration, where only the access log is theirs.
        is_staff = is_admin or spec.role == Agent.Role.AUDITOR
        user, _created = user_model.objects.update_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "is_active": True,
                      "email": f"{username}@demo.cnss.ma", "is_staff": is_staff,
                      "is_superuser": is_admin, "password": password})
        place = spec.place or ""
        agent, _created = Agent.objects.update_or_create(user=user, defaults={
            "role": spec.role, "agency": agencies.get(place),
            "direction": directions.get(place), "region": regions.get(place),
            "is_available": True})
        team = queues.get(place) if place in agencies or place in directions else None
        agent.queues.set([team] if team else [])


def _staff_name(rng: random.Random, taken: set[tuple[str, str]]) -> tuple[str, str]:
    while True:
        first = rng.choice(rng.choice([MALE_NAMES, FEMALE_NAMES]))[0]
        last = rng.choice(LAST_NAMES)[0]
        if (first, last) not in taken:
            taken.add((first, last))
            return first, last


def _free_username(base: str, taken: set[str]) -> str:
    username, number = base, 1
    while username in taken:
        number += 1
        username = f"{base}{number}"
    taken.add(username)
    return username


def _ascii(text: str) -> str:
    """The lower-case ASCII letters and digits of a Latin name (usernames, e-mails)."""
    bare = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in bare.lower() if ch.isalnum())


# --- Identifiers and phone numbers: one-to-one in an index, so never shared by chance --------

def _permute(index: int, modulus: int, multiplier: int) -> int:
    """A scrambled but one-to-one number below modulus (multiplier is coprime to it)."""
    return (index * multiplier + 12_345) % modulus


def _mobile(slot: int) -> str:
    value = _permute(slot, len(MOBILE_PREFIXES) * 10_000_000, 49_442_719)
    return f"+212{MOBILE_PREFIXES[value // 10_000_000]}{value % 10_000_000:07d}"


def _cin(slot: int, region: RegionSpec) -> str:
    prefix = region.cin_prefixes[slot % len(region.cin_prefixes)]
    return f"{prefix}{_permute(slot, 1_000_000, 618_041):06d}"


# CIN and mobile slots: insured persons use their index, the others disjoint ranges above
# it (four children at most). Uneven offsets keep a spouse's digits unlike the insured's.
_PARENT_SLOT, _SPOUSE_SLOT, _CHILD_SLOT = 213_731, 347_911, 561_277
_SPOUSE_MOBILE, _CHILD_MOBILE, _EMPLOYER_MOBILE = 1_234_567, 2_345_671, 5_432_101


# --- Customers ---------------------------------------------------------------------------------

def _plan_population(agencies: dict[str, Agency], *, persons: int,
                     employers: int) -> _Population:
    population = _Population()
    weights = [spec.weight for spec in REGIONS]
    employers_in: dict[str, list[Customer]] = {spec.code: [] for spec in REGIONS}
    company_names: set[str] = set()
    for index in range(employers):
        rng = random.Random(f"{SEED}:employer:{index}")
        region = rng.choices(REGIONS, weights)[0]
        agency = agencies[rng.choice(region.agencies).code]
        employer = _plan_employer(rng, index, agency, region, company_names, population)
        employers_in[region.code].append(employer)
    for index in range(persons):
        rng = random.Random(f"{SEED}:person:{index}")
        region = rng.choices(REGIONS, weights)[0]
        agency = agencies[rng.choice(region.agencies).code]
        _plan_person(rng, index, agency, region, population,
                     employers_in[region.code] or population.employers)
    return population


def _plan_employer(rng: random.Random, index: int, agency: Agency, region: RegionSpec,
                   taken: set[str], population: _Population) -> Customer:
    if rng.random() < 0.2:
        family = rng.choice(LAST_NAMES)[0]
        base = f"Établissements {family}" + rng.choice(["", " et Fils", " Frères"])
    else:
        base = f"{rng.choice(BRANDS)} {rng.choice(ACTIVITIES)}"
    name, number = base, 1
    while name in taken:
        name = f"{base} {agency.city}" + (f" {number}" if number > 1 else "")
        number += 1
    taken.add(name)
    legal_form = rng.choices(["SARL", "SARL AU", "SA", "SNC", ""], [60, 15, 10, 5, 10])[0]
    employer = Customer(
        kind=Customer.Kind.EMPLOYER, roles=[], company_name=f"{name} {legal_form}".strip(),
        affiliation_number=f"{1_000_000 + _permute(index, 9_000_000, 5_562_139)}", agency=agency,
        preferred_language=Language.ARABIC if rng.random() < 0.1 else Language.FRENCH)
    population.employers.append(employer)
    landline = f"+212{region.area_code}3{_permute(index, 100_000, 61_803):05d}"
    population.contact(employer, ContactPoint.Kind.LANDLINE, landline, primary=True)
    if rng.random() < 0.7:
        domain = "-".join(filter(None, (_ascii(word) for word in name.split())))
        population.contact(employer, ContactPoint.Kind.EMAIL, f"contact@{domain}.ma",
                           primary=False)
    if rng.random() < 0.3:
        population.contact(employer, ContactPoint.Kind.MOBILE,
                           _mobile(_EMPLOYER_MOBILE + index), primary=False)
    return employer


def _name(rng: random.Random, *, female: bool, arabic: bool,
          family: tuple[str, str] | None = None) -> tuple[str, str, tuple[str, str]]:
    """First and last name in Latin or Arabic script, and the (Latin, Arabic) family name."""
    first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
    family = family or rng.choice(LAST_NAMES)
    script = 1 if arabic else 0
    return first[script], family[script], family


def _plan_person(rng: random.Random, index: int, agency: Agency, region: RegionSpec,
                 population: _Population, employers: list[Customer]) -> None:
    draw = rng.random()
    if draw < 0.15:
        roles, ages = [Customer.Role.PENSIONER], (60, 88)
    elif draw < 0.19:
        roles, ages = [Customer.Role.INSURED, Customer.Role.VOLUNTARY], (35, 64)
    else:
        roles, ages = [Customer.Role.INSURED], (20, 62)
    female = rng.random() < 0.42
    arabic = rng.random() < (0.5 if Customer.Role.PENSIONER in roles else 0.25)
    arabic_script = arabic and rng.random() < 0.35  # recorded as written on the CIN's back
    first, last, family = _name(rng, female=female, arabic=arabic_script)
    birth = REFERENCE_DATE - timedelta(days=rng.randint(ages[0] * _YEAR + 1,
                                                        (ages[1] + 1) * _YEAR))
    person = Customer(
        kind=Customer.Kind.PERSON, roles=roles, first_name=first, last_name=last,
        birth_date=birth, cin=_cin(index, region), agency=agency,
        immatriculation=f"{100_000_000 + _permute(index, 900_000_000, 556_211_713)}",
        preferred_language=Language.ARABIC if arabic else Language.FRENCH)
    population.persons.append(person)
    mobile = _mobile(index) if rng.random() < 0.93 else None
    if mobile:
        population.contact(person, ContactPoint.Kind.MOBILE, mobile, primary=True)
    if not arabic_script and rng.random() < 0.18:
        address = (f"{_ascii(first)}.{_ascii(last)}{rng.randint(1, 99)}"
                   f"@{rng.choice(MAIL_DOMAINS)}")
        population.contact(person, ContactPoint.Kind.EMAIL, address, primary=mobile is None)
    _plan_career(rng, person, roles, population, employers)
    _plan_household(rng, index, person, female=female, arabic=arabic_script, region=region,
                    family=family, mobile=mobile, population=population)


def _plan_career(rng: random.Random, person: Customer, roles: list[Customer.Role],
                 population: _Population, employers: list[Customer]) -> None:
    """Employment periods from the first job on: the last one still open for an active
    insured person, all closed for pensioners and voluntary contributors."""
    assert person.birth_date is not None
    active = roles == [Customer.Role.INSURED]
    if Customer.Role.PENSIONER in roles:
        career_end = person.birth_date + timedelta(days=rng.choice([55, 60, 60, 60]) * _YEAR)
    elif active:
        career_end = REFERENCE_DATE
    else:
        career_end = REFERENCE_DATE - timedelta(days=rng.randint(200, 2000))
    start = person.birth_date + timedelta(days=rng.randint(18 * _YEAR, 27 * _YEAR))
    periods = rng.choice([1, 1, 2, 2, 3, 4])
    for number in range(periods):
        if start >= career_end - timedelta(days=90):
            break
        end: date | None
        if number < periods - 1:
            end = min(career_end, start + timedelta(days=rng.randint(180, 4000)))
        else:
            end = None if active else career_end
        employer = rng.choice(population.employers if rng.random() < 0.2 else employers)
        population.employments.append(
            Employment(person=person, employer=employer, start_date=start, end_date=end))
        if end is None or end >= career_end:
            break
        start = end + timedelta(days=rng.randint(1, 240))


def _plan_household(rng: random.Random, index: int, person: Customer, *, female: bool,
                    arabic: bool, region: RegionSpec, family: tuple[str, str],
                    mobile: str | None, population: _Population) -> None:
    """A spouse, the children still covered (under 26) and, now and then, a parent."""
    assert person.birth_date is not None
    age_days = (REFERENCE_DATE - person.birth_date).days
    children_family = family
    if age_days > 24 * _YEAR and rng.random() < 0.6:
        first, last, spouse_family = _name(rng, female=not female, arabic=arabic)
        gap = timedelta(days=rng.randint(-2 * _YEAR, 8 * _YEAR))  # wives are often younger
        birth = min(person.birth_date + (-gap if female else gap),
                    REFERENCE_DATE - timedelta(days=19 * _YEAR))
        if female:
            children_family = spouse_family
        # A few households give one number for both spouses.
        shared = mobile is not None and rng.random() < 0.015
        own = _mobile(_SPOUSE_MOBILE + index) if rng.random() < 0.45 else None
        _add_dependant(population, person, DependantLink.Relationship.SPOUSE, first, last,
                       birth, cin=_cin(_SPOUSE_SLOT + index, region),
                       mobile=mobile if shared else own)
        has_children = True
    else:
        has_children = rng.random() < 0.15
    seen: set[tuple[str, date]] = set()
    for child in range(rng.choice([0, 1, 1, 2, 2, 3, 4]) if has_children else 0):
        birth = person.birth_date + timedelta(days=rng.randint(21 * _YEAR, 44 * _YEAR))
        first, last, _family = _name(rng, female=rng.random() < 0.5, arabic=arabic,
                                     family=children_family)
        child_age = (REFERENCE_DATE - birth).days
        if not 30 <= child_age < 26 * _YEAR or (first, birth) in seen:
            continue
        seen.add((first, birth))
        adult = child_age >= 18 * _YEAR
        slot = _CHILD_SLOT + index * 4 + child
        _add_dependant(population, person, DependantLink.Relationship.CHILD, first, last,
                       birth, cin=_cin(slot, region) if adult else None,
                       mobile=_mobile(_CHILD_MOBILE + slot)
                       if adult and rng.random() < 0.5 else None)
    if age_days < 50 * _YEAR and rng.random() < 0.02:
        first, last, _family = _name(rng, female=rng.random() < 0.5, arabic=arabic,
                                     family=family)
        birth = person.birth_date - timedelta(days=rng.randint(20 * _YEAR, 35 * _YEAR))
        _add_dependant(population, person, DependantLink.Relationship.PARENT, first, last,
                       birth, cin=_cin(_PARENT_SLOT + index, region), mobile=None)


def _add_dependant(population: _Population, insured: Customer, relationship: str,
                   first: str, last: str, birth: date, *, cin: str | None,
                   mobile: str | None) -> None:
    customer = Customer(
        kind=Customer.Kind.PERSON, roles=[Customer.Role.DEPENDANT], first_name=first,
        last_name=last, birth_date=birth, cin=cin, agency=insured.agency,
        preferred_language=insured.preferred_language)
    population.dependants.append(_Dependant(insured, relationship, customer))
    if mobile:
        population.contact(customer, ContactPoint.Kind.MOBILE, mobile, primary=True)


_CUSTOMER_FIELDS = ["kind", "roles", "first_name", "last_name", "company_name", "birth_date",
                    "cin", "preferred_language", "agency", "to_identify", "name_search"]


def _save_population(population: _Population) -> None:
    for customer in (*population.employers, *population.persons,
                     *(dependant.customer for dependant in population.dependants)):
        customer.name_search = customer.compute_name_search()
    _upsert(Customer, population.employers, unique=["affiliation_number"],
            update=_CUSTOMER_FIELDS)
    _upsert(Customer, population.persons, unique=["immatriculation"], update=_CUSTOMER_FIELDS)
    _save_dependants(population.dependants)
    _upsert(Employment, population.employments, unique=["person", "employer", "start_date"],
            update=["end_date"])
    _upsert(DependantLink, [DependantLink(insured=d.insured, dependant=d.customer,
                                          relationship=d.relationship)
                            for d in population.dependants],
            unique=["insured", "dependant"], update=["relationship"])
    _upsert(ContactPoint, population.contacts, unique=["customer", "kind", "value"],
            update=["is_primary"])


def _save_dependants(dependants: list[_Dependant]) -> None:
    """Children have no identifier of their own: find the dependants already there by CIN,
    else by insured person, relationship, first name and birth date; update those that
    differ and create the others."""
    by_cin = {customer.cin: customer for customer in Customer.objects.filter(
        cin__in=[d.customer.cin for d in dependants if d.customer.cin])}
    by_household = {
        (link.insured_id, link.relationship, link.dependant.first_name,
         link.dependant.birth_date): link.dependant
        for link in DependantLink.objects.filter(
            insured_id__in={d.insured.pk for d in dependants}).select_related("dependant")}
    columns = [Customer._meta.get_field(name).attname  # type: ignore[union-attr]  # fields
               for name in _CUSTOMER_FIELDS]
    new, changed = [], []
    for plan in dependants:
        customer = plan.customer
        existing = (customer.cin and by_cin.get(customer.cin)) or by_household.get(
            (plan.insured.pk, plan.relationship, customer.first_name, customer.birth_date))
        if existing is None:
            new.append(customer)
            continue
        customer.pk = existing.pk
        if any(getattr(existing, column) != getattr(customer, column) for column in columns):
            changed.append(customer)
    Customer.objects.bulk_create(new, batch_size=_BATCH)
    Customer.objects.bulk_update(changed, _CUSTOMER_FIELDS, batch_size=500)
