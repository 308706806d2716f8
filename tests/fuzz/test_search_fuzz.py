"""The complaint search box (tickets/search.py) with any text: the words it keeps are
letters and digits only, and PostgreSQL answers every search, typed or stored, without an
error (no tsquery syntax, NUL or operator gets through)."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given

from contactcenter.customers.text import clean_text
from contactcenter.org.models import Agent
from tests.fuzz import budget
from tests.fuzz.strategies import hostile_text
from tickets import search, services
from tickets.exceptions import RuleViolation
from tickets.models import Ticket

_NOT_A_WORD = re.compile(r"[^\w ]|_")


@budget()
@given(hostile_text)
@example("&|!():*<->'\"\\")
@example("\x00pension")
def test_the_words_kept_are_letters_and_digits(text: str) -> None:
    words = search.words_of(text, limit=search.MAX_WORDS)
    for kept in (words.other, words.arabic):
        assert not _NOT_A_WORD.search(kept)
        assert len(kept.split()) <= search.MAX_WORDS
    assert len(words.other.split()) + len(words.arabic.split()) <= search.MAX_WORDS


@pytest.mark.django_db
@budget(max_examples=60)
@given(typed=hostile_text, stored=hostile_text)
@example(typed="pension:* & !(a | b)", stored="Pension <-> retraite")
@example(typed="'", stored="\x00")
def test_postgresql_answers_any_search_and_indexes_any_text(agent: Agent, customer,
                                                            typed: str, stored: str) -> None:
    ticket = services.open_complaint(customer=customer, channel="counter", by=agent,
                                     description=clean_text(stored) or "Pension")
    if clean_text(typed):
        services.record_customer_reply(ticket=ticket, text=typed, actor_label="client")
    else:  # an empty answer is refused, nothing recorded
        with pytest.raises(RuleViolation):
            services.record_customer_reply(ticket=ticket, text=typed, actor_label="client")
    found = search.matching(Ticket.objects.filter(pk=ticket.pk), typed)
    assert [t.pk for t in found] in ([], [ticket.pk])
    search.reindex([ticket.pk])

