"""Reads of the customer record (which records an agent may see: tickets.customer_scope)."""

from __future__ import annotations

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import Exists, Manager, OuterRef, Q, QuerySet

from contactcenter import plain_sql
from contactcenter.customers.exceptions import DuplicateCandidate
from contactcenter.customers.identifiers import (
    identifier_fields_matching,
    normalize_identifier,
    parse_phone,
)
from contactcenter.customers.models import (
    ContactPoint,
    Customer,
    CustomerEvent,
    CustomerMerge,
    DependantLink,
    Employment,
    Interaction,
    SmsOptOut,
)
from contactcenter.customers.text import fold
from contactcenter.customers.transliteration import joined_readings, word_keys


def all_customers() -> Manager[Customer]:
    """Every record, merged ones too, as the manager: a serializer field deep-copies it per
    request for less than a QuerySet."""
    return Customer.objects


def active_customers() -> QuerySet[Customer]:
    """The records not merged into another one."""
    return Customer.objects.filter(merged_into__isnull=True)


def dependants_of(customer: Customer) -> QuerySet[Customer]:
    """The active people covered through this insured person (spouse, children, parents)."""
    return active_customers().filter(dependant_of__insured=customer).order_by("first_name",
                                                                              "pk")


def customers_with_phone(e164: str) -> QuerySet[Customer]:
    """Every active record reachable on this number (several people may share one; a
    retired number reaches no one)."""
    return active_customers().filter(
        Exists(ContactPoint.objects.filter(customer=OuterRef("pk"), value=e164,
                                           retired_at__isnull=True))
    ).order_by("pk")


_WITH_PHONE = f"""
    WHERE {Customer._meta.db_table}.merged_into_id IS NULL
      AND {Customer._meta.db_table}.id IN (
        SELECT customer_id FROM {ContactPoint._meta.db_table}
        WHERE value = %s AND retired_at IS NULL)
    ORDER BY {Customer._meta.db_table}.id
"""


def records_with_phone(e164: str) -> list[Customer]:
    """customers_with_phone() read at once, with one prepared statement: for the webhooks,
    where compiling the query would cost more than running it."""
    return plain_sql.instances(Customer, _WITH_PHONE, [e164])


def customer_by_id(pk: int) -> Customer | None:
    """Customer.objects.filter(pk=pk).first() in one prepared statement (merged records
    too): for the API's input, where compiling the query costs more than running it."""
    if not 0 < pk < 2**63:
        return None
    found = plain_sql.instances(Customer, "WHERE id = %s", [pk])
    return found[0] if found else None


def customers_matching(value: str) -> QuerySet[Customer]:
    """Active records whose identifier (immatriculation, affiliation number, CIN) or phone is
    `value`. Empty when it is neither."""
    condition = Q(pk__in=[])
    identifier = normalize_identifier(value)
    for field in identifier_fields_matching(value):
        condition |= Q(**{field: identifier})
    e164 = parse_phone(value)
    if e164:
        condition |= Q(Exists(ContactPoint.objects.filter(customer=OuterRef("pk"), value=e164,
                                                          retired_at__isnull=True)))
    return active_customers().filter(condition).order_by("pk")


def customers_named(folded: str) -> QuerySet[Customer]:
    """Active records whose folded name (text.fold) contains `folded` (the trigram index
    on name_search serves three characters or more), by id."""
    return active_customers().filter(name_search__contains=folded).order_by("pk")


def contact_points_of(customer: Customer) -> QuerySet[ContactPoint]:
    """The customer's contact points in use, the primary ones first, each mobile marked with
    `sms_opted_out` (the number asked for no SMS notifications), in one query."""
    return customer.contact_points.filter(retired_at__isnull=True).annotate(sms_opted_out=Exists(
        SmsOptOut.objects.filter(phone=OuterRef("value"), opted_out=True))
    ).order_by("-is_primary", "kind")


# The customer's mobile (the primary one first) and whether it opted out of notifications
# (plain SQL: run on every notification, prepared once per connection).
_MOBILE_AND_OPT_OUT = f"""
    SELECT contact.value, EXISTS (
        SELECT 1 FROM {SmsOptOut._meta.db_table} AS opt_out
        WHERE opt_out.phone = contact.value AND opt_out.opted_out)
    FROM {ContactPoint._meta.db_table} AS contact
    WHERE contact.customer_id = %s AND contact.kind = %s AND contact.retired_at IS NULL
    ORDER BY contact.is_primary DESC, contact.id LIMIT 1
"""


def notification_mobile(customer_id: int) -> tuple[str, bool]:
    """The mobile the customer's notifications go to (the primary one first, then the
    oldest) and whether it opted out of them; ("", False) without a mobile. One prepared
    statement: the outbox reads it for every SMS. The ORM equivalent is
    contact_points_of(customer).filter(kind=MOBILE) ordered by (-is_primary, id)."""
    with connection.cursor() as cursor:
        cursor.execute(_MOBILE_AND_OPT_OUT, [customer_id, ContactPoint.Kind.MOBILE.value])
        row = cursor.fetchone()
    return (row[0], row[1]) if row else ("", False)


# --- A record's contact points, relations and contacts --------------------------------------------

def ordered_contact_points() -> QuerySet[ContactPoint]:
    """Contact points in use, the primary ones first, then by kind (to prefetch a page of
    records' ones)."""
    return ContactPoint.objects.filter(retired_at__isnull=True).order_by("-is_primary", "kind",
                                                                          "pk")


def contact_points_by_rank(customer: Customer) -> QuerySet[ContactPoint]:
    """The customer's contact points in use, the primary ones first, then by kind (without
    contact_points_of's opt-out mark)."""
    return customer.contact_points.filter(retired_at__isnull=True).order_by("-is_primary",
                                                                            "kind")


def has_mobile(customer: Customer, phone: str) -> bool:
    """Whether `phone` is one of the customer's mobiles in use (one query)."""
    return customer.contact_points.filter(kind=ContactPoint.Kind.MOBILE, value=phone,
                                          retired_at__isnull=True).exists()


def mobiles_of(customer_ids: list[int]) -> QuerySet[ContactPoint]:
    """The mobiles in use of these records, the primary ones first, then the oldest."""
    return ContactPoint.objects.filter(customer__in=customer_ids, kind=ContactPoint.Kind.MOBILE,
                                       retired_at__isnull=True).order_by("-is_primary", "pk")


def employments_of(customer: Customer) -> QuerySet[Employment]:
    """The person's employments with their employers, the latest first."""
    return customer.employments.select_related("employer").order_by("-start_date")


def employee_count(customer: Customer) -> int:
    """How many employments name this record as the employer (one query)."""
    return customer.employees.count()


def dependant_links_of(customer: Customer) -> QuerySet[DependantLink]:
    """The links to the people covered through this insured person, with them."""
    return customer.dependants.select_related("dependant")


def insured_links_of(customer: Customer) -> QuerySet[DependantLink]:
    """The links to the insured people covering this person, with them."""
    return customer.dependant_of.select_related("insured")


def is_dependant_of(dependant: Customer, customer: Customer) -> bool:
    """Whether `dependant` is covered through the insured person `customer` (one query)."""
    return customer.dependants.filter(dependant=dependant).exists()


def merges_of(customer: Customer) -> QuerySet[CustomerMerge]:
    """The merges into this record, with who made them."""
    return customer.merges.select_related("merged_by")


def interactions_of(customer: Customer) -> QuerySet[Interaction]:
    """The customer's contacts on every channel (unordered: the callers order and slice)."""
    return Interaction.objects.filter(customer=customer)


# --- Possible duplicates of a record about to be created -----------------------------------------

DUPLICATES_LIMIT = 10
# How alike two folded names must be (pg_trgm similarity, 0 to 1) to be pointed out.
CLOSE_NAME_SIMILARITY = 0.6


def possible_duplicates(*, kind: str, name: str, identifiers: dict[str, str],
                        phones: list[str]) -> list[DuplicateCandidate]:
    """The active records that may be this one: the same identifier (normalised), one of the
    phones (E.164, in use), or a close name of the same kind (trigram similarity of the
    folded names, or the same skeletons across scripts, see transliteration). The records
    holding an identifier first, at most DUPLICATES_LIMIT per criterion."""
    reasons: dict[int, list[str]] = {}
    found: dict[int, Customer] = {}

    def note(rows: QuerySet[Customer], reason: str) -> None:
        for customer in rows[:DUPLICATES_LIMIT]:
            found.setdefault(customer.pk, customer)
            reasons.setdefault(customer.pk, []).append(reason)

    active = active_customers().select_related("agency")
    for field, value in identifiers.items():
        if value:
            note(active.filter(**{field: value}).order_by("pk"), field)
    if phones:
        note(active.filter(Exists(ContactPoint.objects.filter(
            customer=OuterRef("pk"), value__in=phones, retired_at__isnull=True)))
            .order_by("pk"), "phone")
    folded = fold(name)
    if folded:
        # A name of one word alone (a skeleton shared by many) is compared by its letters.
        across_scripts = name_matches(name) if len(word_keys(name)) >= 2 else Q(pk__in=[])
        close = Q(name_search__trigram_similar=folded) | across_scripts
        note(active.filter(close, kind=kind)
             .annotate(similarity=TrigramSimilarity("name_search", folded))
             .filter(Q(similarity__gte=CLOSE_NAME_SIMILARITY) | across_scripts)
             .order_by("-similarity", "pk"), "name")
    candidates = [DuplicateCandidate(customer=found[pk], reasons=tuple(reasons[pk]))
                  for pk in found]
    return sorted(candidates, key=lambda c: (not c.same_identifier, -len(c.reasons),
                                             c.customer.pk))


# --- Names across scripts --------------------------------------------------------------------

_JOINED_WORDS_UP_TO = 6  # words in a name searched: beyond, no two read as one


def name_matches(name: str) -> Q:
    """Records whose name has every word of `name` by its skeleton (transliteration), in
    either script: "Mohamed Bennani" finds "محمد بناني"; two words next to each other may
    be one in the record ("Nour Eddine" finds "Noureddine"). Matches nothing when the words
    have no skeleton (vowels only). Index-backed: GIN on name_keys, `&&` per word."""
    words = word_keys(name)
    if not words:
        return Q(pk__in=[])
    may_join = len(words) <= _JOINED_WORDS_UP_TO

    def from_word(index: int) -> Q:
        if index == len(words):
            return Q()
        condition = Q(name_keys__overlap=sorted(words[index])) & from_word(index + 1)
        if may_join and index + 1 < len(words):
            joined = joined_readings(words[index], words[index + 1])
            condition |= Q(name_keys__overlap=sorted(joined)) & from_word(index + 2)
        return condition

    return from_word(0)


# --- The changes agents made to a record ------------------------------------------------------

def events_of(customer: Customer) -> QuerySet[CustomerEvent]:
    """The record's changes (creation, contact points), unordered: the callers order and
    slice; with the agents."""
    return CustomerEvent.objects.filter(customer=customer).select_related("agent__user")


def retired_contact_points_of(customer: Customer) -> QuerySet[ContactPoint]:
    """The customer's retired contact points, the latest retired first."""
    return customer.contact_points.filter(retired_at__isnull=False).order_by("-retired_at")


def contact_point_of(customer: Customer, contact_id: int) -> ContactPoint | None:
    """One of the customer's contact points (retired too), or None."""
    return customer.contact_points.filter(pk=contact_id).first()
