"""The complaint page's deadlines (templates/desk/partials/_deadlines.html)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from contactcenter.desk.deadlines import DeadlineFacts, facts
from tickets.models import Ticket

register = template.Library()


@register.simple_tag
def deadline_facts(ticket: Ticket) -> DeadlineFacts:
    return facts(ticket, now=timezone.now())
