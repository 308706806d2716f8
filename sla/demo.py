"""Demo service levels: the call centre's calendar, the callback policy, and complaints close
to their deadlines, so that a new user of the quick start sees the live board change.

The demo call centre answers around the clock, so its clocks run whenever the demo is
started; a callback is due within two business hours. The complaints opened by
`watch_deadlines` are placed relative to `now` on that calendar:

- one is not at risk yet: it turns "at risk" about two minutes later (its first level,
  75 %, is then an hour away) and "breached" about an hour and a half later;
- two are at risk already and breach about four and ten minutes later.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction

from contactcenter.customers.models import Channel, Customer, Interaction
from contactcenter.customers.services import record_interaction
from contactcenter.org.models import Agent, Direction
from sla.models import Calendar, EscalationLevel, SlaPolicy, WorkingHours
from tickets import services
from tickets.models import Category, Ticket

CALLBACK_CATEGORY = "ins-callback"
CALLBACK_RESOLUTION = timedelta(hours=2)
CALL_CENTRE_HOURS = (time(0), time(23, 59, 59))
# How long before `now` each watched complaint was opened (its clock has run that long).
WATCH_AGES = (timedelta(minutes=28), timedelta(minutes=116), timedelta(minutes=110))
HOME_AGENCY = "CASA-ANFA"
_REQUESTS = [
    "Merci de me rappeler au sujet de mes allocations familiales.",
    "أرجو الاتصال بي بخصوص استرجاع مصاريف العلاج.",
    "Je souhaite être rappelé pour mon attestation de salaires.",
]


@transaction.atomic
def seed_service_levels() -> None:
    """The call centre's calendar and the callback policy (created once, kept after)."""
    calendar, created = Calendar.objects.get_or_create(
        is_call_centre=True, defaults={"name": "Centre d'appels (24 h/24, 7 j/7)",
                                       "ramadan_start": CALL_CENTRE_HOURS[0],
                                       "ramadan_end": CALL_CENTRE_HOURS[1]})
    if created:
        WorkingHours.objects.bulk_create(
            WorkingHours(calendar=calendar, weekday=day, start=CALL_CENTRE_HOURS[0],
                         end=CALL_CENTRE_HOURS[1]) for day in range(7))
    category = Category.objects.filter(code=CALLBACK_CATEGORY).first()
    if category is None:
        return
    policy, created = SlaPolicy.objects.get_or_create(
        category=category, priority="", channel="", segment="",
        defaults={"name": "Rappel par un conseiller", "first_response": timedelta(minutes=30),
                  "resolution": CALLBACK_RESOLUTION})
    if created:
        EscalationLevel.objects.bulk_create([
            EscalationLevel(policy=policy, percent=75, warn_assignee=True),
            EscalationLevel(policy=policy, percent=100, breach=True, notify_supervisor=True),
            EscalationLevel(policy=policy, percent=150, notify_regional_manager=True,
                            raise_priority=True)])


def watch_deadlines(*, now: datetime) -> list[Ticket]:
    """Open the callback requests close to their deadlines (see the module's docstring).
    Returns them; none when the demo organisation is not loaded."""
    category = Category.objects.filter(code=CALLBACK_CATEGORY).first()
    opener = (Agent.objects.filter(role=Agent.Role.CALL_CENTRE,
                                   queues__direction__kind=Direction.Kind.CALL_CENTRE)
              .order_by("pk").first())
    customers = list(Customer.objects.filter(
        agency__code=HOME_AGENCY, kind=Customer.Kind.PERSON, merged_into__isnull=True)
        .exclude(roles__contains=[Customer.Role.DEPENDANT]).order_by("-pk")[:len(WATCH_AGES)])
    if category is None or opener is None or len(customers) < len(WATCH_AGES):
        return []
    opened = []
    for customer, age, request in zip(customers, WATCH_AGES, _REQUESTS, strict=True):
        ticket = services.open_complaint(customer=customer, channel=Channel.PHONE, by=opener,
                                         category=category, description=request,
                                         now=now - age)
        record_interaction(customer=customer, channel=Channel.PHONE, agent=opener,
                           direction=Interaction.Direction.INBOUND, occurred_at=now - age,
                           ticket=ticket, summary=request)
        opened.append(ticket)
    return opened
