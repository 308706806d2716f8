"""Which complaint categories fit a customer: an employer's complaints are employers' ones,
an insured person's or a pensioner's are theirs (Category.audience)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Case, CharField, F, Value, When
from django.utils.translation import gettext as _

from contactcenter.customers.models import Customer
from contactcenter.customers.text import fold
from tickets.models import Category

Audience = Category.Audience
Role = Customer.Role


def audiences_for(customer: Customer) -> tuple[str, ...]:
    """The audiences whose categories fit the customer. A person with neither the insured nor
    the pensioner role (a dependant, a voluntary contributor) complains as an insured person;
    a record without roles yet may be either."""
    if customer.kind == Customer.Kind.EMPLOYER:
        return (Audience.EMPLOYER,)
    roles = set(customer.roles or ())
    fitting = tuple(audience for audience, role in ((Audience.INSURED, Role.INSURED),
                                                    (Audience.PENSIONER, Role.PENSIONER))
                    if role in roles)
    if fitting:
        return fitting
    return (Audience.INSURED,) if roles else (Audience.INSURED, Audience.PENSIONER)


def fits(category: Category, customer: Customer) -> bool:
    return category.audience in audiences_for(customer)


def refusal(category: Category) -> str:
    """Why a category that does not fit the customer is refused."""
    return _("“%(category)s” is a category for: %(audience)s. Choose one that fits this "
             "customer.") % {"category": category.label,
                             "audience": category.get_audience_display()}


def grouped(categories: Iterable[Category]) -> list[tuple[str, list[Category]]]:
    """The categories by audience (in the audiences' order), each group sorted by the label
    in the active language (accents and case aside); empty groups left out."""
    ordered = sorted(categories, key=lambda category: fold(category.label))
    groups = [(str(label), [c for c in ordered if c.audience == audience])
              for audience, label in Audience.choices]
    return [(label, members) for label, members in groups if members]


def audience_expression(*, category: str, customer: str) -> Case:
    """The audience a row is counted for, in SQL: its complaint's category's audience, else
    its customer's (an employer; a pensioner; any other person as an insured person), else
    "" when there is neither. `category` and `customer` are the lookups to them."""
    return Case(
        When(**{f"{category}__audience__isnull": False},
             then=F(f"{category}__audience")),
        When(**{f"{customer}__kind": Customer.Kind.EMPLOYER}, then=Value(Audience.EMPLOYER)),
        When(**{f"{customer}__roles__contains": [Role.PENSIONER]},
             then=Value(Audience.PENSIONER)),
        When(**{f"{customer}__isnull": False}, then=Value(Audience.INSURED)),
        default=Value(""), output_field=CharField())
