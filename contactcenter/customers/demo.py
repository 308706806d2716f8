"""The demo customers: employers, insured persons and pensioners, their dependants,
employment periods and contact points, spread over the demo organisation's agencies
(contactcenter.org.demo; the names and regions are in contactcenter.org.demo_data).

Every value derives from SEED and REFERENCE_DATE (never from today), and each customer from
its own index, so a smaller set is the beginning of the full one. Rows are upserted by their
natural keys (identifiers; dependants by CIN or household): building again changes nothing.
Customers are written in bulk rather than one by one through customers.services, for speed;
the tests check that the values pass the same validation.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from contactcenter.bulk import upsert
from contactcenter.customers.models import (
    ContactPoint,
    Customer,
    DependantLink,
    Employment,
    Language,
)
from contactcenter.customers.transliteration import name_keys
from contactcenter.org.demo import SEED, ascii_letters
from contactcenter.org.demo_data import (
    ACTIVITIES,
    BRANDS,
    FEMALE_NAMES,
    LAST_NAMES,
    MAIL_DOMAINS,
    MALE_NAMES,
    MOBILE_PREFIXES,
    REGIONS,
    RegionSpec,
)
from contactcenter.org.models import Agency

REFERENCE_DATE = date(2026, 1, 1)  # ages and careers are counted to this day
DEFAULT_PERSONS = 10_000
DEFAULT_EMPLOYERS = 1_000
MAX_PERSONS = 100_000  # CINs take six digits, shared by insured persons and dependants
MAX_EMPLOYERS = 100_000  # landlines take five digits after the area code
_BATCH = 2_000
_YEAR = 365


@dataclass
class _Dependant:
    insured: Customer
    relationship: str
    customer: Customer


@dataclass
class Population:
    """Unsaved rows planned for the customer record, in a fixed order."""

    employers: list[Customer] = field(default_factory=list)
    persons: list[Customer] = field(default_factory=list)
    dependants: list[_Dependant] = field(default_factory=list)
    contacts: list[ContactPoint] = field(default_factory=list)
    employments: list[Employment] = field(default_factory=list)

    def contact(self, customer: Customer, kind: str, value: str, *, primary: bool) -> None:
        self.contacts.append(ContactPoint(customer=customer, kind=kind, value=value,
                                          is_primary=primary))


def check_sizes(*, persons: int, employers: int) -> None:
    """Raise ValueError when a size is out of range (identifiers and phone numbers would
    then repeat), or when there are persons but no employer to work for."""
    if not 0 <= persons <= MAX_PERSONS:
        raise ValueError(f"The number of persons must be between 0 and {MAX_PERSONS}.")
    if not 0 <= employers <= MAX_EMPLOYERS or (persons and not employers):
        raise ValueError(f"The number of employers must be between 1 and {MAX_EMPLOYERS}.")


def seed_customers(agencies: dict[str, Agency], *, persons: int = DEFAULT_PERSONS,
                   employers: int = DEFAULT_EMPLOYERS) -> Population:
    """Plan the first `persons` insured persons and pensioners (with their households) and
    `employers` employers, at the given agencies (by code, all of the demo's), and upsert
    them. Returns the saved population. Raises ValueError when a size is out of range."""
    check_sizes(persons=persons, employers=employers)
    population = plan_population(agencies, persons=persons, employers=employers)
    save_population(population)
    return population


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

def plan_population(agencies: dict[str, Agency], *, persons: int,
                    employers: int) -> Population:
    """The unsaved rows of the first `employers` employers and `persons` persons (each
    drawn from its own index), at the given agencies (by code)."""
    population = Population()
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
                   taken: set[str], population: Population) -> Customer:
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
        domain = "-".join(filter(None, (ascii_letters(word) for word in name.split())))
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
                 population: Population, employers: list[Customer]) -> None:
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
        address = (f"{ascii_letters(first)}.{ascii_letters(last)}{rng.randint(1, 99)}"
                   f"@{rng.choice(MAIL_DOMAINS)}")
        population.contact(person, ContactPoint.Kind.EMAIL, address, primary=mobile is None)
    _plan_career(rng, person, roles, population, employers)
    _plan_household(rng, index, person, female=female, arabic=arabic_script, region=region,
                    family=family, mobile=mobile, population=population)


def _plan_career(rng: random.Random, person: Customer, roles: Sequence[str],
                 population: Population, employers: list[Customer]) -> None:
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
                    mobile: str | None, population: Population) -> None:
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


def _add_dependant(population: Population, insured: Customer, relationship: str,
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
                    "cin", "preferred_language", "agency", "to_identify", "name_search",
                    "name_keys"]


def save_population(population: Population) -> None:
    """Upsert the planned rows by their natural keys; sets their primary keys."""
    for customer in (*population.employers, *population.persons,
                     *(dependant.customer for dependant in population.dependants)):
        customer.name_search = customer.compute_name_search()
        customer.name_keys = name_keys(customer.display_name)
    upsert(Customer, population.employers, unique=["affiliation_number"],
           update=_CUSTOMER_FIELDS)
    upsert(Customer, population.persons, unique=["immatriculation"], update=_CUSTOMER_FIELDS)
    _save_dependants(population.dependants)
    upsert(Employment, population.employments, unique=["person", "employer", "start_date"],
           update=["end_date"])
    upsert(DependantLink, [DependantLink(insured=d.insured, dependant=d.customer,
                                         relationship=d.relationship)
                           for d in population.dependants],
           unique=["insured", "dependant"], update=["relationship"])
    upsert(ContactPoint, population.contacts, unique=["customer", "kind", "value"],
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
    attnames = {field.name: field.attname for field in Customer._meta.concrete_fields}
    columns = [attnames[name] for name in _CUSTOMER_FIELDS]
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
