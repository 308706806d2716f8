"""Demo complaint categories and complaints for the quick start.

The categories (their table is contactcenter.org.demo_data's CATEGORIES) are upserted by
code, each routed to its direction's queue or, with none, to the customer's agency front
office: building again changes nothing. The complaints are opened and moved along through
the real services so that each has its events, notifications and assignment, as a real one
would; they are opened once (running the demo again adds none).

`watch_deadlines` opens callback requests close to their deadlines, so that a new user of the
quick start sees the live board change. They are placed relative to `now` on the call
centre's around-the-clock calendar and callback policy (sla.demo; due within two hours):

- one is not at risk yet: it turns "at risk" about two minutes later (its first level,
  75 %, is then an hour away) and "breached" about an hour and a half later;
- two are at risk already and breach about four and ten minutes later.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from contactcenter.bulk import upsert
from contactcenter.customers.models import Channel, Customer, Interaction
from contactcenter.customers.services import record_interaction
from contactcenter.i18n import system_text
from contactcenter.org.demo_data import CATEGORIES
from contactcenter.org.models import Agent, Direction, Queue
from tickets import services, system_texts
from tickets.demo_texts import describe
from tickets.escalation import sweep
from tickets.models import Category, OutboxMessage, State, Ticket

SEED = 2026
DEFAULT_COUNT = 400
# The demo front office (guichet, superviseur) works at this agency: most complaints land
# there, and the callback requests close to their deadlines too.
HOME_AGENCY = "CASA-ANFA"
CALLBACK_CATEGORY = "ins-callback"
# How long before `now` each watched complaint was opened (its clock has run that long).
WATCH_AGES = (timedelta(minutes=28), timedelta(minutes=116), timedelta(minutes=110))
_REQUESTS = [
    "Merci de me rappeler au sujet de mes allocations familiales.",
    "أرجو الاتصال بي بخصوص استرجاع مصاريف العلاج.",
    "Je souhaite être rappelé pour mon attestation de salaires.",
]
_AUDIENCE: dict[str, str] = {Customer.Role.PENSIONER: Category.Audience.PENSIONER}
# Every this-many-th SMS complaint arrives without a category, as a customer's own SMS does
# (telephony.inbound): it waits for triage, with the desk's suggestion.
UNTRIAGED_SMS_EVERY = 12


def seed_categories(queues: dict[str, Queue]) -> list[Category]:
    """Upsert the complaint categories; `queues` are the demo organisation's, keyed by their
    owner's code (contactcenter.org.demo.Organisation.queues). Returns them."""
    rows = [Category(code=spec.code, audience=spec.audience, label_fr=spec.label_fr,
                     label_ar=spec.label_ar, is_active=True,
                     default_queue=queues[spec.direction] if spec.direction else None)
            for spec in CATEGORIES]
    upsert(Category, rows, unique=["code"],
           update=["audience", "label_fr", "label_ar", "default_queue", "is_active"])
    return rows


def callback_category_id() -> int | None:
    """The callback requests' category (the one sla.demo's policy applies to), if loaded."""
    return Category.objects.filter(code=CALLBACK_CATEGORY).values_list("pk", flat=True).first()


def complaints_exist() -> bool:
    return Ticket.objects.exists()


@transaction.atomic
def seed_complaints(*, count: int = DEFAULT_COUNT) -> int:
    """Open `count` complaints over the last 60 days and move them along; does nothing when
    complaints exist already (so running the demo again changes nothing)."""
    if complaints_exist() or count <= 0:
        return 0
    rng = random.Random(SEED)
    now = timezone.now()
    # (the call centre's callback requests are watch_deadlines's, close to deadlines)
    categories = {audience: list(
        Category.objects.filter(audience=audience, is_active=True)
        .exclude(default_queue__direction__kind=Direction.Kind.CALL_CENTRE))
        for audience in Category.Audience.values}
    home = list(Customer.objects.filter(agency__code=HOME_AGENCY, merged_into__isnull=True)
                .exclude(roles__contains=[Customer.Role.DEPENDANT]).order_by("pk")[:count])
    others = list(Customer.objects.filter(merged_into__isnull=True)
                  .exclude(agency__code=HOME_AGENCY)
                  .exclude(roles__contains=[Customer.Role.DEPENDANT]).order_by("pk")[:count])
    openers = list(Agent.objects.filter(role=Agent.Role.FRONT_OFFICE).select_related("agency"))
    answerers = {a.direction_id: a for a in
                 Agent.objects.filter(role=Agent.Role.BACK_OFFICE).order_by("pk")}
    directions = list(Direction.objects.filter(kind=Direction.Kind.BACK_OFFICE,
                                               pk__in=answerers.keys()))
    if not (home or others) or not openers or not any(categories.values()):
        return 0
    opened = sms_seen = 0
    for index in range(count):
        pool = home if home and (index % 3 or not others) else others or home
        customer = pool[rng.randrange(len(pool))]
        audience = _audience(customer)
        if not categories[audience]:
            continue
        at = now - timedelta(days=60 * (count - index) / count, minutes=rng.randrange(600))
        opener = next((a for a in openers if a.agency_id == customer.agency_id), openers[0])
        channel = rng.choice([Channel.COUNTER, Channel.PHONE, Channel.PHONE, Channel.SMS,
                              Channel.LETTER, Channel.EMAIL])
        chosen = rng.choice(categories[audience])
        description = describe(chosen.code, rng, sms=channel == Channel.SMS)
        sms_seen += channel == Channel.SMS
        untriaged = channel == Channel.SMS and sms_seen % UNTRIAGED_SMS_EVERY == 0
        ticket = services.open_complaint(
            customer=customer, channel=channel, by=opener, now=at,
            category=None if untriaged else chosen,
            description=description,
            priority=rng.choice(["normal"] * 6 + ["high", "low", "urgent"]))
        record_interaction(customer=customer, channel=channel,
                           direction=Interaction.Direction.INBOUND, occurred_at=at,
                           agent=opener, ticket=ticket, summary=ticket.description)
        _advance(ticket, rng=rng, at=at, now=now, directions=directions, answerers=answerers)
        opened += 1
    settle_the_past(now=now)
    return opened


def settle_the_past(*, now: datetime) -> int:
    """The demo complaints' history happened before `now`: their escalation levels already
    due are fired now (the sweep's catch-up, so that it has nothing left to do on the first
    start), those resolved long enough ago are closed (the closing job's catch-up), and every
    notification written for that history (SMS to the customers, notices to agents and
    boards) counts as sent when it was written, and each SMS as delivered. Nothing is sent
    for the past: no SMS about a complaint opened weeks ago. Returns how many notifications
    were settled."""
    sweep(now=now)
    while services.close_resolved_tickets(now=now):
        pass
    written = timezone.now()  # (the sweep's notices included)
    pending = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING,
                                           created_at__lte=written)
    # The carrier reported the past SMS delivered (the reports count the customers told).
    delivered = pending.filter(kind=OutboxMessage.Kind.SMS).update(
        status=OutboxMessage.Status.SENT, sent_at=F("created_at"),
        next_attempt_at=F("created_at"), delivery_status=OutboxMessage.DeliveryStatus.DELIVERED,
        delivery_updated_at=F("created_at"))
    return delivered + pending.update(status=OutboxMessage.Status.SENT, sent_at=F("created_at"),
                                      next_attempt_at=F("created_at"))


def _audience(customer: Customer) -> str:
    if customer.kind == Customer.Kind.EMPLOYER:
        return Category.Audience.EMPLOYER
    for role in customer.roles:
        if role in _AUDIENCE:
            return _AUDIENCE[role]
    return Category.Audience.INSURED


def _advance(ticket: Ticket, *, rng: random.Random, at: datetime,
             now: datetime, directions: list[Direction],
             answerers: dict[int | None, Agent]) -> None:
    """Move a complaint some way along its life: the older it is, the further."""
    if ticket.assignee is None:
        return
    handler = ticket.assignee
    age_days = (now - at).days
    step = lambda hours: min(now, at + timedelta(hours=hours))  # noqa: E731
    stage = rng.random() * min(1.0, age_days / 30)
    if stage < 0.15:
        return
    services.start_ticket(ticket=ticket, by=handler, now=step(2))
    if stage < 0.3:
        return
    if rng.random() < 0.3:
        services.ask_customer(ticket=ticket, by=handler, now=step(20),
                              request="Copie de la CIN et du dernier bulletin de paie")
        if stage < 0.45:
            return
        services.record_customer_reply(ticket=ticket, text="Documents déposés à l'agence",
                                       actor_label=system_text(system_texts.CUSTOMER), now=step(70))
    if directions and rng.random() < 0.35:
        direction = rng.choice(directions)
        services.refer_ticket(ticket=ticket, by=handler, direction=direction, now=step(80),
                              note="Décision du siège nécessaire")
        if stage < 0.6:
            return
        services.answer_referral(ticket=ticket, by=answerers[direction.pk], now=step(200),
                                 answer="Dossier régularisé dans le système central")
    if stage < 0.7:
        return
    # Half answered ten days in, half in the last days (still open to reopening, not closed
    # yet): those resolved more than TICKET_AUTO_CLOSE_DAYS ago are closed by settle_the_past.
    resolved_at = step(240) if rng.random() < 0.5 else max(
        step(240), now - timedelta(days=rng.uniform(1, 12)))
    if rng.random() < 0.2:
        services.resolve_ticket(
            ticket=ticket, by=handler, now=resolved_at, outcome=Ticket.Outcome.REJECTED,
            explanation="Les jours réclamés n'ont pas été déclarés par votre employeur.",
            rule="Article 22 du dahir portant loi n° 1-72-184")
    else:
        services.resolve_ticket(
            ticket=ticket, by=handler, now=resolved_at, outcome=Ticket.Outcome.ACCEPTED,
            explanation="Votre dossier est régularisé; le versement sera fait ce mois-ci.")
    if stage > 0.9 and ticket.state == State.RESOLVED:
        services.close_ticket(ticket=ticket, by=handler,
                              now=min(now, resolved_at + timedelta(days=7)))


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
