"""The demo data set of the quick start, loaded app by app in the apps' order: each app
seeds its own tables (contactcenter.org.demo the organisation and staff,
contactcenter.customers.demo the customers, tickets.demo the complaint categories and
complaints, knowledge.demo the knowledge base's articles, sla.demo the service levels) and
this module puts them together.

The set is deterministic: building again gives the same rows (see each app's module).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from contactcenter.chat.demo import seed_chat
from contactcenter.counter.demo import seed_visitor_line
from contactcenter.customers.demo import (
    DEFAULT_EMPLOYERS,
    DEFAULT_PERSONS,
    check_sizes,
    seed_customers,
)
from contactcenter.org.demo import seed_organisation, seed_staff
from knowledge import triage
from knowledge.demo import seed_articles
from knowledge.demo_editors import seed_editors
from knowledge.demo_templates import seed_reply_templates
from sla.demo import seed_service_levels
from tickets.demo import callback_category_id, seed_categories, seed_complaints, watch_deadlines
from tickets.models import Ticket


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
             complaints: int) -> tuple[DemoSummary, int]:
    """The whole set: `seed_demo`, then the demo complaints (opened only into a database
    without any) and the service levels; when complaints were opened, the callback requests
    close to their deadlines too. Returns the summary and how many complaints were opened.
    Raises ValueError when a size is out of range."""
    summary = seed_demo(persons=persons, employers=employers)
    opened = seed_complaints(count=complaints)
    triage.train_and_store()  # the category suggestions on the complaints just opened
    _seed_service_levels()
    seed_visitor_line()
    if opened:
        opened += len(watch_deadlines(now=timezone.now()))
    return summary, opened


def watch(*, now: datetime | None = None) -> list[Ticket]:
    """Open again the callback requests close to their deadlines (tickets.demo), the service
    levels they run on first. Returns them; none when the demo data is not loaded."""
    _seed_service_levels()
    return watch_deadlines(now=now or timezone.now())


def _seed_service_levels() -> None:
    seed_service_levels(callback_category_id=callback_category_id())
