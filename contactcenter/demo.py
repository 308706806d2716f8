"""The demo data set of the quick start, loaded app by app in the apps' order: each app
seeds its own tables (contactcenter.org.demo the organisation and staff,
contactcenter.customers.demo the customers, tickets.demo the complaint categories and
complaints, knowledge.demo the knowledge base's articles, sla.demo the service levels) and
this module puts them together.

The set is deterministic: building again gives the same rows (see each app's module).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from contactcenter.chat.demo import seed_chat, seed_chat_history
from contactcenter.counter.demo import seed_visitor_line
from contactcenter.counter.demo_history import seed_line_history
from contactcenter.customers.demo import (
    DEFAULT_EMPLOYERS,
    DEFAULT_PERSONS,
    check_sizes,
    seed_customers,
)
from contactcenter.org.demo import seed_organisation, seed_staff
from contactcenter.reports import services as report_services
from knowledge import triage
from knowledge.demo import seed_articles
from knowledge.demo_editors import seed_editors
from knowledge.demo_templates import seed_reply_templates
from sla.demo import seed_service_levels
from telephony.demo import seed_calls
from tickets.demo import callback_category_id, seed_categories, seed_complaints, watch_deadlines
from tickets.demo_history import DEFAULT_HISTORY, seed_history
from tickets.models import Ticket

# Days of calls, chats and visits at the counters written with the complaints' history.
ACTIVITY_DAYS = 365


@dataclass(frozen=True)
class DemoSummary:
    regions: int
    agencies: int
    directions: int
    queues: int
    agents: int
    categories: int
    employers: int
    persons: int
    dependants: int
    employments: int
    contact_points: int


@transaction.atomic
def seed_demo(*, persons: int = DEFAULT_PERSONS, employers: int = DEFAULT_EMPLOYERS
              ) -> DemoSummary:
    """Create or update the demo organisation, complaint categories, staff and customers in
    one transaction. Raises ValueError when a size is out of range."""
    check_sizes(persons=persons, employers=employers)
    organisation = seed_organisation()
    categories = seed_categories(organisation.queues)
    seed_articles()  # the knowledge base's articles, linked to those categories
    seed_reply_templates()
    agents = seed_staff(organisation)
    seed_editors()  # the supervisor edits the knowledge base in the administration
    seed_chat()
    population = seed_customers(organisation.agencies, persons=persons, employers=employers)
    return DemoSummary(
        regions=len(organisation.regions), agencies=len(organisation.agencies),
        directions=len(organisation.directions), queues=len(organisation.queues),
        agents=agents, categories=len(categories),
        employers=len(population.employers), persons=len(population.persons),
        dependants=len(population.dependants), employments=len(population.employments),
        contact_points=len(population.contacts),
    )


def seed_all(*, persons: int = DEFAULT_PERSONS, employers: int = DEFAULT_EMPLOYERS,
             complaints: int, history: int = DEFAULT_HISTORY,
             activity_days: int = ACTIVITY_DAYS) -> tuple[DemoSummary, int]:
    """The whole set: `seed_demo`, then the demo complaints (opened only into a database
    without any) and the service levels; when complaints were opened, the callback requests
    close to their deadlines too. Then the history the managers' reports read (once):
    `history` complaints over two years, and `activity_days` of calls, chats and visits at
    the counters. Returns the summary and how many complaints were opened (history
    included). Raises ValueError when a size is out of range."""
    summary = seed_demo(persons=persons, employers=employers)
    opened = seed_complaints(count=complaints)
    triage.train_and_store()  # the category suggestions on the complaints just opened
    _seed_service_levels()
    seed_visitor_line()
    if opened:
        opened += len(watch_deadlines(now=timezone.now()))
    seeded = seed_history_all(history=history, activity_days=activity_days)
    return summary, opened + seeded.complaints


@dataclass(frozen=True)
class HistorySummary:
    complaints: int
    calls: int
    chats: int
    visits: int
    seconds: float


def seed_history_all(*, history: int = DEFAULT_HISTORY,
                     activity_days: int = ACTIVITY_DAYS) -> HistorySummary:
    """The history of every app, each writing its own tables (nothing is added where it
    exists already), then the managers' aggregates. Raises ValueError for a size out of
    range."""
    started = time.monotonic()
    now = timezone.now()
    complaints = seed_history(count=history, now=now).complaints
    calls = seed_calls(days=activity_days, now=now)
    chats = seed_chat_history(days=activity_days, now=now)
    visits = seed_line_history(days=activity_days, now=now)
    if complaints or calls or chats or visits:
        report_services.rebuild_all_figures()  # the managers' figures, from all of it
    return HistorySummary(complaints=complaints, calls=calls, chats=chats, visits=visits,
                          seconds=time.monotonic() - started)


def watch(*, now: datetime | None = None) -> list[Ticket]:
    """Open again the callback requests close to their deadlines (tickets.demo), the service
    levels they run on first. Returns them; none when the demo data is not loaded."""
    _seed_service_levels()
    return watch_deadlines(now=now or timezone.now())


def _seed_service_levels() -> None:
    seed_service_levels(callback_category_id=callback_category_id())
