"""Finding complaints from what an agent types in a queue's search box (the `q` filter of
tickets.filters.TicketFilter: the desk's queues and the REST API's list).

What is typed is read, in this order, as:

- a complaint reference, an identifier of the customer (immatriculation, affiliation
  number, CIN) or a phone number in any notation (0612345678, 06 12 34 56 78,
  +212612345678, 00212 6 12-34-56-78): the complaints with that reference or of the
  customers holding it, exactly (customers.selectors.customers_matching);
- else words: the complaints whose description or customer's messages hold them all,
  and those of the customers whose name contains the text (as before words were indexed).

Words are matched in a stored `tsvector` per complaint (Ticket.search_vector, GIN index
`ticket_search`), written here when a complaint is opened (its description, weight A) and
when a customer's message is recorded (weight B). Both the stored text and the searched
words go through customers.text.fold first (accents, case, Arabic diacritics, the forms
of alif, alif maqsura, ta marbuta, tatweel): one code path, in Python, so the same words
are found on any PostgreSQL (no `unaccent` extension needed). Words in Arabic script go
through the 'simple' configuration (PostgreSQL has no Arabic one) after a light stemming
here (_light_stem: the article, attached prepositions, common endings), the others
through 'french' (stemmed: "allocations" finds "allocation familiale").

Ranking: when the words match at most RANK_LIMIT complaints in the agent's scope, they
come best first (ts_rank: the description weighs more than a message; then newest). When
they match more, they come newest first: ranking would read and score every match
(hundreds of thousands for a common word at 1,000,000 complaints, and each ranked row
joined to its customer, category... before the page could be cut), where the newest
first are read from the index on the opening time, a page at a time. One more query
tells the two apart: the ids of the first RANK_LIMIT + 1 matches, in any order (the
cheapest plan PostgreSQL finds), which the ranked query then reads by primary key.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import BigIntegerField, BooleanField, F, Func, Q, QuerySet, Subquery

from contactcenter.customers import selectors as customer_selectors
from contactcenter.customers.identifiers import identifier_fields_matching, parse_phone
from contactcenter.customers.text import fold
from tickets.models import Ticket, TicketEvent
from tickets.references import normalize_reference

# Words read from one search: enough for any real query, few enough that a pasted page of
# text (or a hostile 10 kB string) costs no more than a sentence.
MAX_WORDS = 12
MAX_WORD_LENGTH = 60
# Words matching at most this many complaints come best first (see above).
RANK_LIMIT = 200
# Customers whose name contains the text, at most (a name shared by more: refine it), and
# the length of a name searched: three characters at least, the trigram index's least (a
# shorter one would read every record), at most what a name holds.
NAME_MATCH_LIMIT = 100
MIN_NAME_LENGTH, MAX_NAME_LENGTH = 3, 300
# Customers holding an identifier or a phone, at most (a shared family phone: a few).
HOLDER_LIMIT = 50
# The name of the rank annotation on a ranked result.
RANK = "search_rank"

_WORD = re.compile(r"[^\W_]+")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff"
                            r"\ufe70-\ufeff]")
_TEXT_CONFIG, _ARABIC_CONFIG = "french", "simple"


@dataclass(frozen=True)
class Words:
    """Folded words of a text: those in Arabic script and the others, space-separated."""

    other: str
    arabic: str

    def __bool__(self) -> bool:
        return bool(self.other or self.arabic)


def words_of(text: str, *, limit: int | None = None) -> Words:
    """The folded words of a text (at most `limit`, each cut to MAX_WORD_LENGTH when
    limited): letters and digits only, so no character means anything to PostgreSQL."""
    words = _WORD.findall(fold(text))
    if limit is not None:
        words = [word[:MAX_WORD_LENGTH] for word in words[:limit]]
    arabic = [_light_stem(word) for word in words if _ARABIC_SCRIPT.search(word)]
    other = [word for word in words if not _ARABIC_SCRIPT.search(word)]
    return Words(other=" ".join(other), arabic=" ".join(arabic))


# Light stemming of Arabic (after Larkey's "light10", on folded words: ة is already ه):
# the article and the prepositions written as one word with it, and the commonest
# endings, so that "بالتعويضات" (with the allowances) is found by "التعويضات" (the
# allowances) and "معاشي" (my pension) by "المعاش" (the pension). The same on the text
# stored and on the words searched; at least three letters are kept.
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_ARABIC_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
_STEM_MIN = 3


def _light_stem(word: str) -> str:
    if word.startswith("و") and len(word) > _STEM_MIN:
        word = word[1:]
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= _STEM_MIN:
            word = word[len(prefix):]
            break
    for suffix in _ARABIC_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _STEM_MIN:
            word = word[:-len(suffix)]
    return word


# --- Keeping the vector: called by tickets.services ----------------------------------------

_TABLE = Ticket._meta.db_table


def _vector(weight: str, other: str = "%s", arabic: str = "%s") -> str:
    """SQL of the weighted vector of a text's words (see words_of), parameters by default."""
    return (f"setweight(to_tsvector('{_TEXT_CONFIG}', {other}) "
            f"|| to_tsvector('{_ARABIC_CONFIG}', {arabic}), '{weight}')")


def index_description(ticket: Ticket) -> None:
    """Index the description of a complaint just opened (its vector starts from it)."""
    words = words_of(ticket.description)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {_TABLE} SET search_vector = {_vector('A')} WHERE id = %s",
                       [words.other, words.arabic, ticket.pk])


def index_customer_words(ticket: Ticket, text: str) -> None:
    """Add the words of a customer's message to the complaint's vector."""
    words = words_of(text)
    if not words:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {_TABLE} SET search_vector = "
                       f"coalesce(search_vector, ''::tsvector) || {_vector('B')} WHERE id = %s",
                       [words.other, words.arabic, ticket.pk])


def is_customer_words(event: TicketEvent) -> bool:
    """Whether the event records words the customer wrote or said (their answer to a
    request, a message on the complaint), not a satisfaction score."""
    Kind = TicketEvent.Kind
    if event.kind == Kind.CUSTOMER_MESSAGE:
        return event.action != "satisfaction"
    return event.kind == Kind.TRANSITION and event.action == "receive_customer_reply"


def reindex(ticket_ids: Sequence[int]) -> None:
    """Write the vectors of these complaints again from their description and the
    customer's messages in their history (the back-fill; two reads and one write)."""
    if not ticket_ids:
        return
    events = TicketEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, description FROM {_TABLE} WHERE id = ANY(%s)",
                       [list(ticket_ids)])
        descriptions = dict(cursor.fetchall())
        cursor.execute(
            f"SELECT ticket_id, note FROM {events} WHERE ticket_id = ANY(%s) AND ("
            "(kind = %s AND action <> 'satisfaction') OR (kind = %s AND action = %s)) "
            "ORDER BY ticket_id, at, id",
            [list(descriptions), TicketEvent.Kind.CUSTOMER_MESSAGE,
             TicketEvent.Kind.TRANSITION, "receive_customer_reply"])
        messages: dict[int, list[str]] = {}
        for ticket_id, note in cursor.fetchall():
            messages.setdefault(ticket_id, []).append(note)
        ids, columns = list(descriptions), _columns(descriptions, messages)
        cursor.execute(
            f"UPDATE {_TABLE} AS t SET search_vector = "
            f"{_vector('A', 'v.d', 'v.da')} || {_vector('B', 'v.m', 'v.ma')} "
            "FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[]) "
            "AS v(id, d, da, m, ma) WHERE t.id = v.id",
            [ids, *columns])


def _columns(descriptions: dict[int, str], messages: dict[int, list[str]]
             ) -> list[list[str]]:
    """The description's and the messages' words of each complaint, as four columns."""
    columns: list[list[str]] = [[], [], [], []]
    for ticket_id, description in descriptions.items():
        described = words_of(description)
        said = words_of(" ".join(messages.get(ticket_id, ())))
        for column, value in zip(columns, (described.other, described.arabic, said.other,
                                           said.arabic), strict=True):
            column.append(value)
    return columns


# --- Searching ----------------------------------------------------------------------------

def matching(queryset: QuerySet[Ticket], value: str) -> QuerySet[Ticket]:
    """The complaints of `queryset` that what was typed designates (see the module's
    docstring); `queryset` itself when nothing was typed, none when nothing in it can be
    searched for (only punctuation). Words cost one query here (see RANK_LIMIT)."""
    value = value.strip()
    if not value:
        return queryset
    exact = _exact(value)
    if exact is not None:
        return queryset.filter(exact)
    return _by_words(queryset, value)


def is_ranked(queryset: QuerySet[Ticket]) -> bool:
    """Whether `queryset` comes best first from a search: its order is the answer's."""
    return RANK in queryset.query.annotations


def _exact(value: str) -> Q | None:
    """The condition for a reference, an identifier or a phone; None for anything else."""
    digits = normalize_reference(value)
    is_number = digits.isascii() and digits.isdigit()
    held = bool(parse_phone(value) or identifier_fields_matching(value))
    if not (is_number or held):
        return None
    condition = Q(reference=digits) if is_number else Q(pk__in=[])
    if held:
        holders = customer_selectors.customers_matching(value).values("pk")[:HOLDER_LIMIT]
        condition |= _customer_among(holders)
    return condition


def _by_words(queryset: QuerySet[Ticket], value: str) -> QuerySet[Ticket]:
    words = words_of(value[:MAX_WORDS * (MAX_WORD_LENGTH + 1)], limit=MAX_WORDS)
    if not words:
        return queryset.none()
    query = _query(words)
    condition = Q(search_vector=query)
    folded = fold(value)
    if MIN_NAME_LENGTH <= len(folded) <= MAX_NAME_LENGTH:
        named = customer_selectors.customers_named(folded).values("pk")[:NAME_MATCH_LIMIT]
        condition |= _customer_among(named)
    found = queryset.filter(condition)
    # (no ORDER BY: PostgreSQL takes the cheapest way to the first matches)
    first = list(found.order_by().values_list("pk", flat=True)[:RANK_LIMIT + 1])
    if len(first) > RANK_LIMIT:
        return found
    return (queryset.filter(pk__in=first)
            .annotate(**{RANK: SearchRank(F("search_vector"), query)})
            .order_by(F(RANK).desc(nulls_last=True), "-created_at", "-id"))


def _query(words: Words) -> SearchQuery:
    """All the words (a French stop word alone matches nothing)."""
    parts = ([SearchQuery(words.other, config=_TEXT_CONFIG)] if words.other else []) + (
        [SearchQuery(words.arabic, config=_ARABIC_CONFIG)] if words.arabic else [])
    query = parts[0]
    for part in parts[1:]:
        query &= part
    return query


def _customer_among(customers: QuerySet[Any, Any]) -> Q:
    """`customer_id = ANY(ARRAY(subquery))`: PostgreSQL reads the few customers once (an
    init plan) and then looks them up in the complaints' index on customer, where
    `IN (subquery)` beside an OR would test every complaint against the subquery."""
    array = Func(Subquery(customers), template="ARRAY%(expressions)s",
                 output_field=ArrayField(BigIntegerField()))
    return Q(Func(F("customer_id"), array, template="%(expressions)s)", arg_joiner=" = ANY(",
                  output_field=BooleanField()))
