"""One historical complaint's life for the demo history (tickets.demo_history): its steps
in time order as the workflow would have recorded them, cut at `now`, and the rows they
leave (the complaint's fields, its events, its SMS and its satisfaction answer).

The resolution clock is drawn in calendar time (tickets.demo_story) and placed on the wall
clock around the pause while the customer is asked for something; the service level's
business time is converted with the ratio of its calendar (Cast.calendar_ratio). Field by
field the rows are what tickets.services and sla.services leave: a stopped clock banks its
time, a paused one has no deadline, a running one runs since its last transition; the
escalation levels due by `now` have fired (each an ESCALATION event) and the next one is in
the future.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from contactcenter.i18n import system_text
from tickets import demo_story as story
from tickets import system_texts
from tickets.models import OutboxMessage, State, TicketEvent

Kind = TicketEvent.Kind
CUSTOMER_VISIBLE = TicketEvent.Visibility.CUSTOMER
INTERNAL = TicketEvent.Visibility.INTERNAL
AUTO_CLOSE = timedelta(days=15)
SYSTEM = system_text(system_texts.SYSTEM)
CUSTOMER = system_text(system_texts.CUSTOMER)
AUTOMATIC_ASSIGNMENT = system_text(system_texts.AUTOMATIC_ASSIGNMENT)
AUTOMATIC_CLOSING = system_text(system_texts.AUTOMATIC_CLOSING)
SERVICE_LEVELS = system_text(system_texts.SERVICE_LEVELS)
_TARGET_STATES = {"triage": State.TRIAGED, "assign": State.ASSIGNED, "start": State.IN_PROGRESS,
                  "ask_customer": State.WAITING, "receive_customer_reply": State.IN_PROGRESS,
                  "refer": State.REFERRED, "receive_referral_answer": State.IN_PROGRESS,
                  "resolve": State.RESOLVED, "close": State.CLOSED,
                  "reopen": State.IN_PROGRESS}
_NOTIFY = {"ask_customer": "waiting", "refer": "referred", "resolve": "resolved",
           "close": "closed", "reopen": "reopened"}


@dataclass
class Cast:
    """Who takes part in one complaint's life, and its fixed facts."""

    reference: str
    customer_id: int
    audience: str
    mobile: str
    language: str
    category_id: int
    category_code: str
    channel: str
    priority: str
    agency_id: int
    queue_id: int | None
    opener_id: int | None
    assignee_id: int | None
    direction_id: int | None  # referred to, if referred
    answerer_id: int | None
    policy_id: int | None
    target: timedelta  # the resolution level, in calendar time
    first_target: timedelta
    calendar_ratio: float  # calendar time per unit of business time on its calendar
    percents: list[int]
    description: str
    lagging: bool


@dataclass
class Life:
    """The rows one complaint leaves; events and SMS carry no ticket id yet."""

    ticket: dict[str, Any]
    events: list[dict[str, Any]] = field(default_factory=list)
    sms: list[dict[str, Any]] = field(default_factory=list)
    answers: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Clock:
    """One period of the resolution clock: its start and its pause for the customer."""

    start: datetime
    wait_at: timedelta | None = None  # clock time when the complaint began waiting
    wait_for: timedelta = timedelta(0)

    def wall(self, clock: timedelta) -> datetime:
        paused = self.wait_at is not None and clock > self.wait_at
        return self.start + clock + (self.wait_for if paused else timedelta(0))

    def used(self, at: datetime) -> timedelta:
        """Clock time used by `at`."""
        if self.wait_at is not None:
            began = self.start + self.wait_at
            if at >= began + self.wait_for:
                return at - self.start - self.wait_for
            if at >= began:
                return self.wait_at
        return max(timedelta(0), at - self.start)


def live(cast: Cast, *, created: datetime, progress: float, now: datetime,
         rng: random.Random, stuck: bool) -> Life:
    """The complaint's rows: its steps drawn, then replayed up to `now`."""
    steps: list[tuple[datetime, int, dict[str, Any]]] = []

    def step(at: datetime, **event: Any) -> None:
        steps.append((at, len(steps), event))

    clock = _Clock(created)
    total = (timedelta(days=3650) if stuck else story.resolution_clock(
        rng, progress, lagging=cast.lagging, target=cast.target))
    first = min(story.first_response_after(rng, progress, lagging=cast.lagging,
                                           target=cast.first_target), total * 0.8)
    # (a complaint the customer sent by SMS or on the web has no agent as its opener)
    step(created, kind=Kind.OPENED, by=cast.opener_id, label=CUSTOMER, note=cast.description,
         visibility=CUSTOMER_VISIBLE, notify="received")
    step(created, kind=Kind.TRANSITION, action="triage", by=cast.opener_id, label=CUSTOMER)
    if cast.assignee_id is None:
        return _replay(cast, steps, [clock], now=now, rng=rng, progress=progress)
    step(created, kind=Kind.TRANSITION, action="assign", label=AUTOMATIC_ASSIGNMENT)
    step(clock.wall(first), kind=Kind.TRANSITION, action="start", by=cast.assignee_id)
    after_first = total - first
    if rng.random() < 0.2:
        clock.wait_at = first + after_first * rng.uniform(0.05, 0.4)
        clock.wait_for = timedelta(days=rng.uniform(1, 9))
        asked = rng.choice(story.ASKED)
        step(clock.wall(clock.wait_at), kind=Kind.TRANSITION, action="ask_customer",
             by=cast.assignee_id, note=asked, visibility=CUSTOMER_VISIBLE, asked=asked)
        step(clock.start + clock.wait_at + clock.wait_for, kind=Kind.TRANSITION,
             action="receive_customer_reply", label=CUSTOMER,
             note=rng.choice(story.CUSTOMER_REPLIES), visibility=CUSTOMER_VISIBLE)
    if cast.direction_id is not None:
        low = (clock.wait_at - first) / after_first if clock.wait_at is not None else 0.05
        referred = first + after_first * rng.uniform(low + 0.01, low + 0.3)
        answered = referred + (total - referred) * rng.uniform(0.5, 0.9)
        step(clock.wall(referred), kind=Kind.TRANSITION, action="refer", by=cast.assignee_id,
             note=rng.choice(story.REFERRAL_NOTES), referred=True)
        step(clock.wall(answered), kind=Kind.TRANSITION, action="receive_referral_answer",
             by=cast.answerer_id, note=rng.choice(story.REFERRAL_ANSWERS))
    if rng.random() < 0.3:
        step(clock.wall(first + after_first * rng.uniform(0.1, 0.9)), kind=Kind.REPLY,
             by=cast.assignee_id, note=rng.choice(story.REPLIES), visibility=CUSTOMER_VISIBLE)
    _escalations(cast, clock, total, step)
    clocks = [clock]
    if stuck:
        return _replay(cast, steps, clocks, now=now, rng=rng, progress=progress)
    result = story.outcome(rng, cast.category_code)
    resolved = clock.wall(total)
    _resolve(cast, resolved, result, rng, step)
    if rng.random() < 0.035:
        reopened = resolved + timedelta(days=rng.uniform(1, 10))
        step(reopened, kind=Kind.TRANSITION, action="reopen", label=CUSTOMER,
             note=rng.choice(story.REOPEN_REASONS), visibility=CUSTOMER_VISIBLE)
        again = _Clock(reopened)
        clocks.append(again)
        second = timedelta(days=rng.uniform(1, 12))
        _escalations(cast, again, second, step)
        resolved = reopened + second
        _resolve(cast, resolved, story.outcome(rng, cast.category_code), rng, step)
    if rng.random() < 0.4:
        step(resolved + timedelta(days=rng.uniform(0.5, 7)), kind=Kind.TRANSITION,
             action="close", by=cast.assignee_id, visibility=CUSTOMER_VISIBLE)
    else:
        step(resolved + AUTO_CLOSE, kind=Kind.TRANSITION, action="close",
             label=AUTOMATIC_CLOSING, visibility=CUSTOMER_VISIBLE)
    return _replay(cast, steps, clocks, now=now, rng=rng, progress=progress)


def _resolve(cast: Cast, at: datetime, result: str, rng: random.Random, step: Any) -> None:
    explanation = rng.choice(story.EXPLANATIONS[result])
    step(at, kind=Kind.TRANSITION, action="resolve", by=cast.assignee_id, note=explanation,
         visibility=CUSTOMER_VISIBLE, outcome=result, explanation=explanation,
         rule=rng.choice(story.RULES) if result == "rejected" else "")


def _escalations(cast: Cast, clock: _Clock, total: timedelta, step: Any) -> None:
    for percent in cast.percents:
        reached = cast.target * percent / 100
        if reached < total:
            step(clock.wall(reached), kind=Kind.ESCALATION, action=f"sla_{percent}",
                 label=SERVICE_LEVELS,
                 note=system_text(system_texts.RESOLUTION_TIME_USED, percent=percent))


def _replay(cast: Cast, steps: list[tuple[datetime, int, dict[str, Any]]],
            clocks: list[_Clock], *, now: datetime, rng: random.Random,
            progress: float) -> Life:
    created = clocks[0].start
    ticket: dict[str, Any] = {
        "reference": cast.reference, "customer_id": cast.customer_id,
        "category_id": cast.category_id, "channel": cast.channel, "priority": cast.priority,
        "state": State.NEW, "agency_id": cast.agency_id, "queue_id": cast.queue_id,
        "description": cast.description, "sla_policy_id": cast.policy_id,
        "first_response_due": created + cast.first_target, "created_at": created,
        "created_by_id": cast.opener_id, "outcome": "", "explanation": "", "rule": "",
        "waiting_for": ""}
    life = Life(ticket)
    state, last_transition, period = State.NEW, created, 0
    for at, _order, event in sorted(steps, key=lambda item: (item[0], item[1])):
        if at > now:
            break
        action = event.get("action", "")
        from_state = to_state = ""
        if event["kind"] == Kind.TRANSITION:
            from_state, to_state = state, _TARGET_STATES[action]
            state, last_transition = to_state, at
            _apply(ticket, action, event, at, cast)
            period += action == "reopen"
        by = event.get("by")
        life.events.append({
            "kind": event["kind"], "at": at, "actor_id": by,
            "actor_label": "" if by else event.get("label") or SYSTEM, "action": action,
            "from_state": from_state, "to_state": to_state, "note": event.get("note", ""),
            "visibility": event.get("visibility", INTERNAL)})
        notify = event.get("notify") or _NOTIFY.get(action)
        if notify:
            life.sms.append(_sms(cast, notify, at))
        ticket["updated_at"], ticket["updated_by_id"] = at, by
    ticket["state"] = state
    ticket["version"] = len(life.events)
    _clock_fields(ticket, cast, clocks[period], state, last_transition, now)
    _deliveries(life.sms, rng, told=story.told_every_step(rng, progress))
    if state == State.CLOSED and rng.random() < story.ANSWER_SHARE:
        _answer(life, cast, rng, progress, now=now)
    return life


def _apply(ticket: dict[str, Any], action: str, event: dict[str, Any], at: datetime,
           cast: Cast) -> None:
    """What the transition changes on the complaint (tickets.models.Ticket's transitions
    and sla.services.on_transition)."""
    if action == "assign":
        ticket["assignee_id"], ticket["assigned_at"] = cast.assignee_id, at
    elif action in ("start", "ask_customer", "resolve"):
        ticket.setdefault("first_responded_at", at)
    if action == "ask_customer":
        ticket["waiting_for"] = event["asked"]
    elif action == "receive_customer_reply":
        ticket["waiting_for"] = ""
    elif action == "refer":
        ticket["referred_to_id"] = cast.direction_id
    elif action == "resolve":
        ticket.update(outcome=event["outcome"], explanation=event["explanation"],
                      rule=event["rule"], resolved_at=at)
    elif action == "close":
        ticket["closed_at"] = at
    elif action == "reopen":
        ticket["outcome"], ticket["closed_at"] = "", None


def _clock_fields(ticket: dict[str, Any], cast: Cast, clock: _Clock, state: str,
                  last_transition: datetime, now: datetime) -> None:
    ticket["sla_period"] = 0 if clock.start == ticket["created_at"] else 1
    stopped = state in (State.RESOLVED, State.CLOSED)
    end = now if not stopped else last_transition
    if stopped and state == State.CLOSED:
        end = ticket["resolved_at"]
    used = clock.used(end)
    reached = [p for p in cast.percents if cast.target * p / 100 <= used]
    ticket["sla_level"] = len(reached)
    ticket["sla_breached"] = used > cast.target
    ticket["resolution_due"] = clock.wall(cast.target)
    ticket["next_escalation_at"] = ticket["sla_running_since"] = None
    if stopped:
        ticket["sla_elapsed"] = used / cast.calendar_ratio
    elif state == State.WAITING:
        ticket["sla_elapsed"] = used / cast.calendar_ratio
        ticket["resolution_due"] = None
    else:
        ticket["sla_running_since"] = last_transition
        ticket["sla_elapsed"] = clock.used(last_transition) / cast.calendar_ratio
        pending = cast.percents[len(reached):]
        if pending:
            ticket["next_escalation_at"] = clock.wall(cast.target * pending[0] / 100)


def _sms(cast: Cast, event: str, at: datetime) -> dict[str, Any]:
    return {"kind": OutboxMessage.Kind.SMS, "event": event, "to": cast.mobile,
            "language": cast.language, "created_at": at, "next_attempt_at": at,
            "body": story.sms_text(event, cast.language, cast.reference)}


_PROBLEMS = [("undelivered", 30003), ("undelivered", 30005), ("failed", 30008),
             ("skipped", None)]


def _deliveries(messages: list[dict[str, Any]], rng: random.Random, *, told: bool) -> None:
    """Every SMS was sent and delivered when the customer was told of every step; else at
    least one of them was not (undelivered, failed, or not sent: the number opted out)."""
    problems: set[int] = set()
    if not told and messages:
        problems.add(rng.randrange(len(messages)))
        if rng.random() < 0.3:
            problems.add(rng.randrange(len(messages)))
    for index, message in enumerate(messages):
        at = message["created_at"]
        if index in problems:
            status, code = rng.choice(_PROBLEMS)
            if status == "skipped":
                message.update(status=OutboxMessage.Status.SKIPPED, last_error="opted out")
                continue
        else:
            status, code = OutboxMessage.DeliveryStatus.DELIVERED, None
        sent = at + timedelta(seconds=rng.randint(2, 90))
        message.update(status=OutboxMessage.Status.SENT, attempts=1, sent_at=sent,
                       carrier_id=f"SM{rng.getrandbits(128):032x}", delivery_status=status,
                       delivery_error_code=code,
                       delivery_updated_at=sent + timedelta(seconds=rng.randint(3, 600)))


def _answer(life: Life, cast: Cast, rng: random.Random, progress: float, *,
            now: datetime) -> None:
    """The customer's satisfaction answer: by SMS after closing (also on the complaint and
    its history), on the status page, or at the end of the chat it came from."""
    ticket = life.ticket
    draw = rng.random()
    channel = ("chat" if cast.channel == "chat" and draw < 0.5
               else "web" if draw < 0.3 else "sms")
    closed = ticket["closed_at"]
    answered = closed + (timedelta(minutes=rng.uniform(5, 2880)) if channel == "sms"
                         else timedelta(days=rng.uniform(0.2, 10)))
    if answered > now:
        return
    score = story.satisfaction_score(rng, progress, audience=cast.audience,
                                     outcome=ticket["outcome"], late=ticket["sla_breached"],
                                     lagging=cast.lagging)
    life.answers.append({"score": score, "channel": channel, "customer_id": cast.customer_id,
                         "comment": story.comment(rng, score), "answered_at": answered})
    if channel == "sms":
        ticket["satisfaction"] = score
        life.events.append({
            "kind": Kind.CUSTOMER_MESSAGE, "at": answered, "actor_id": None,
            "actor_label": CUSTOMER, "action": "satisfaction", "from_state": "",
            "to_state": "", "visibility": CUSTOMER_VISIBLE,
            "note": system_text(system_texts.SATISFACTION, score=score)})
