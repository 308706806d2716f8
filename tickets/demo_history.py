"""Two years of complaint history for the demo, so that the managers' reports tell a story
(tickets.demo_story says which): complaints opened since go-live, HISTORY_DAYS ago, in every
region (weighted as the customers live) and agency, on every channel, in the categories of
each customer's audience, each carried along its life (tickets.demo_timeline) up to now.

Written in bulk (COPY): complaints, their events, their SMS to the customer and the
satisfaction answers, then the complaints' search words (tickets.search.reindex). Going
through tickets.services step by step would take minutes. Deterministic for a given day
(seeded), and written once: nothing is added when complaints older than RECENT_DAYS exist
(tickets.demo's own complaints are the last 60 days').
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from stdnum import verhoeff

from contactcenter.bulk import copy_insert
from contactcenter.customers.models import Channel, ContactPoint, Customer
from contactcenter.org.demo_data import REGIONS
from contactcenter.org.models import Agency, Agent, Direction
from sla import selectors as sla_selectors
from tickets import demo_story as story
from tickets import routing, search
from tickets.demo_texts import describe
from tickets.demo_timeline import Cast, Life, live
from tickets.models import Category, OutboxMessage, SurveyAnswer, Ticket, TicketEvent
from tickets.references import BODY_LENGTH

SEED = "2026:history"
DEFAULT_HISTORY = 8000
MAX_HISTORY = 100_000
RECENT_DAYS = 120
CHANNEL_WEIGHTS: dict[str, int] = {
    Channel.COUNTER: 28, Channel.PHONE: 24, Channel.SMS: 12, Channel.EMAIL: 10,
    Channel.LETTER: 8, Channel.CHAT: 9, Channel.WEB: 9}
# Channels that reach an agency only on working days (the others arrive any day).
OFFICE_CHANNELS = {Channel.COUNTER, Channel.LETTER, Channel.PHONE}
AUDIENCE_WEIGHTS: dict[str, int] = {
    Category.Audience.INSURED: 58, Category.Audience.PENSIONER: 25,
    Category.Audience.EMPLOYER: 17}
PRIORITY_WEIGHTS = {"normal": 75, "high": 10, "low": 8, "urgent": 7}
# The service level when no policy applies (the national default's).
DEFAULT_RESOLUTION, DEFAULT_FIRST_RESPONSE = timedelta(hours=40), timedelta(hours=8)
DEFAULT_PERCENTS = [75, 100, 150]
STUCK_WITHIN_DAYS = 240
# The call centre's callback requests, less often than a category of complaints.
CALL_CENTRE_WEIGHT = 0.3  # complaints still unanswered today were opened in these last days


def history_exists(*, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return Ticket.objects.filter(created_at__lt=now - timedelta(days=RECENT_DAYS)).exists()


@dataclass
class Seeded:
    complaints: int = 0
    events: int = 0
    sms: int = 0
    answers: int = 0


@transaction.atomic
def seed_history(*, count: int = DEFAULT_HISTORY, now: datetime | None = None) -> Seeded:
    """Write `count` historical complaints over the last HISTORY_DAYS, unless the history is
    there already or the demo organisation, categories or customers are missing. Raises
    ValueError for a count out of range."""
    if not 0 <= count <= MAX_HISTORY:
        raise ValueError(f"The number of historical complaints must be between 0 and "
                         f"{MAX_HISTORY}.")
    now = now or timezone.now()
    if count == 0 or history_exists(now=now):
        return Seeded()
    world = _World.load()
    if not world.ready():
        return Seeded()
    rng = random.Random(f"{SEED}:{timezone.localdate(now).isoformat()}")
    lives = [_one(world, rng, now=now) for _ in range(count)]
    return _write(lives)


def add_survey_answers(rows: Sequence[Mapping[str, Any]]) -> int:
    """Bulk-write satisfaction answers for another app's demo history (the web chat's):
    {score, channel, customer_id, comment, answered_at}. Raises ValueError on a score out of
    1-5 or an unknown channel, and then writes nothing."""
    for row in rows:
        if not SurveyAnswer.MIN_SCORE <= row["score"] <= SurveyAnswer.MAX_SCORE:
            raise ValueError(f"Satisfaction score out of range: {row['score']!r}")
        if row["channel"] not in Channel.values:
            raise ValueError(f"Unknown channel: {row['channel']!r}")
    copy_insert(SurveyAnswer, rows)
    return len(rows)


class _World:
    """What the history is made of, read once: agencies by region, customers by agency and
    audience (those with a mobile), categories, queues and their agents, service levels."""

    def __init__(self) -> None:
        self.agencies: dict[str, list[Agency]] = defaultdict(list)
        self.customers: dict[tuple[int, str], list[tuple[int, str, str]]] = defaultdict(list)
        self.by_audience: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
        self.categories: dict[str, list[Category]] = {}
        self.queue_agents: dict[int, list[int]] = defaultdict(list)
        self.front_office: dict[int, list[int]] = defaultdict(list)
        self.call_centre: list[int] = []
        self.answerers: dict[int, int] = {}
        self.directions: list[int] = []
        self.references: set[str] = set()
        self._queues: dict[tuple[int, int], int | None] = {}
        self._levels: dict[tuple[int, str, str, str], tuple[
            int | None, timedelta, timedelta, list[int], float]] = {}

    @classmethod
    def load(cls) -> _World:
        world = cls()
        for agency in Agency.objects.select_related("region").order_by("pk"):
            world.agencies[agency.region.code].append(agency)
        mobiles: dict[int, str] = {}
        for customer_id, value in (ContactPoint.objects.filter(
                kind=ContactPoint.Kind.MOBILE, retired_at__isnull=True)
                .order_by("customer_id", "-is_primary", "pk").values_list("customer_id",
                                                                          "value")):
            mobiles.setdefault(customer_id, value)
        for pk, agency_id, kind, roles, language in (
                Customer.objects.filter(merged_into__isnull=True, agency__isnull=False)
                .exclude(roles__contains=[Customer.Role.DEPENDANT]).order_by("pk")
                .values_list("pk", "agency_id", "kind", "roles", "preferred_language")):
            if pk not in mobiles:
                continue
            audience: str = (Category.Audience.EMPLOYER if kind == Customer.Kind.EMPLOYER
                        else Category.Audience.PENSIONER if Customer.Role.PENSIONER in roles
                        else Category.Audience.INSURED)
            row = (pk, mobiles[pk], language or "fr")
            world.customers[(agency_id, audience)].append(row)
            world.by_audience[audience].append(row)
        for audience in Category.Audience.values:
            world.categories[audience] = list(
                Category.objects.filter(audience=audience, is_active=True)
                .select_related("default_queue__direction").order_by("pk"))
        agents = Agent.objects.filter(user__is_active=True).order_by("pk")
        for pk, queue_id in agents.filter(role__in=routing.ASSIGNABLE_ROLES,
                                          queues__isnull=False).values_list("pk", "queues"):
            world.queue_agents[queue_id].append(pk)
        for pk, role, agency_id, direction_id in agents.values_list(
                "pk", "role", "agency_id", "direction_id"):
            if role == Agent.Role.FRONT_OFFICE and agency_id:
                world.front_office[agency_id].append(pk)
            elif role == Agent.Role.CALL_CENTRE:
                world.call_centre.append(pk)
            elif role == Agent.Role.BACK_OFFICE and direction_id:
                world.answerers.setdefault(direction_id, pk)
        world.directions = sorted(
            pk for pk in Direction.objects.filter(kind=Direction.Kind.BACK_OFFICE)
            .values_list("pk", flat=True) if pk in world.answerers)
        world.references = set(Ticket.objects.values_list("reference", flat=True))
        return world

    def ready(self) -> bool:
        return bool(self.agencies and self.by_audience and any(self.categories.values())
                    and self.front_office)

    def queue_of(self, category: Category, agency: Agency) -> int | None:
        key = (category.pk, agency.pk)
        if key not in self._queues:
            queue = routing.queue_for(category=category, agency=agency)
            self._queues[key] = queue.pk if queue else None
        return self._queues[key]

    def levels(self, category: Category, priority: str, channel: str, audience: str
               ) -> tuple[int | None, timedelta, timedelta, list[int], float]:
        """The policy's id, resolution and first-response times in calendar time, its
        escalation levels' percents and the calendar's ratio of calendar to business time
        (the call centre's queues work around the clock)."""
        key = (category.pk, priority, channel, audience)
        if key not in self._levels:
            ratio = 1.0 if _call_centre(category) else story.CALENDAR_PER_BUSINESS
            policy = sla_selectors.policy_for(category_id=category.pk, priority=priority,
                                              channel=channel, segment=audience)
            resolution, first = ((policy.resolution, policy.first_response) if policy
                                 else (DEFAULT_RESOLUTION, DEFAULT_FIRST_RESPONSE))
            percents = (sorted(level.percent for level in policy.levels.all()) if policy
                        else DEFAULT_PERCENTS)
            self._levels[key] = (policy.pk if policy else None, resolution * ratio,
                                 first * ratio, percents, ratio)
        return self._levels[key]

    def new_reference(self, rng: random.Random) -> str:
        while True:
            body = str(rng.randrange(10 ** (BODY_LENGTH - 1), 10 ** BODY_LENGTH))
            reference = body + verhoeff.calc_check_digit(body)
            if reference not in self.references:
                self.references.add(reference)
                return reference


_REGION_WEIGHTS = {spec.code: spec.weight for spec in REGIONS}


def _one(world: _World, rng: random.Random, *, now: datetime) -> Life:
    """Draw one complaint (when, where, who, what) and live it up to now."""
    progress = _progress(rng)
    channel = _pick(rng, CHANNEL_WEIGHTS)
    created = _opening_time(rng, now - timedelta(days=story.HISTORY_DAYS * (1 - progress)),
                            office=channel in OFFICE_CHANNELS, now=now)
    regions = [code for code in world.agencies if code in _REGION_WEIGHTS] or list(
        world.agencies)
    region = rng.choices(regions, weights=[_REGION_WEIGHTS.get(c, 1) for c in regions])[0]
    agencies = world.agencies[region]
    agency = rng.choices(agencies, weights=[2] + [1] * (len(agencies) - 1))[0]
    audience = _pick(rng, {a: w for a, w in AUDIENCE_WEIGHTS.items() if world.categories[a]
                           and world.by_audience[a]})
    customer_id, mobile, language = rng.choice(
        world.customers.get((agency.pk, audience)) or world.by_audience[audience])
    categories = world.categories[audience]
    category = rng.choices(categories, weights=[
        CALL_CENTRE_WEIGHT if _call_centre(c) else 1.0 for c in categories])[0]
    priority = _pick(rng, PRIORITY_WEIGHTS)
    policy_id, target, first_target, percents, ratio = world.levels(category, priority,
                                                                   channel, audience)
    queue_id = world.queue_of(category, agency)
    holders = (world.queue_agents.get(queue_id or 0) or world.front_office.get(agency.pk)
               or next(iter(world.front_office.values())))
    opener = (rng.choice(world.call_centre) if channel in (Channel.PHONE, Channel.CHAT)
              and world.call_centre else None if channel in (Channel.SMS, Channel.WEB)
              else (world.front_office.get(agency.pk) or holders)[0])
    referred = (world.directions and category.default_queue_id is None
                and rng.random() < 0.3)
    direction = rng.choice(world.directions) if referred else None
    lagging = region == story.LAGGING_REGION
    cast = Cast(
        reference=world.new_reference(rng), customer_id=customer_id, audience=audience,
        mobile=mobile, language=language, category_id=category.pk,
        category_code=category.code, channel=channel, priority=priority,
        agency_id=agency.pk, queue_id=queue_id, opener_id=opener,
        assignee_id=rng.choice(holders), direction_id=direction,
        answerer_id=world.answerers.get(direction) if direction else None,
        policy_id=policy_id, target=target, first_target=first_target, percents=percents,
        calendar_ratio=ratio,
        description=describe(category.code, rng, sms=channel == Channel.SMS), lagging=lagging)
    stuck = (created > now - timedelta(days=STUCK_WITHIN_DAYS)
             and rng.random() < story.stuck_share(lagging=lagging))
    return live(cast, created=created, progress=progress, now=now, rng=rng, stuck=stuck)


def _call_centre(category: Category) -> bool:
    """Whether the category's complaints go to the call centre (callback requests)."""
    queue = category.default_queue
    return bool(queue and queue.direction and queue.direction.kind
                == Direction.Kind.CALL_CENTRE)


def _pick(rng: random.Random, weights: Mapping[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _progress(rng: random.Random) -> float:
    """How far into the history a complaint is opened: more complaints as the service
    becomes known (density rising from 0.75 to 1.25)."""
    return (-0.75 + (0.5625 + rng.random()) ** 0.5) / 0.5


def _opening_time(rng: random.Random, moment: datetime, *, office: bool,
                  now: datetime) -> datetime:
    """During the working day (local time); on a working day for the office channels."""
    day = timezone.localtime(moment).date()
    if office and day.weekday() >= 5:
        day -= timedelta(days=day.weekday() - 4)
    at = datetime.combine(day, time(rng.randint(8, 16), rng.randint(0, 59),
                                    rng.randint(0, 59)), tzinfo=timezone.get_current_timezone())
    return min(at, now - timedelta(minutes=rng.randint(5, 120)))


def _write(lives: list[Life]) -> Seeded:
    copy_insert(Ticket, [life.ticket for life in lives])
    ids = dict(Ticket.objects.filter(reference__in=[life.ticket["reference"] for life in lives])
               .values_list("reference", "pk"))
    events: list[dict[str, Any]] = []
    messages: list[dict[str, Any]] = []
    answers: list[dict[str, Any]] = []
    for life in lives:
        pk = ids[life.ticket["reference"]]
        events += ({**event, "ticket_id": pk} for event in life.events)
        messages += ({**message, "ticket_id": pk} for message in life.sms)
        answers += ({**answer, "ticket_id": pk} for answer in life.answers)
    copy_insert(TicketEvent, events)
    copy_insert(OutboxMessage, messages)
    copy_insert(SurveyAnswer, answers)
    search.reindex(list(ids.values()))
    return Seeded(complaints=len(ids), events=len(events), sms=len(messages),
                  answers=len(answers))
