"""Contact details kept by the agents: add, correct, retire, change the main mobile; each
change on the record's history, and a retired number no longer used."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from contactcenter.customers import record_services as records
from contactcenter.customers import selectors
from contactcenter.customers.models import ContactPoint, Customer, CustomerEvent
from contactcenter.org.models import Agent
from tests import factories
from tickets.customer_scope import search_customers
from tickets.timeline import customer_timeline

pytestmark = pytest.mark.django_db


def _events(customer: Customer) -> list[tuple[str, str, str, str]]:
    return [(e.kind, e.contact_kind, e.old_value, e.new_value)
            for e in CustomerEvent.objects.filter(customer=customer).order_by("pk")]


@pytest.fixture
def mobile(customer: Customer) -> ContactPoint:
    return factories.ContactPointFactory(customer=customer, value="+212661000001",
                                         is_primary=True)


def test_adding_a_phone_normalises_it_and_records_who(agent: Agent, customer: Customer,
                                                      mobile: ContactPoint) -> None:
    point = records.add_contact(customer=customer, kind="mobile", value="00212 7 00 11 22 33",
                                 by=agent)
    assert (point.value, point.is_primary) == ("+212700112233", False)
    landline = records.add_contact(customer=customer, kind="landline", value="0537 12 34 56",
                                    by=agent)
    assert landline.value == "+212537123456" and landline.is_primary  # first of its kind
    assert _events(customer) == [("contact_added", "mobile", "", "+212700112233"),
                                 ("contact_added", "landline", "", "+212537123456")]
    assert CustomerEvent.objects.filter(agent=agent).count() == 2


def test_a_new_main_mobile_takes_the_notifications(agent: Agent, customer: Customer,
                                                   mobile: ContactPoint) -> None:
    records.add_contact(customer=customer, kind="mobile", value="0700112233", by=agent,
                         main=True)
    assert selectors.notification_mobile(customer.pk) == ("+212700112233", False)
    mobile.refresh_from_db()
    assert not mobile.is_primary


@pytest.mark.parametrize(("kind", "value"), [
    ("mobile", "0537123456"),  # a landline
    ("mobile", "06 12"),
    ("landline", "hello"),
    ("email", "not-an-address"),
    ("address", "Rabat"),
    ("address", "x" * 255),
    ("fax", "0537123456"),
])
def test_bad_values_are_refused_and_nothing_changes(agent: Agent, customer: Customer,
                                                    kind: str, value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        records.add_contact(customer=customer, kind=kind, value=value, by=agent)
    assert set(caught.value.message_dict) <= {"value", "kind"}
    assert not customer.contact_points.exists() and not CustomerEvent.objects.exists()


def test_the_same_contact_twice_is_refused(agent: Agent, customer: Customer,
                                           mobile: ContactPoint) -> None:
    with pytest.raises(ValidationError, match="figure déjà sur la fiche"):
        records.add_contact(customer=customer, kind="mobile", value="0661000001", by=agent)


def test_correcting_keeps_the_old_value_on_the_history(agent: Agent, customer: Customer,
                                                       mobile: ContactPoint) -> None:
    records.correct_contact(point=mobile, value="+212 661 000 002", by=agent)
    mobile.refresh_from_db()
    assert mobile.value == "+212661000002" and mobile.is_primary
    records.correct_contact(point=mobile, value="0661000002", by=agent)  # the same: nothing
    assert _events(customer) == [("contact_corrected", "mobile", "+212661000001",
                                  "+212661000002")]


def test_a_bad_correction_changes_nothing(agent: Agent, customer: Customer,
                                          mobile: ContactPoint) -> None:
    with pytest.raises(ValidationError):
        records.correct_contact(point=mobile, value="0537123456", by=agent)
    mobile.refresh_from_db()
    assert mobile.value == "+212661000001" and not CustomerEvent.objects.exists()


def test_an_address_is_corrected(agent: Agent, customer: Customer) -> None:
    address = records.add_contact(customer=customer, kind="address",
                                   value="12 rue Ibn Sina, Rabat", by=agent)
    records.correct_contact(point=address, value="14 rue Ibn Sina, Agdal, Rabat", by=agent)
    assert _events(customer)[-1] == ("contact_corrected", "address", "12 rue Ibn Sina, Rabat",
                                     "14 rue Ibn Sina, Agdal, Rabat")


def test_a_retired_mobile_gets_no_sms_and_identifies_no_one(agent: Agent, customer: Customer,
                                                            mobile: ContactPoint) -> None:
    second = records.add_contact(customer=customer, kind="mobile", value="0700112233",
                                  by=agent)
    records.retire_contact(point=mobile, by=agent)
    mobile.refresh_from_db()
    assert mobile.retired_at is not None and not mobile.is_primary
    assert selectors.notification_mobile(customer.pk) == ("+212700112233", False)
    second.refresh_from_db()
    assert second.is_primary  # the main mobile passed to the one left
    assert list(selectors.customers_with_phone("+212661000001")) == []
    assert list(search_customers(agent=agent, query="0661000001")) == []
    assert list(selectors.contact_points_of(customer)) == [second]
    assert list(selectors.retired_contact_points_of(customer)) == [mobile]
    assert _events(customer)[-1] == ("contact_retired", "mobile", "+212661000001", "")
    records.retire_contact(point=mobile, by=agent)  # again: nothing
    assert len(_events(customer)) == 2


def test_retiring_the_only_mobile_leaves_no_number_for_sms(agent: Agent, customer: Customer,
                                                           mobile: ContactPoint) -> None:
    records.retire_contact(point=mobile, by=agent)
    assert selectors.notification_mobile(customer.pk) == ("", False)


def test_a_retired_contact_added_again_comes_back(agent: Agent, customer: Customer,
                                                  mobile: ContactPoint) -> None:
    records.retire_contact(point=mobile, by=agent)
    again = records.add_contact(customer=customer, kind="mobile", value="0661000001",
                                 by=agent)
    assert again.pk == mobile.pk and again.retired_at is None and again.is_primary
    with pytest.raises(ValidationError, match="ne peut pas être corrigée"):
        records.retire_contact(point=again, by=agent)
        records.correct_contact(point=again, value="0661000009", by=agent)


def test_the_main_mobile_is_changed(agent: Agent, customer: Customer,
                                    mobile: ContactPoint) -> None:
    second = records.add_contact(customer=customer, kind="mobile", value="0700112233",
                                  by=agent)
    records.set_main_mobile(point=second, by=agent)
    assert selectors.notification_mobile(customer.pk)[0] == "+212700112233"
    assert _events(customer)[-1] == ("main_mobile", "mobile", "+212661000001",
                                     "+212700112233")
    landline = records.add_contact(customer=customer, kind="landline", value="0537123456",
                                    by=agent)
    with pytest.raises(ValidationError):
        records.set_main_mobile(point=landline, by=agent)


def test_an_auditor_may_not_change_contacts(agency_a, customer: Customer,
                                            mobile: ContactPoint) -> None:
    auditor = factories.AgentFactory(role=Agent.Role.AUDITOR, agency=agency_a)
    with pytest.raises(PermissionDenied):
        records.add_contact(customer=customer, kind="mobile", value="0700112233", by=auditor)
    with pytest.raises(PermissionDenied):
        records.retire_contact(point=mobile, by=auditor)
    with pytest.raises(PermissionDenied):
        records.correct_contact(point=mobile, value="0700112233", by=auditor)
    assert customer.contact_points.count() == 1


def test_the_changes_are_on_the_customers_timeline(agent: Agent, customer: Customer,
                                                   mobile: ContactPoint) -> None:
    factories.InteractionFactory(customer=customer)
    records.correct_contact(point=mobile, value="0661000002", by=agent)
    records.retire_contact(point=mobile, by=agent)
    entries = customer_timeline(customer=customer).entries
    assert [e.kind for e in entries] == ["record_change", "record_change", "interaction"]
    assert entries[0].item.kind == "contact_retired"
    page = customer_timeline(customer=customer, limit=1)
    rest = customer_timeline(customer=customer, cursor=page.next_cursor, limit=5)
    assert rest.entries[0].item.kind == "contact_corrected"
