from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from contactcenter.customers.models import Customer, CustomerMerge
from tests import factories
from tickets.models import Ticket

pytestmark = pytest.mark.django_db



@pytest.fixture
def some_data(customer: Customer, supervisor) -> None:
    ticket = factories.TicketFactory(customer=customer)
    factories.InteractionFactory(customer=customer, agent=supervisor, ticket=ticket)
    factories.ContactPointFactory(customer=customer)
    factories.QueueFactory()
    duplicate = factories.CustomerFactory(agency=customer.agency)
    CustomerMerge.objects.create(survivor=customer, merged=duplicate, merged_by=supervisor.user,
                                 reason="Doublon")


def _changelist_urls() -> list[str]:
    return [reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            for model in admin.site._registry]


def test_every_project_model_is_in_the_admin() -> None:
    registered = {model._meta.label for model in admin.site._registry}
    assert {"org.Region", "org.Agency", "org.Direction", "org.Queue", "org.Agent",
            "customers.Customer", "customers.ContactPoint", "customers.Employment",
            "customers.DependantLink", "customers.CustomerMerge", "customers.Interaction",
            "tickets.Category", "tickets.Ticket"} <= registered


def test_every_changelist_loads_for_a_superuser(superuser_client: Client, some_data) -> None:
    for url in _changelist_urls():
        response = superuser_client.get(url)
        assert response.status_code == 200, url


def test_every_change_page_loads_for_a_superuser(superuser_client: Client, some_data) -> None:
    for model in admin.site._registry:
        obj = model._default_manager.first()
        if obj is None:
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
                      args=[obj.pk])
        assert superuser_client.get(url).status_code == 200, url


def test_the_customer_admin_search_ignores_accents_and_finds_identifiers(
        superuser_client: Client, customer: Customer) -> None:
    url = reverse("admin:customers_customer_changelist")
    for term in ["Bénali", "benali", customer.cin.lower(), customer.immatriculation]:
        response = superuser_client.get(url, {"q": term})
        assert list(response.context["cl"].result_list) == [customer], term


def test_the_merge_log_cannot_be_added_changed_or_deleted(superuser_client: Client,
                                                          some_data) -> None:
    merge = CustomerMerge.objects.get()
    assert superuser_client.get(reverse("admin:customers_customermerge_add")).status_code == 403
    change_url = reverse("admin:customers_customermerge_change", args=[merge.pk])
    response = superuser_client.post(change_url, {"reason": "changed"})
    assert response.status_code == 403
    merge.refresh_from_db()
    assert merge.reason == "Doublon"
    delete_url = reverse("admin:customers_customermerge_delete", args=[merge.pk])
    assert superuser_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert CustomerMerge.objects.filter(pk=merge.pk).exists()


def test_a_complaint_state_is_read_only_in_the_admin(superuser_client: Client,
                                                      customer: Customer) -> None:
    ticket = factories.TicketFactory(customer=customer)
    url = reverse("admin:tickets_ticket_change", args=[ticket.pk])
    response = superuser_client.get(url)
    assert response.status_code == 200
    assert 'name="state"' not in response.content.decode()
    assert superuser_client.get(reverse("admin:tickets_ticket_add")).status_code == 403


def test_a_complaint_is_neither_changed_nor_deleted_in_the_admin(
        superuser_client: Client, customer: Customer, agency_b) -> None:  # type: ignore[no-untyped-def]
    """Agency, queue and assignee move through the services, each an event."""
    ticket = factories.TicketFactory(customer=customer)
    agency = ticket.agency_id
    change = reverse("admin:tickets_ticket_change", args=[ticket.pk])
    assert 'name="agency"' not in superuser_client.get(change).content.decode()
    superuser_client.post(change, {"agency": agency_b.pk})
    delete = reverse("admin:tickets_ticket_delete", args=[ticket.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert Ticket.objects.get(pk=ticket.pk).agency_id == agency
