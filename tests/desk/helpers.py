"""Helpers shared by the desk tests."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from contactcenter.customers.models import Customer
from contactcenter.org.models import Agent
from tickets import services
from tickets.models import Category, Ticket

HTMX = {"HTTP_HX_REQUEST": "true"}


def open_ticket(customer: Customer, by: Agent, category: Category | None = None,
                **extra: object) -> Ticket:
    """A complaint opened through the service, as the desk does."""
    return services.open_complaint(customer=customer, channel="counter", by=by,
                                   description="Allocations familiales non reçues depuis mars",
                                   category=category, **extra)  # type: ignore[arg-type]


def in_progress(customer: Customer, handler: Agent, category: Category) -> Ticket:
    ticket = open_ticket(customer, handler, category)
    return services.start_ticket(ticket=ticket, by=handler)


def fr(message: str, **params: object) -> str:
    """A message as a French-speaking agent reads it (the pages' language in the tests)."""
    with translation.override("fr"):
        text = gettext(message)
    return text % params if params else text


def shows(response: HttpResponse, message: str, **params: object) -> bool:
    """Whether the page shows this message (in French, escaped like the page)."""
    return escape(fr(message, **params)) in response.content.decode()
