from __future__ import annotations

import datetime
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contactcenter.customers.models import Customer, CustomerMerge, DependantLink
from contactcenter.org.models import Agent
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _history(customer: Customer, count: int) -> None:
    """`count` phone calls, one an hour, the newest last: "Appel numéro 0" ... count - 1."""
    start = timezone.now() - datetime.timedelta(days=30)
    for n in range(count):
        factories.InteractionFactory(customer=customer, summary=f"Appel numéro {n}",
                                     occurred_at=start + datetime.timedelta(hours=n))


def test_an_anonymous_visitor_is_sent_to_the_login_page(customer: Customer) -> None:
    for url in ["/", "/customers/", f"/customers/{customer.pk}/"]:
        response = Client().get(url)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")


def test_the_search_page_shows_a_live_search_box(agent: Agent) -> None:
    response = client_for(agent).get("/customers/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'hx-get="/customers/"' in html
    assert 'hx-trigger="input changed delay:300ms, search"' in html
    assert 'hx-target="#results"' in html
    assert "<html" in html


@pytest.mark.parametrize("query", ["benali", "BENALI", "Fatima Benali"])
def test_search_by_name_finds_the_customer(agent: Agent, customer: Customer, query: str) -> None:
    response = client_for(agent).get("/customers/", {"q": query})
    assert response.status_code == 200
    assert customer.get_absolute_url() in response.content.decode()


def test_search_by_name_ignores_accents_typed_by_the_agent(agent: Agent,
                                                             customer: Customer) -> None:
    response = client_for(agent).get("/customers/", {"q": "Bénali"})
    assert customer.get_absolute_url() in response.content.decode()


def test_search_finds_an_accented_name_from_a_plain_query(agent: Agent) -> None:
    accented = factories.CustomerFactory(agency=agent.agency, last_name="Bénali")
    response = client_for(agent).get("/customers/", {"q": "benali"})
    assert accented.get_absolute_url() in response.content.decode()


def test_search_by_immatriculation_and_by_phone_finds_the_customer(agent: Agent,
                                                                  customer: Customer) -> None:
    factories.ContactPointFactory(customer=customer, value="+212612345678")
    client = client_for(agent)
    for query in [customer.immatriculation, "06 12 34 56 78", "+212612345678"]:
        response = client.get("/customers/", {"q": query})
        assert customer.get_absolute_url() in response.content.decode(), query


def test_search_shows_identifiers_agency_and_the_to_identify_badge(agent: Agent) -> None:
    unknown = factories.CustomerFactory(agency=agent.agency, first_name="", last_name="",
                                        immatriculation="123456789", to_identify=True)
    response = client_for(agent).get("/customers/", {"q": "123456789"})
    html = response.content.decode()
    assert unknown.get_absolute_url() in html
    assert "123456789" in html
    assert "À identifier" in html
    assert agent.agency.name_fr in html


def test_an_htmx_search_returns_the_results_partial_only(agent: Agent,
                                                         customer: Customer) -> None:
    response = client_for(agent).get("/customers/", {"q": "benali"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert customer.get_absolute_url() in html
    assert "<html" not in html
    assert "<table" in html
    assert "HX-Request" in response["Vary"]  # the browser must not show it as the page


def test_search_says_when_nothing_matches(agent: Agent) -> None:
    response = client_for(agent).get("/customers/", {"q": "zzzzzz"}, **HTMX)
    assert "Aucun client ne correspond" in response.content.decode()


def test_search_does_not_show_customers_of_another_agency(other_agency_agent: Agent,
                                                          customer: Customer) -> None:
    response = client_for(other_agency_agent).get("/customers/", {"q": "benali"})
    assert customer.get_absolute_url() not in response.content.decode()


def test_the_detail_page_shows_identifiers_and_contact_points(agent: Agent,
                                                              customer: Customer) -> None:
    factories.ContactPointFactory(customer=customer, value="+212612345678", is_primary=True)
    factories.ContactPointFactory(customer=customer, kind="email", value="f.benali@example.ma")
    response = client_for(agent).get(f"/customers/{customer.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert customer.immatriculation in html
    assert customer.cin in html
    assert "+212 6 12 34 56 78" in html
    assert "f.benali@example.ma" in html
    assert "Fatima Benali" in html


def test_the_detail_page_links_dependants_and_their_insured_person(agent: Agent,
                                                                   customer: Customer) -> None:
    child = factories.CustomerFactory(agency=agent.agency, first_name="Yassine",
                                      immatriculation=None, cin=None, roles=[])
    DependantLink.objects.create(insured=customer, dependant=child,
                                 relationship=DependantLink.Relationship.CHILD)
    client = client_for(agent)
    insured_page = client.get(f"/customers/{customer.pk}/").content.decode()
    assert child.get_absolute_url() in insured_page
    dependant_page = client.get(f"/customers/{child.pk}/").content.decode()
    assert customer.get_absolute_url() in dependant_page


def test_the_detail_page_shows_the_timeline_with_interactions_and_complaints(
        agent: Agent, customer: Customer) -> None:
    ticket = factories.TicketFactory(customer=customer)
    factories.InteractionFactory(customer=customer, agent=agent, ticket=ticket,
                                 summary="Réclamation AF non payées")
    html = client_for(agent).get(f"/customers/{customer.pk}/").content.decode()
    assert "Réclamation AF non payées" in html
    assert ticket.reference in html
    assert ticket.category.label_fr in html
    assert agent.display_name in html


def test_load_more_returns_the_next_page_of_the_timeline(agent: Agent,
                                                         customer: Customer) -> None:
    _history(customer, 30)
    client = client_for(agent)
    first = client.get(f"/customers/{customer.pk}/").content.decode()
    assert "Appel numéro 29" in first
    assert "Appel numéro 4<" not in first
    assert f'hx-get="/customers/{customer.pk}/timeline/?cursor=' in first

    cursor_url = first.split('hx-get="')[-1].split('"')[0].replace("&amp;", "&")
    response = client.get(cursor_url, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "Appel numéro 4<" in page and "Appel numéro 0<" in page
    assert "Appel numéro 29" not in page
    assert "?cursor=" not in page


def test_an_agent_of_another_agency_gets_404_on_the_record_and_its_timeline(
        other_agency_agent: Agent, customer: Customer) -> None:
    client = client_for(other_agency_agent)
    assert client.get(f"/customers/{customer.pk}/").status_code == 404
    assert client.get(f"/customers/{customer.pk}/timeline/").status_code == 404


def test_a_bad_timeline_cursor_is_a_404(agent: Agent, customer: Customer) -> None:
    response = client_for(agent).get(f"/customers/{customer.pk}/timeline/",
                                     {"cursor": "not-a-cursor"})
    assert response.status_code == 404


def test_the_detail_page_query_count_does_not_grow_with_the_history(
        agent: Agent, customer: Customer) -> None:
    client = client_for(agent)
    _history(customer, 5)
    with CaptureQueriesContext(connection) as short:
        assert client.get(f"/customers/{customer.pk}/").status_code == 200
    _history(customer, 55)
    factories.TicketFactory.create_batch(5, customer=customer)
    factories.ContactPointFactory.create_batch(3, customer=customer)
    with CaptureQueriesContext(connection) as long:
        assert client.get(f"/customers/{customer.pk}/").status_code == 200
    assert len(long) == len(short)
    assert len(long) <= 20


def test_only_those_who_may_merge_see_the_merge_form(agent: Agent, supervisor: Agent,
                                                    customer: Customer) -> None:
    url = f"/customers/{customer.pk}/"
    merge_action = f'action="/customers/{customer.pk}/merge/"'
    assert merge_action not in client_for(agent).get(url).content.decode()
    assert merge_action in client_for(supervisor).get(url).content.decode()


def test_a_supervisor_merges_a_duplicate_and_sees_it_in_the_record(supervisor: Agent,
                                                                   customer: Customer) -> None:
    duplicate = factories.CustomerFactory(agency=customer.agency, first_name="", last_name="",
                                          immatriculation=None, cin=None, to_identify=True)
    factories.InteractionFactory.create_batch(2, customer=duplicate, summary="SMS reçu")
    client = client_for(supervisor)

    response = client.post(f"/customers/{customer.pk}/merge/",
                           {"duplicate": duplicate.pk, "reason": "Même CIN au guichet"})

    assert response.status_code == 302
    assert response.url == customer.get_absolute_url()
    assert customer.interactions.count() == 2
    assert CustomerMerge.objects.get().merged == duplicate
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Fiche {duplicate.pk} fusionnée avec celle-ci."]
    html = client.get(response.url).content.decode()
    assert "Même CIN au guichet" in html
    assert "SMS reçu" in html


def test_a_merge_without_a_reason_is_refused_with_a_message(supervisor: Agent,
                                                            customer: Customer) -> None:
    duplicate = factories.CustomerFactory(agency=customer.agency)
    response = client_for(supervisor).post(f"/customers/{customer.pk}/merge/",
                                           {"duplicate": duplicate.pk, "reason": ""},
                                           follow=True)
    assert not CustomerMerge.objects.exists()
    assert "Indiquez le numéro du doublon et un motif." in response.content.decode()


def test_a_front_office_agent_may_not_merge(agent: Agent, customer: Customer) -> None:
    duplicate = factories.CustomerFactory(agency=customer.agency)
    response = client_for(agent).post(f"/customers/{customer.pk}/merge/",
                                      {"duplicate": duplicate.pk, "reason": "Doublon"})
    assert response.status_code == 403
    assert not CustomerMerge.objects.exists()


def test_the_top_bar_shows_the_agent_role_and_agency(agent: Agent) -> None:
    html = unescape(client_for(agent).get("/customers/").content.decode())
    assert agent.display_name in html
    assert "Agent d'accueil" in html
    assert agent.agency.name_fr in html
    assert 'action="/accounts/logout/"' in html
    assert 'href="/admin/"' not in html


def test_staff_see_the_administration_link(administrator: Agent) -> None:
    administrator.user.is_staff = True
    administrator.user.save()
    html = client_for(administrator).get("/customers/").content.decode()
    assert 'href="/admin/"' in html
