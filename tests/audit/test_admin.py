"""The admin: its pages of customers, complaints and conversations are logged; the access log
itself is read there by administrators and auditors only, and changed by nobody."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contactcenter.audit import admin as audit_admin
from contactcenter.audit import services
from contactcenter.audit.models import AccessLogEntry
from contactcenter.customers.models import Customer, CustomerEvent
from contactcenter.org.models import Agent
from tests import factories
from tests.audit.conftest import only_entry, permissions
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

LOG = "admin:audit_accesslogentry_changelist"


def _entry(**values: object) -> AccessLogEntry:
    defaults: dict[str, object] = {"at": timezone.now(), "user_id": 1, "username": "agent",
                                   "role": "front_office", "channel": "desk",
                                   "kind": "customer", "object_id": "7", "customer_id": 7}
    return AccessLogEntry.objects.create(**{**defaults, **values})


@pytest.fixture
def staff_administrator() -> Agent:
    """An administrator by role, staff but not a superuser."""
    return factories.AgentFactory(user__username="admin2", user__is_staff=True,
                                  role=Agent.Role.ADMINISTRATOR, agency=None)


# --- Other admin pages are logged -----------------------------------------------------------

def test_a_customers_admin_page_is_logged_with_the_admin_channel(
        superuser_client: Client, customer: Customer) -> None:
    url = reverse("admin:customers_customer_change", args=[customer.pk])
    assert superuser_client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 200
    entry = only_entry()
    assert (entry.channel, entry.kind, entry.action) == ("admin", "customer", "view")
    assert (entry.username, entry.role, entry.address) == ("root", "", "10.0.0.9")
    assert (entry.object_id, entry.customer_id) == (str(customer.pk), customer.pk)


def test_a_complaints_admin_page_is_logged_with_its_reference(
        superuser_client: Client, customer: Customer) -> None:
    ticket = factories.TicketFactory(customer=customer)
    superuser_client.get(reverse("admin:tickets_ticket_change", args=[ticket.pk]))
    entry = only_entry()
    assert (entry.kind, entry.label, entry.customer_id) == ("complaint", ticket.reference,
                                                            customer.pk)


def test_a_contact_points_admin_page_is_logged_against_its_customer(
        superuser_client: Client, customer: Customer) -> None:
    point = factories.ContactPointFactory(customer=customer)
    superuser_client.get(reverse("admin:customers_contactpoint_change", args=[point.pk]))
    entry = only_entry()
    assert (entry.kind, entry.object_id, entry.customer_id, entry.detail) == (
        "customer", str(point.pk), customer.pk, "contact point")


def test_an_interactions_admin_page_is_logged_as_a_conversation(
        superuser_client: Client, customer: Customer) -> None:
    interaction = factories.InteractionFactory(customer=customer)
    superuser_client.get(reverse("admin:customers_interaction_change", args=[interaction.pk]))
    assert (only_entry().kind, only_entry().customer_id) == ("conversation", customer.pk)


def test_a_record_changes_admin_page_is_logged_and_read_only(
        superuser_client: Client, customer: Customer) -> None:
    change = CustomerEvent.objects.create(
        customer=customer, kind=CustomerEvent.Kind.CONTACT_CORRECTED, contact_kind="mobile",
        old_value="+212661000001", new_value="+212661000002")
    url = reverse("admin:customers_customerevent_change", args=[change.pk])
    page = superuser_client.get(url)
    assert page.status_code == 200 and "+212661000001" in page.content.decode()
    entry = only_entry()
    assert (entry.kind, entry.object_id, entry.customer_id) == ("customer", str(change.pk),
                                                               customer.pk)
    # Written by the customers services only: the admin changes nothing.
    assert superuser_client.post(url, {"old_value": "x"}).status_code == 403
    assert superuser_client.get(
        reverse("admin:customers_customerevent_add")).status_code == 403
    change.refresh_from_db()
    assert change.old_value == "+212661000001"
    listed = superuser_client.get(reverse("admin:customers_customerevent_changelist"))
    assert listed.status_code == 200 and str(customer) in listed.content.decode()


def test_the_role_of_an_administrator_is_copied_into_the_log(
        staff_administrator: Agent, customer: Customer) -> None:
    staff_administrator.user.user_permissions.add(
        *permissions("customers", "view_customer"))
    response = client_for(staff_administrator).get(
        reverse("admin:customers_customer_change", args=[customer.pk]))
    assert response.status_code == 200
    assert (only_entry().username, only_entry().role) == ("admin2", "administrator")


def test_an_admin_search_is_logged_with_its_count_never_the_words(
        superuser_client: Client, customer: Customer) -> None:
    response = superuser_client.get(reverse("admin:customers_customer_changelist"),
                                    {"q": "Benali"})
    assert list(response.context["cl"].result_list) == [customer]
    entry = only_entry()
    assert (entry.action, entry.detail) == ("search", "customer: 1 found, page 1")
    assert "Benali" not in str(AccessLogEntry.objects.values().get())


def test_an_admin_list_of_complaints_is_logged(superuser_client: Client,
                                               customer: Customer) -> None:
    factories.TicketFactory(customer=customer)
    superuser_client.get(reverse("admin:tickets_ticket_changelist"))
    entry = only_entry()
    assert (entry.kind, entry.action, entry.detail) == ("complaint", "list",
                                                        "ticket: 1 found, page 1")


def test_a_missing_object_in_the_admin_logs_nothing(superuser_client: Client) -> None:
    response = superuser_client.get(reverse("admin:customers_customer_change", args=[999999]))
    assert response.status_code == 302  # the admin goes back to its index
    assert not AccessLogEntry.objects.exists()


# --- Who reads the log ----------------------------------------------------------------------

def test_an_auditor_signs_into_the_admin_and_sees_the_log_only(auditor: Agent) -> None:
    _entry(username="karim")
    client = client_for(auditor)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert [model["object_name"] for app in index.context["app_list"]
            for model in app["models"]] == ["AccessLogEntry"]
    page = client.get(reverse(LOG))
    assert page.status_code == 200 and "karim" in page.content.decode()
    # The role in words, in the reader's language.
    assert "Agent d&#x27;accueil" in page.content.decode() or \
        "Agent d'accueil" in page.content.decode()
    assert client.get(reverse("admin:customers_customer_changelist")).status_code == 403


def test_an_administrator_by_role_and_a_superuser_read_the_log(
        staff_administrator: Agent, superuser_client: Client) -> None:
    _entry()
    assert client_for(staff_administrator).get(reverse(LOG)).status_code == 200
    assert superuser_client.get(reverse(LOG)).status_code == 200


@pytest.mark.parametrize("role", [Agent.Role.SUPERVISOR, Agent.Role.REGIONAL_MANAGER,
                                  Agent.Role.FRONT_OFFICE])
def test_other_staff_may_not_read_the_log_even_with_the_django_permission(
        role: str, region_a) -> None:
    agent = factories.AgentFactory(role=role, user__is_staff=True, region=region_a)
    agent.user.user_permissions.add(*permissions("audit", "view_accesslogentry"))
    entry = _entry()
    client = client_for(agent)
    assert client.get(reverse(LOG)).status_code == 403
    assert client.get(reverse("admin:audit_accesslogentry_change",
                              args=[entry.pk])).status_code == 403


def test_the_log_is_filtered_by_user_customer_reference_kind_and_date(
        superuser_client: Client) -> None:
    _entry(username="karim", customer_id=11)
    _entry(username="amina", customer_id=12, kind="complaint", label="7000000017")
    for query, expected in [({"q": "karim"}, ["karim"]), ({"q": "12"}, ["amina"]),
                            ({"q": "7000000017"}, ["amina"]), ({"kind": "customer"}, ["karim"]),
                            ({"q": "99999999999999999999999"}, [])]:
        response = superuser_client.get(reverse(LOG), query)
        assert [e.username for e in response.context["cl"].result_list] == expected, query
    _entry(username="old", at=timezone.now() - timedelta(days=40))
    response = superuser_client.get(reverse(LOG), {
        "at__gte": (timezone.localtime() - timedelta(days=7)).isoformat()})
    assert sorted(e.username for e in response.context["cl"].result_list) == ["amina", "karim"]


def test_a_list_of_the_log_counts_no_further_than_its_cap(superuser_client: Client,
                                                         monkeypatch) -> None:
    monkeypatch.setattr(audit_admin, "COUNT_CAP", 3)
    for n in range(5):
        _entry(username=f"user{n}")
    response = superuser_client.get(reverse(LOG))
    assert response.context["cl"].result_count == 3


# --- Nobody changes it ----------------------------------------------------------------------

def test_not_even_a_superuser_adds_changes_or_deletes_an_entry(
        superuser_client: Client) -> None:
    entry = _entry()
    change = reverse("admin:audit_accesslogentry_change", args=[entry.pk])
    page = superuser_client.get(change).content.decode()
    assert 'name="_save"' not in page and "deletelink" not in page
    assert superuser_client.get(reverse("admin:audit_accesslogentry_add")).status_code == 403
    assert superuser_client.post(change, {"username": "someone"}).status_code == 403
    assert superuser_client.post(reverse("admin:audit_accesslogentry_delete",
                                         args=[entry.pk]), {"post": "yes"}).status_code == 403
    listing = superuser_client.get(reverse(LOG))
    assert "delete_selected" not in listing.content.decode()
    superuser_client.post(reverse(LOG), {"action": "delete_selected",
                                         "_selected_action": [entry.pk], "post": "yes"})
    entry.refresh_from_db()
    assert entry.username == "agent"


# --- Export ---------------------------------------------------------------------------------

def test_the_auditor_exports_the_entries_as_csv_and_the_export_is_logged(
        auditor: Agent) -> None:
    first = _entry(customer_id=42, username="karim")
    second = _entry(customer_id=42, username="amina", kind="complaint", label="7000000017")
    response = client_for(auditor).post(reverse(LOG), {
        "action": "export_csv", "_selected_action": [first.pk, second.pk]})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["username"], row["kind"], row["label"], row["customer_id"]) for row in rows] == [
        ("karim", "customer", "", "42"), ("amina", "complaint", "7000000017", "42")]
    export = AccessLogEntry.objects.get(kind="export")
    assert (export.username, export.role, export.channel, export.action) == (
        "auditeur", "auditor", "admin", "export")
    assert (export.customer_id, export.detail) == (42, "2 exported; selected in the "
                                                       "administration")


def test_the_export_command_writes_one_customers_entries_and_logs_itself() -> None:
    from django.core.management import call_command

    _entry(customer_id=42, username="karim")
    _entry(customer_id=43, username="amina")
    out = io.StringIO()
    call_command("export_access_log", "--customer", "42", "--by", "DPO (request 2026-17)",
                 stdout=out, stderr=io.StringIO())
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [row["username"] for row in rows] == ["karim"]
    export = AccessLogEntry.objects.get(kind="export")
    assert (export.channel, export.username, export.customer_id) == (
        "export", "DPO (request 2026-17)", 42)
    assert export.detail == "1 exported; customer 42"


def test_the_address_is_left_empty_when_it_is_not_an_ip_address(rf, agent: Agent) -> None:
    request = rf.get("/", REMOTE_ADDR="unix:/run/daphne.sock")
    request.user = agent.user
    services.record_access(request=request, channel=services.Channel.DESK,
                           kind=services.Kind.CUSTOMER, object_id=1, agent=agent)
    assert only_entry().address is None


def test_deleting_a_user_keeps_their_entries(agent: Agent, customer: Customer) -> None:
    client_for(agent).get(reverse("customers:detail", args=[customer.pk]))
    get_user_model().objects.filter(pk=agent.user.pk).delete()
    assert only_entry().username == "agent"
