"""Reads of the live SLA board: counts of open complaints per region, agency or queue, and
the complaints that are slipping, within what the agent may see.

Definitions (the board's legend says the same): open is in one of the open states (new to
referred, waiting included); breached and at risk are the deadline statuses of
tickets.selectors (one definition for the board, the desk's queues and the API); due today
is open with `resolution_due` within today in the fund's time zone.

Every count is one GROUP BY over the open complaints in scope; the list is one query,
bounded: the ones at risk by time left, then the breached ones, the latest first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any, TypeVar
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, Count, F, Q, QuerySet, When
from django.http import Http404

from contactcenter.org import selectors as org_selectors
from contactcenter.org.models import Agency, Agent, Queue, Region
from contactcenter.org.selectors import Scope, scope_of
from tickets.models import OPEN_STATES, Ticket
from tickets.selectors import AT_RISK_WITHIN as AT_RISK_WITHIN  # the legend's minutes
from tickets.selectors import BREACHED_Q, at_risk_q, tickets_for_agent

T = TypeVar("T")
BOARD_ROLES = frozenset({Agent.Role.SUPERVISOR, Agent.Role.REGIONAL_MANAGER,
                         Agent.Role.ADMINISTRATOR})
SLIPPING_LIMIT = 50


def may_see_board(agent: Agent | None) -> bool:
    return agent is not None and agent.role in BOARD_ROLES


def board_groups_of(scope: Scope) -> list[str]:
    """The channel groups whose updates concern this scope (the names
    tickets.outbox.board_groups sends to)."""
    if scope.everything:
        return ["board.national"]
    return ([f"board.region.{pk}" for pk in sorted(scope.region_ids)]
            + [f"board.agency.{pk}" for pk in sorted(scope.agency_ids)]
            + [f"board.queue.{pk}" for pk in sorted(scope.queue_ids)])


def board_groups_for(agent: Agent) -> list[str]:
    return board_groups_of(scope_of(agent))


# --- Filters ---------------------------------------------------------------------------------

def today_bounds(now: datetime) -> tuple[datetime, datetime]:
    """Start of today and of tomorrow in the fund's time zone (aware, exact across the
    Ramadan change of UTC offset)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    today = now.astimezone(zone).date()
    return (datetime.combine(today, time(0), tzinfo=zone),
            datetime.combine(today + timedelta(days=1), time(0), tzinfo=zone))


# --- Drilling down ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Drill:
    """Where the board looks: everything in scope, a region, an agency or a queue. Filters
    are the ones given; `region` and `agency` may also be derived, for the breadcrumb."""

    region: Region | None = None
    agency: Agency | None = None
    queue: Queue | None = None
    params: Mapping[str, int] = field(default_factory=dict)

    @property
    def group_by(self) -> str | None:
        """The unit of the rows: the level below the deepest one chosen."""
        if "queue" in self.params:
            return None
        if "agency" in self.params:
            return "queue"
        if "region" in self.params:
            return "agency"
        return "region"

    def filter(self, tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
        lookups = {"region": "agency__region_id", "agency": "agency_id", "queue": "queue_id"}
        return tickets.filter(**{lookups[name]: pk for name, pk in self.params.items()})

    def query_string(self, **extra: int) -> str:
        return "?" + urlencode({**self.params, **extra}) if self.params or extra else "?"


def _id(raw: str | None) -> int | None:
    if raw is None or raw == "":
        return None
    if not raw.isdigit():
        raise Http404("No such unit.")
    return int(raw)


def drill_from(query: Mapping[str, str]) -> Drill:
    """The drill-down named by ?region=, ?agency=, ?queue= (404 for an unknown one). At most
    one query per parameter."""
    params = {name: pk for name in ("region", "agency", "queue")
              if (pk := _id(query.get(name))) is not None}
    region = agency = queue = None
    if "queue" in params:
        queue = _found(org_selectors.queue_with_agency(params["queue"]))
        agency = queue.agency
    if "agency" in params:
        agency = _found(org_selectors.agency_with_region(params["agency"]))
    if agency is not None:
        region = agency.region
    if "region" in params:
        region = _found(org_selectors.region_by_id(params["region"]))
    return Drill(region=region, agency=agency, queue=queue, params=params)


def _found(unit: T | None) -> T:
    if unit is None:
        raise Http404("No such unit.")
    return unit


# --- The board -------------------------------------------------------------------------------

@dataclass
class Row:
    unit: Any  # a Region, Agency or Queue; None for complaints without one
    open: int = 0
    at_risk: int = 0
    breached: int = 0
    due_today: int = 0
    link: str = ""


@dataclass
class Board:
    now: datetime
    drill: Drill
    rows: list[Row]
    total: Row
    slipping: list[Ticket]
    limit: int = SLIPPING_LIMIT

    @property
    def more_slipping(self) -> int:
        return max(0, self.total.at_risk + self.total.breached - len(self.slipping))


def open_tickets_for(agent: Agent) -> QuerySet[Ticket]:
    return tickets_for_agent(agent).filter(state__in=OPEN_STATES)


# The column counted by. Regions are summed from their agencies' rows (a few hundred): no
# join with the agencies in the count, which then reads the complaints alone.
_COLUMNS = {"region": "agency_id", "agency": "agency_id", "queue": "queue_id"}
COUNTS = ("open", "at_risk", "breached", "due_today")


def counts(tickets: QuerySet[Ticket], *, column: str | None,
           now: datetime) -> list[dict[str, Any]]:
    """Open, at risk, breached and due today per value of `column` (one GROUP BY), or in
    total. Rows are counted on `sla_breached` (never null) rather than the primary key, so
    that an index holding the filters' columns can answer alone (see bench/README.md)."""
    start, end = today_bounds(now)
    every = "sla_breached"
    aggregates = {
        "open": Count(every),
        "at_risk": Count(every, filter=at_risk_q(now)),
        "breached": Count(every, filter=BREACHED_Q),
        "due_today": Count(every, filter=Q(resolution_due__gte=start, resolution_due__lt=end)),
    }
    if column is None:
        return [{"key": None, **tickets.aggregate(**aggregates)}]
    return [{"key": row.pop(column), **row}
            for row in tickets.order_by().values(column).annotate(**aggregates)]


def _units(group_by: str, grouped: list[dict[str, Any]]) -> dict[int | None, Any]:
    """The unit each counted key belongs to (one query): the agency's region, the agency
    or the queue."""
    keys = [row["key"] for row in grouped if row["key"] is not None]
    if group_by == "region":
        return {pk: agency.region for pk, agency in org_selectors.agencies_by_id(keys).items()}
    if group_by == "agency":
        return {pk: agency for pk, agency in org_selectors.agencies_by_id(keys).items()}
    return {pk: queue for pk, queue in org_selectors.queues_by_id(keys).items()}


def _rows(drill: Drill, grouped: list[dict[str, Any]]) -> list[Row]:
    assert drill.group_by is not None
    units = _units(drill.group_by, grouped)
    rows: dict[int | None, Row] = {}
    for counted in grouped:
        unit = units.get(counted["key"])
        key = unit.pk if unit is not None else None
        row = rows.setdefault(key, Row(
            unit=unit, link=drill.query_string(**{drill.group_by: key}) if key else ""))
        for name in COUNTS:
            setattr(row, name, getattr(row, name) + counted[name])
    return sorted(rows.values(),
                  key=lambda row: (row.unit is None, row.unit.code if row.unit else ""))


def slipping(tickets: QuerySet[Ticket], *, now: datetime,
             limit: int = SLIPPING_LIMIT) -> list[Ticket]:
    """The complaints at risk, least time left first (paused ones last), then the breached
    ones, the most recently breached first: what can still be saved comes before what is
    late, and a complaint that just breached is seen moving from one part to the other."""
    at_risk_due = Case(When(sla_breached=False, then=F("resolution_due")))
    return list(tickets.filter(BREACHED_Q | at_risk_q(now))
                .select_related("category", "agency", "queue", "assignee__user")
                .order_by("sla_breached", at_risk_due.asc(nulls_last=True),
                          F("resolution_due").desc(nulls_last=True), "pk")[:limit])


def board_for(*, agent: Agent, drill: Drill, now: datetime) -> Board:
    """The board as the agent may see it: three queries besides the drill's."""
    tickets = drill.filter(open_tickets_for(agent))
    column = _COLUMNS.get(drill.group_by or "")
    grouped = counts(tickets, column=column, now=now)
    total = Row(unit=None, **{name: sum(row[name] for row in grouped) for name in COUNTS})
    rows = _rows(drill, grouped) if drill.group_by is not None else []
    return Board(now=now, drill=drill, rows=rows, total=total,
                 slipping=slipping(tickets, now=now))
