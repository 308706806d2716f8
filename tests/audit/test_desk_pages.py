"""The desk's pages that show personal data write one access-log entry each: who, from
where, what; a refused page writes none; the customer's page says that access is logged."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from contactcenter.audit.models import AccessLogEntry
from contactcenter.customers.models import Customer
from contactcenter.org.models import Agent
from telephony.models import Call
from tests import factories
from tests.audit.conftest import only_entry
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

ADDRESS = "10.20.30.40"


def test_opening_a_customer_record_logs_who_what_when_and_from_where(
        agent: Agent, customer: Customer) -> None:
    before = timezone.now()
    response = client_for(agent).get(reverse("customers:detail", args=[customer.pk]),
                                     REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200
    entry = only_entry()
    assert before <= entry.at <= timezone.now()
    assert (entry.user_id, entry.username, entry.role) == (agent.user.pk, "agent",
                                                           Agent.Role.FRONT_OFFICE)
    assert (entry.address, entry.channel) == (ADDRESS, "desk")
    assert (entry.kind, entry.action) == ("customer", "view")
    assert (entry.object_id, entry.customer_id) == (str(customer.pk), customer.pk)


def test_the_log_copies_no_name_of_the_customer(agent: Agent, customer: Customer) -> None:
    client_for(agent).get(reverse("customers:detail", args=[customer.pk]))
    row = AccessLogEntry.objects.values().get()
    assert not any(customer.last_name in str(value) or customer.first_name in str(value)
                   for value in row.values())


def test_loading_more_of_the_timeline_logs_one_entry(agent: Agent, customer: Customer) -> None:
    response = client_for(agent).get(reverse("customers:timeline", args=[customer.pk]))
    assert response.status_code == 200
    entry = only_entry()
    assert (entry.kind, entry.customer_id, entry.detail) == ("customer", customer.pk,
                                                             "timeline")


def test_another_agencys_record_answers_404_and_logs_nothing(
        other_agency_agent: Agent, customer: Customer) -> None:
    client = client_for(other_agency_agent)
    assert client.get(reverse("customers:detail", args=[customer.pk])).status_code == 404
    assert client.get(reverse("customers:timeline", args=[customer.pk])).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_a_merged_record_is_logged_once_where_it_is_shown(agent: Agent,
                                                         customer: Customer) -> None:
    duplicate = factories.CustomerFactory(agency=customer.agency, merged_into=customer)
    response = client_for(agent).get(reverse("customers:detail", args=[duplicate.pk]),
                                     follow=True)
    assert response.status_code == 200
    assert only_entry().customer_id == customer.pk


def test_a_search_that_shows_names_logs_their_count_not_the_words(
        agent: Agent, customer: Customer) -> None:
    response = client_for(agent).get(reverse("customers:search"), {"q": "Benali"})
    assert customer.get_absolute_url() in response.content.decode()
    entry = only_entry()
    assert (entry.kind, entry.action, entry.detail) == ("customer", "search", "1 found")
    assert entry.customer_id is None
    assert "Benali" not in str(AccessLogEntry.objects.values().get())


def test_a_search_that_finds_nobody_logs_nothing(agent: Agent, customer: Customer) -> None:
    client = client_for(agent)
    assert client.get(reverse("customers:search"), {"q": "Zniber"}).status_code == 200
    assert client.get(reverse("customers:search")).status_code == 200
    assert not AccessLogEntry.objects.exists()


def test_opening_a_complaint_logs_its_reference_and_customer(agent: Agent,
                                                             customer: Customer) -> None:
    ticket = factories.TicketFactory(customer=customer)
    response = client_for(agent).get(reverse("desk:ticket", args=[ticket.reference]),
                                     REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200
    entry = only_entry()
    assert (entry.channel, entry.kind, entry.action) == ("desk", "complaint", "view")
    assert (entry.object_id, entry.label) == (str(ticket.pk), ticket.reference)
    assert (entry.customer_id, entry.username, entry.address) == (customer.pk, "agent",
                                                                  ADDRESS)


def test_another_agencys_complaint_answers_404_and_logs_nothing(
        other_agency_agent: Agent, customer: Customer) -> None:
    ticket = factories.TicketFactory(customer=customer)
    response = client_for(other_agency_agent).get(reverse("desk:ticket",
                                                          args=[ticket.reference]))
    assert response.status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_the_form_opening_a_complaint_for_a_customer_is_logged(agent: Agent,
                                                               customer: Customer) -> None:
    response = client_for(agent).get(reverse("desk:open", args=[customer.pk]))
    assert response.status_code == 200
    entry = only_entry()
    assert (entry.kind, entry.customer_id, entry.detail) == ("customer", customer.pk,
                                                             "complaint form")


def test_the_work_queue_is_not_logged(agent: Agent, customer: Customer) -> None:
    factories.TicketFactory(customer=customer)
    assert client_for(agent).get(reverse("desk:queue")).status_code == 200
    assert not AccessLogEntry.objects.exists()


def test_a_screen_pop_logs_the_call_as_a_conversation_with_the_caller(
        call_centre_agent: Agent, customer: Customer) -> None:
    call = Call.objects.create(carrier_id="CA-audit-1", from_number="+212661000777",
                               customer=customer)
    response = client_for(call_centre_agent).get(reverse("desk:call_pop", args=[call.pk]))
    assert response.status_code == 200
    entry = only_entry()
    assert (entry.kind, entry.object_id, entry.customer_id) == ("conversation",
                                                                str(call.pk), customer.pk)
    assert (entry.role, entry.detail) == ("call_centre", f"screen pop: records {customer.pk}")


@pytest.mark.parametrize(("language", "notice"), [
    ("fr", "Chaque ouverture de cette fiche est journalisée"),
    ("ar", "يُسجَّل كل اطلاع على هذه البطاقة"),
])
def test_the_customer_page_says_that_access_is_logged(agent: Agent, customer: Customer,
                                                      language: str, notice: str) -> None:
    client = client_for(agent)
    client.post("/i18n/setlang/", {"language": language, "next": "/customers/"})
    page = client.get(reverse("customers:detail", args=[customer.pk])).content.decode()
    assert notice in page
    assert "09-08" in page
