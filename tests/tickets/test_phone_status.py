"""tickets.selectors.phone_status: what a status question from a phone may learn, in two
statements (the records holding the number, then the complaint)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import factories
from tickets import selectors, services
from tickets.models import TicketEvent

pytestmark = pytest.mark.django_db
PHONE = "+212661000222"


@pytest.fixture
def holder(agency_a):
    customer = factories.CustomerFactory(agency=agency_a, preferred_language="ar")
    factories.ContactPointFactory(customer=customer, value=PHONE)
    return customer


def _open(customer, **kwargs):
    return services.open_complaint(customer=customer, channel="phone", by=None,
                                   description="Allocations familiales non versées", **kwargs)


def test_the_holders_complaint_comes_with_its_last_visible_step_in_two_queries(
        holder, handler) -> None:
    ticket = _open(holder)
    later = timezone.now() + timedelta(minutes=5)
    services.add_note(ticket=ticket, by=handler, text="Dossier incomplet", now=later)
    with CaptureQueriesContext(connection) as queries:
        found = selectors.phone_status(phone=PHONE, reference=ticket.reference)
    assert len(queries.captured_queries) == 2
    assert found.senders == [holder] and found.senders[0].preferred_language == "ar"
    assert found.ticket == ticket and found.ticket.state == ticket.state
    assert found.ticket.resolution_due == ticket.resolution_due
    assert found.ticket.customer.pk == holder.pk
    # The internal note is later, but the customer's last step is the opening.
    assert found.last_step.kind == TicketEvent.Kind.OPENED
    # Fields not read come on demand, as with only().
    assert found.ticket.description == "Allocations familiales non versées"


def test_another_records_complaint_is_not_found_and_nothing_is_learnt(holder, agency_a) -> None:
    stranger = factories.CustomerFactory(agency=agency_a)
    theirs = _open(stranger)
    found = selectors.phone_status(phone=PHONE, reference=theirs.reference)
    assert found.senders == [holder]
    assert found.ticket is None and found.last_step is None


def test_a_merged_record_is_not_a_sender_and_an_unknown_number_has_none(holder,
                                                                         agency_a) -> None:
    merged = factories.CustomerFactory(agency=agency_a, merged_into=holder)
    factories.ContactPointFactory(customer=merged, value=PHONE)
    assert selectors.phone_status(phone=PHONE, reference=None).senders == [holder]
    assert selectors.phone_status(phone="+212661999999", reference=None).senders == []


def test_a_number_shared_by_two_records_finds_either_ones_complaint(holder, agency_a) -> None:
    spouse = factories.CustomerFactory(agency=agency_a)
    factories.ContactPointFactory(customer=spouse, value=PHONE)
    ticket = _open(spouse)
    found = selectors.phone_status(phone=PHONE, reference=ticket.reference)
    assert found.senders == sorted([holder, spouse], key=lambda c: c.pk)
    assert found.ticket == ticket and found.ticket.customer.pk == spouse.pk
