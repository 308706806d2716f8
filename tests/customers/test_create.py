"""Creating a record as an agent: validation, possible duplicates, "create anyway", who may."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from contactcenter.customers import record_services as records
from contactcenter.customers import services
from contactcenter.customers.exceptions import PossibleDuplicates
from contactcenter.customers.models import ContactPoint, Customer, CustomerEvent
from contactcenter.customers.permissions import RECORD_KEEPERS
from contactcenter.org.models import Agent
from tests import factories
from tickets.permissions import INTAKE

pytestmark = pytest.mark.django_db

PERSON = {"kind": "person", "first_name": "Hajar", "last_name": "Sefrioui",
          "roles": ["insured"], "birth_date": datetime.date(1990, 4, 2)}


def _reasons(caught: pytest.ExceptionInfo[PossibleDuplicates]) -> dict[int, tuple[str, ...]]:
    return {c.customer.pk: c.reasons for c in caught.value.candidates}


def test_a_person_is_created_with_mobile_address_and_a_history_event(agent: Agent) -> None:
    customer = records.register_customer(by=agent, agency=agent.agency, cin="ab 123456",
                                          immatriculation="123 456 789",
                                          mobile="06 61 23 45 67",
                                          address="  12, rue Ibn Sina,   Agdal Rabat ", **PERSON)
    customer.refresh_from_db()
    assert (customer.cin, customer.immatriculation) == ("AB123456", "123456789")
    assert customer.name_keys == ["hjr", "sfrW", "hjrsfrW"]
    assert {(p.kind, p.value, p.is_primary) for p in customer.contact_points.all()} == {
        ("mobile", "+212661234567", True), ("address", "12, rue Ibn Sina, Agdal Rabat", True)}
    event = CustomerEvent.objects.get(customer=customer)
    assert (event.kind, event.agent, event.new_value) == ("created", agent, "Hajar Sefrioui")


def test_an_employer_is_created(agent: Agent) -> None:
    employer = records.register_customer(by=agent, kind="employer",
                                          company_name="Atlas Textile SA",
                                          affiliation_number="7654321")
    assert employer.kind == Customer.Kind.EMPLOYER and employer.roles == []


@pytest.mark.parametrize(("fields", "errors"), [
    ({"first_name": "", "last_name": ""}, {"first_name", "last_name"}),
    ({"cin": "123"}, {"cin"}),
    ({"immatriculation": "12"}, {"immatriculation"}),
    ({"mobile": "0512345678"}, {"mobile"}),  # a landline
    ({"mobile": "12"}, {"mobile"}),
    ({"address": "Rabat"}, {"address"}),
    ({"roles": ["dependant"]}, {"roles"}),
    ({"kind": "alien"}, {"kind"}),
])
def test_bad_input_is_refused_by_field_and_nothing_is_saved(agent: Agent, fields,
                                                            errors) -> None:
    with pytest.raises(ValidationError) as caught:
        records.register_customer(by=agent, **{**PERSON, **fields})
    assert set(caught.value.message_dict) == errors
    assert not Customer.objects.exists() and not ContactPoint.objects.exists()
    assert not CustomerEvent.objects.exists()


def test_an_employer_needs_a_company_name_and_no_person_identifier(agent: Agent) -> None:
    with pytest.raises(ValidationError) as caught:
        records.register_customer(by=agent, kind="employer", company_name="",
                                   affiliation_number="123")
    assert {"company_name", "affiliation_number"} <= set(caught.value.message_dict)
    assert not Customer.objects.exists()


@pytest.mark.parametrize("field", ["immatriculation", "cin"])
def test_the_same_identifier_blocks_even_when_confirmed(agent: Agent, customer: Customer,
                                                        field: str) -> None:
    value = getattr(customer, field).lower()
    for confirm in (False, True):
        with pytest.raises(PossibleDuplicates) as caught:
            records.register_customer(by=agent, confirm_duplicate=confirm,
                                       **{**PERSON, field: value})
        assert caught.value.blocking and _reasons(caught) == {customer.pk: (field,)}
    assert Customer.objects.count() == 1


def test_the_same_affiliation_number_blocks(agent: Agent) -> None:
    employer = factories.EmployerFactory(affiliation_number="1234567")
    with pytest.raises(PossibleDuplicates) as caught:
        records.register_customer(by=agent, kind="employer", company_name="Autre SARL",
                                   affiliation_number="123-45-67", confirm_duplicate=True)
    assert _reasons(caught) == {employer.pk: ("affiliation_number",)}


@pytest.mark.parametrize("notation", ["0661234567", "+212 6 61 23 45 67", "00212661234567",
                                      "06-61-23-45-67"])
def test_the_same_phone_in_any_notation_is_pointed_out(agent: Agent, customer: Customer,
                                                       notation: str) -> None:
    factories.ContactPointFactory(customer=customer, value="+212661234567")
    with pytest.raises(PossibleDuplicates) as caught:
        records.register_customer(by=agent, mobile=notation, **PERSON)
    assert not caught.value.blocking and _reasons(caught) == {customer.pk: ("phone",)}


def test_a_retired_phone_is_not_a_duplicate(agent: Agent, customer: Customer) -> None:
    point = factories.ContactPointFactory(customer=customer, value="+212661234567")
    records.retire_contact(point=point, by=agent)
    assert records.register_customer(by=agent, mobile="0661234567", **PERSON)


@pytest.mark.parametrize("existing", ["Hajar Sefrioui", "Hajar Sefriwi", "hajar SÉFRIOUI",
                                      "هاجر الصفريوي", "Hadjar Sefrioui"])
def test_a_close_name_in_either_script_is_pointed_out_then_created_anyway(
        agent: Agent, agency_a, existing: str) -> None:
    first, last = existing.split(" ")
    twin = factories.CustomerFactory(agency=agency_a, first_name=first, last_name=last)
    with pytest.raises(PossibleDuplicates) as caught:
        records.register_customer(by=agent, **PERSON)
    assert not caught.value.blocking and _reasons(caught) == {twin.pk: ("name",)}
    created = records.register_customer(by=agent, confirm_duplicate=True, **PERSON)
    assert Customer.objects.count() == 2 and created.pk != twin.pk


def test_other_names_and_merged_records_are_not_duplicates(agent: Agent, agency_a) -> None:
    factories.CustomerFactory(agency=agency_a, first_name="Hajar", last_name="Bennani")
    factories.CustomerFactory(agency=agency_a, first_name="Karim", last_name="Sefrioui")
    survivor = factories.CustomerFactory(agency=agency_a, first_name="Autre", last_name="Nom")
    merged = factories.CustomerFactory(agency=agency_a, first_name="Hajar",
                                       last_name="Sefrioui")
    services.merge_customers(survivor=survivor, duplicate=merged, by=agent.user)
    assert records.register_customer(by=agent, **PERSON)


def test_candidates_by_identifier_come_first_with_all_their_reasons(agent: Agent,
                                                                    customer: Customer,
                                                                    agency_a) -> None:
    namesake = factories.CustomerFactory(agency=agency_a, first_name="Hajar",
                                         last_name="Sefrioui")
    factories.ContactPointFactory(customer=customer, value="+212661234567")
    with pytest.raises(PossibleDuplicates) as caught:
        records.register_customer(by=agent, cin=customer.cin, mobile="0661234567", **PERSON)
    assert [(c.customer.pk, c.reasons) for c in caught.value.candidates] == [
        (customer.pk, ("cin", "phone")), (namesake.pk, ("name",))]


def test_record_keepers_are_those_who_open_complaints() -> None:
    assert RECORD_KEEPERS == INTAKE
    assert Agent.Role.AUDITOR not in RECORD_KEEPERS


def test_an_auditor_may_not_create(agency_a) -> None:
    auditor = factories.AgentFactory(role=Agent.Role.AUDITOR, agency=agency_a)
    with pytest.raises(PermissionDenied):
        records.register_customer(by=auditor, **PERSON)
    assert not Customer.objects.exists()


def test_a_shared_first_name_alone_is_not_a_close_name(agent: Agent, agency_a) -> None:
    factories.CustomerFactory(agency=agency_a, first_name="Hajar", last_name="Semlali")
    factories.CustomerFactory(agency=agency_a, first_name="Hajar", last_name="Serghini")
    assert records.register_customer(by=agent, **PERSON)


def test_an_identifier_taken_meanwhile_is_a_duplicate_not_an_error(agent: Agent, agency_a,
                                                                   monkeypatch) -> None:
    from contactcenter.customers import selectors

    rival = factories.CustomerFactory(agency=agency_a, cin="AB123456")
    calls = []
    real = selectors.possible_duplicates

    def first_blind(**kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs)  # the rival's record was saved after the first look
        return [] if len(calls) == 1 else real(**kwargs)

    monkeypatch.setattr(selectors, "possible_duplicates", first_blind)
    with pytest.raises(PossibleDuplicates) as caught:
        records.register_customer(by=agent, cin="AB123456", **PERSON)
    assert caught.value.blocking and _reasons(caught) == {rival.pk: ("cin",)}
    assert Customer.objects.count() == 1 and not CustomerEvent.objects.exists()
