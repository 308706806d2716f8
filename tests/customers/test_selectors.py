"""The customers' plain-SQL selectors answer as their ORM equivalents."""

from __future__ import annotations

import pytest
from django.db.models import Exists, OuterRef

from contactcenter.customers import selectors
from contactcenter.customers.models import ContactPoint, Customer, SmsOptOut
from tests import factories

pytestmark = pytest.mark.django_db


def _orm_notification_mobile(customer: Customer) -> tuple[str, bool]:
    point = (customer.contact_points.filter(kind=ContactPoint.Kind.MOBILE)
             .annotate(opted_out=Exists(SmsOptOut.objects.filter(phone=OuterRef("value"),
                                                                 opted_out=True)))
             .order_by("-is_primary", "pk").first())
    return (point.value, point.opted_out) if point else ("", False)


def test_notification_mobile_answers_as_the_orm(customer) -> None:
    def both() -> tuple[tuple[str, bool], tuple[str, bool]]:
        return selectors.notification_mobile(customer.pk), _orm_notification_mobile(customer)

    assert both() == (("", False), ("", False))
    factories.ContactPointFactory(customer=customer, kind=ContactPoint.Kind.LANDLINE,
                                  value="+212522000000")
    assert both() == (("", False), ("", False))
    first = factories.ContactPointFactory(customer=customer, value="+212661000001")
    factories.ContactPointFactory(customer=customer, value="+212661000002")
    found, expected = both()
    assert found == expected == (first.value, False)
    primary = factories.ContactPointFactory(customer=customer, value="+212661000003",
                                            is_primary=True)
    found, expected = both()
    assert found == expected == (primary.value, False)
    opt_out = SmsOptOut.objects.create(phone=primary.value, opted_out=False,
                                       channel=SmsOptOut.Channel.SMS)
    found, expected = both()
    assert found == expected == (primary.value, False)
    opt_out.opted_out = True
    opt_out.save()
    found, expected = both()
    assert found == expected == (primary.value, True)
    # Another record's mobile is not this one's.
    factories.ContactPointFactory(value="+212661000004", is_primary=True)
    assert both()[0] == both()[1] == (primary.value, True)
