"""Creating and validating records: identifiers, phones, e-mails, links."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from contactcenter.customers import services
from contactcenter.customers.identifiers import parse_phone, validate_mobile
from contactcenter.customers.models import ContactPoint, Customer, DependantLink
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_person_is_created_with_normalised_identifiers_and_e164_mobile(agency_a) -> None:
    person = services.create_customer(
        first_name="Hajar", last_name="El Idrissi", immatriculation="123 456 789",
        cin="be 123456", agency=agency_a, mobile="06 61 23 45 67", email="Hajar@Example.MA",
        roles=[Customer.Role.INSURED], preferred_language="ar")
    person.refresh_from_db()
    assert person.immatriculation == "123456789"
    assert person.cin == "BE123456"
    assert person.name_search == "hajar el idrissi"
    assert set(person.contact_points.values_list("kind", "value")) == {
        (ContactPoint.Kind.MOBILE, "+212661234567"), (ContactPoint.Kind.EMAIL, "hajar@example.ma")}


@pytest.mark.parametrize("field,value", [
    ("immatriculation", "12345"),
    ("immatriculation", "12345678X"),
    ("cin", "123456"),
    ("cin", "ABC1234567"),
])
def test_an_invalid_identifier_is_refused_naming_the_field(field, value) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_customer(first_name="A", last_name="B", **{field: value})
    assert field in error.value.message_dict
    assert value in error.value.message_dict[field][0]
    assert not Customer.objects.exists()


def test_identifier_formats_come_from_settings(settings) -> None:
    settings.CUSTOMER_IDENTIFIER_FORMATS = {**settings.CUSTOMER_IDENTIFIER_FORMATS,
                                            "immatriculation": r"\d{12}"}
    with pytest.raises(ValidationError):
        services.create_customer(first_name="A", last_name="B", immatriculation="123456789")
    assert services.create_customer(first_name="A", last_name="B",
                                    immatriculation="123456789012").pk


@pytest.mark.parametrize("mobile", ["0522 12 34 56", "12", "+33 1 23 45 67 89", "hello"])
def test_a_mobile_that_is_not_a_valid_mobile_is_refused_and_nothing_saved(mobile) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_customer(first_name="A", last_name="B", immatriculation="111222333",
                                 mobile=mobile)
    assert "mobile" in error.value.message_dict
    assert not Customer.objects.exists()


@translation.override("en")
def test_phone_readings_kept_per_process_still_name_the_field_asked_about() -> None:
    assert validate_mobile("06 61 00 03 33") == "+212661000333"
    assert validate_mobile("+212 661 000 333", field="mobile") == "+212661000333"
    for field in ("phone", "mobile"):
        with pytest.raises(ValidationError) as error:
            validate_mobile("0522 12 34 56", field=field)
        assert error.value.message_dict == {field: ["0522 12 34 56 is not a mobile number."]}
    assert parse_phone("0522 12 34 56") == "+212522123456"  # a valid number, not a mobile


@translation.override("en")
def test_a_phone_too_long_to_be_one_is_invalid() -> None:
    padded = "0661000333" + " " * 300
    assert parse_phone(padded) is None
    with pytest.raises(ValidationError) as error:
        validate_mobile(padded)
    assert error.value.message_dict == {"phone": [f"{padded} is not a valid phone number."]}


def test_a_bad_email_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError) as error:
        services.create_customer(first_name="A", last_name="B", email="not-an-address")
    assert "email" in error.value.message_dict
    assert not Customer.objects.exists()


def test_identifiers_are_unique(customer) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_customer(first_name="X", last_name="Y",
                                 immatriculation=customer.immatriculation)
    assert "immatriculation" in error.value.message_dict


def test_an_employer_has_an_affiliation_number_and_a_person_has_not() -> None:
    with pytest.raises(ValidationError) as error:
        services.create_customer(first_name="A", last_name="B", affiliation_number="1234567")
    assert "affiliation_number" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.create_customer(kind=Customer.Kind.EMPLOYER, company_name="",
                                 affiliation_number="1234567")
    assert "company_name" in error.value.message_dict
    employer = services.create_customer(kind=Customer.Kind.EMPLOYER, company_name="Atlas SA",
                                        affiliation_number="1234567")
    assert str(employer) == "Atlas SA"


def test_the_database_refuses_an_affiliation_number_on_a_person_even_bypassing_services(
        ) -> None:
    with pytest.raises(IntegrityError):
        Customer.objects.create(first_name="A", affiliation_number="7654321")


def test_employment_links_a_person_to_an_employer(customer) -> None:
    employer = factories.EmployerFactory()
    services.link_employment(person=customer, employer=employer,
                             start_date=datetime.date(2019, 1, 1))
    services.link_employment(person=customer, employer=employer,
                             start_date=datetime.date(2019, 1, 1),
                             end_date=datetime.date(2022, 6, 30))
    (employment,) = customer.employments.all()
    assert employment.end_date == datetime.date(2022, 6, 30)
    assert list(employer.employees.all()) == [employment]
    with pytest.raises(ValidationError):
        services.link_employment(person=employer, employer=customer,
                                 start_date=datetime.date(2020, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.link_employment(person=customer, employer=employer,
                                 start_date=datetime.date(2023, 1, 1),
                                 end_date=datetime.date(2022, 1, 1))
    assert "end_date" in error.value.message_dict


def test_a_dependant_is_linked_to_the_insured_person_and_gets_the_role(customer) -> None:
    child = factories.CustomerFactory(roles=[], immatriculation=None, cin=None,
                                      agency=customer.agency)
    services.link_dependant(insured=customer, dependant=child,
                            relationship=DependantLink.Relationship.CHILD)
    child.refresh_from_db()
    assert child.roles == [Customer.Role.DEPENDANT]
    assert customer.dependants.get().dependant == child
    with pytest.raises(ValidationError):
        services.link_dependant(insured=customer, dependant=customer, relationship="child")
    with pytest.raises(ValidationError):
        services.link_dependant(insured=customer, dependant=child, relationship="cousin")
