"""Opening a complaint from the customer's record: two clicks, four requests."""

from __future__ import annotations

import re

import pytest
from django.utils.html import escape

from contactcenter.customers.models import DependantLink
from contactcenter.org.models import Agent
from tests import factories
from tests.conftest import client_for
from tests.desk.helpers import fr, shows
from tickets.models import State, Ticket

pytestmark = pytest.mark.django_db


def _form(**fields: object) -> dict[str, object]:
    return {"channel": "counter", "priority": "normal",
            "description": "Allocations familiales non reçues depuis mars", **fields}


def test_from_the_record_to_the_new_complaint_in_two_clicks(mobile_customer, handler,
                                                            category) -> None:
    client = client_for(handler)
    requests = 0

    record = client.get(f"/customers/{mobile_customer.pk}/")
    requests += 1
    button = re.search(r'<a class="button-primary" href="([^"]+)">' + re.escape(
        escape(fr("Open a complaint"))), record.content.decode())
    assert button and button.group(1) == f"/desk/open/{mobile_customer.pk}/"

    form = client.get(button.group(1))  # click 1
    requests += 1
    assert form.status_code == 200
    html = form.content.decode()
    assert '<option value="counter" selected>' in html  # a front-office agent: the counter
    assert 'name="dependant"' not in html  # no dependant to choose from

    created = client.post(button.group(1), _form(category=category.pk, priority="high"),
                          follow=True)  # click 2
    requests += 2
    ticket = Ticket.objects.get()
    assert created.redirect_chain == [(f"/desk/tickets/{ticket.reference}/", 302)]
    assert shows(created, "Complaint %(reference)s opened.", reference=ticket.reference)
    assert requests == 4
    assert (ticket.customer, ticket.channel, ticket.priority, ticket.created_by) == \
        (mobile_customer, "counter", "high", handler)
    assert ticket.state == State.ASSIGNED and ticket.assignee == handler


def test_a_call_centre_agent_starts_from_the_phone(customer) -> None:
    call_centre = factories.AgentFactory(role=Agent.Role.CALL_CENTRE, agency=None,
                                         direction=factories.DirectionFactory(
                                             kind="call_centre"))
    html = client_for(call_centre).get(f"/desk/open/{customer.pk}/").content.decode()
    assert '<option value="phone" selected>' in html


def test_the_complaint_may_concern_one_of_the_customer_s_dependants(customer, agent) -> None:
    child = factories.CustomerFactory(agency=customer.agency, first_name="Yassine")
    DependantLink.objects.create(insured=customer, dependant=child, relationship="child")
    stranger = factories.CustomerFactory(agency=customer.agency)
    client = client_for(agent)
    html = client.get(f"/desk/open/{customer.pk}/").content.decode()
    assert f'<option value="{child.pk}">' in html and f'value="{stranger.pk}"' not in html
    refused = client.post(f"/desk/open/{customer.pk}/", _form(dependant=stranger.pk))
    assert refused.status_code == 422 and not Ticket.objects.exists()
    client.post(f"/desk/open/{customer.pk}/", _form(dependant=child.pk))
    assert Ticket.objects.get().dependant == child


def test_without_a_category_it_waits_for_triage(customer, agent) -> None:
    response = client_for(agent).post(f"/desk/open/{customer.pk}/", _form())
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and ticket.state == State.NEW


def test_an_empty_description_opens_nothing(customer, agent) -> None:
    response = client_for(agent).post(f"/desk/open/{customer.pk}/", _form(description="  "))
    assert response.status_code == 422
    assert 'class="errorlist' in response.content.decode()
    assert not Ticket.objects.exists()


def test_a_description_longer_than_the_limit_opens_nothing(customer, agent) -> None:
    too_long = "x" * (Ticket.DESCRIPTION_MAX_LENGTH + 1)
    response = client_for(agent).post(f"/desk/open/{customer.pk}/",
                                      _form(description=too_long))
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["description"]
    assert f'maxlength="{Ticket.DESCRIPTION_MAX_LENGTH}"' in response.content.decode()
    assert not Ticket.objects.exists()


def test_a_customer_out_of_scope_is_not_found(customer, other_agency_agent) -> None:
    client = client_for(other_agency_agent)
    assert client.get(f"/desk/open/{customer.pk}/").status_code == 404
    assert client.post(f"/desk/open/{customer.pk}/", _form()).status_code == 404
    assert not Ticket.objects.exists()


def test_a_role_that_may_not_open_sees_no_button_and_is_refused(customer,
                                                                regional_manager) -> None:
    client = client_for(regional_manager)
    assert "/desk/open/" not in client.get(f"/customers/{customer.pk}/").content.decode()
    response = client.post(f"/desk/open/{customer.pk}/", _form())
    assert response.status_code == 403
    assert shows(response, "Your role does not allow this action on this complaint.")
    assert not Ticket.objects.exists()


def test_the_main_menu_leads_to_the_complaints(agent) -> None:
    html = client_for(agent).get("/desk/").content.decode()
    assert f'<a href="/desk/" aria-current="page">{escape(fr("Complaints"))}</a>' in html
