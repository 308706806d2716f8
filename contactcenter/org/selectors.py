"""Who may see what. The one place where an agent's scope is decided."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from contactcenter import plain_sql, process_cache
from contactcenter.org.models import Agency, Agent, Direction, Queue, Region

# Agencies change rarely, and any change forgets them (see OrgConfig.ready).
AGENCY_CACHE_SECONDS = 300


@dataclass(frozen=True)
class Scope:
    """The part of the fund an agent works on: everything, or regions, agencies and queues."""

    everything: bool = False
    region_ids: frozenset[int] = frozenset()
    agency_ids: frozenset[int] = frozenset()
    queue_ids: frozenset[int] = frozenset()

    def q(self, *, agency: str, queue: str | None = None) -> Q:
        """A filter keeping the rows whose agency (or queue) lies in this scope.

        `agency` and `queue` name the lookups to the row's agency and queue ids.
        """
        if self.everything:
            return Q()
        condition = Q(pk__in=[])
        if self.region_ids:
            condition |= Q(**{f"{agency}__region_id__in": self.region_ids})
        if self.agency_ids:
            condition |= Q(**{f"{agency}_id__in": self.agency_ids})
        if queue and self.queue_ids:
            condition |= Q(**{f"{queue}_id__in": self.queue_ids})
        return condition


NATIONAL_ROLES = {Agent.Role.ADMINISTRATOR, Agent.Role.BACK_OFFICE, Agent.Role.CALL_CENTRE}


def scope_of(agent: Agent | None) -> Scope:
    """Headquarters, the call centre and administrators see everything; a regional manager
    their region; everyone else their agency and their queues; an auditor nothing."""
    if agent is None or agent.role == Agent.Role.AUDITOR:
        return Scope()
    remembered: Scope | None = agent.__dict__.get("_remembered_scope")
    if remembered is not None:
        return remembered
    if agent.role in NATIONAL_ROLES or agent.direction_id is not None:
        return Scope(everything=True)
    if agent.role == Agent.Role.REGIONAL_MANAGER:
        region_id: int = agent.region_id  # type: ignore[assignment]  # regional_manager_has_region
        return Scope(region_ids=frozenset({region_id}))
    queue_ids = frozenset(queue_ids_of(agent))
    agency_ids = frozenset({agent.agency_id}) if agent.agency_id else frozenset()
    return Scope(agency_ids=agency_ids, queue_ids=queue_ids)


def remember_scope(agent: Agent) -> None:
    """Keep the agent's scope on this instance (and its pickled copies): scope_of(agent)
    then answers without a query. Only for an instance that is dropped when the agent or
    their queues change (the API's token cache, contactcenter.api.authentication)."""
    agent.__dict__["_remembered_scope"] = scope_of(agent)


def agent_for_user(user: object) -> Agent | None:
    """The user's profile if they work on the desk, the API or the live pages; None for
    anyone else, auditors included (they read the access log in the administration)."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return (Agent.objects.select_related("user", "agency", "region", "direction")
                .exclude(role=Agent.Role.AUDITOR).get(user=user))  # type: ignore[misc]  # signed in
    except Agent.DoesNotExist:
        return None


def agents_with_users(ids: Iterable[int], *, at_hand: Iterable[Agent] = ()
                      ) -> dict[int, Agent]:
    """These agents by id, each with their user, in at most two prepared statements (no
    ORM query to compile): those `at_hand` are used as they are, their users loaded if
    missing (the API's answers name the agents of a complaint's history)."""
    agents = {agent.pk: agent for agent in at_hand}
    missing = sorted(set(ids) - agents.keys())
    if missing:
        agents.update((agent.pk, agent) for agent in plain_sql.instances(
            Agent, "WHERE id = ANY(%s)", [missing]))
    user_field = Agent._meta.get_field("user")
    without = {agent.user_id for agent in agents.values() if not user_field.is_cached(agent)}
    if without:
        users = {user.pk: user for user in plain_sql.instances(
            get_user_model(), "WHERE id = ANY(%s)", [sorted(without)])}
        for agent in agents.values():
            if not user_field.is_cached(agent):
                agent.user = users[agent.user_id]
    return agents


def short_name(agent: Agent) -> str:
    """"Amina B.": enough to know who, in a notice."""
    user = agent.user
    first, last = user.first_name.strip(), user.last_name.strip()
    if first and last:
        return f"{first} {last[0]}."
    return first or last or user.get_username()


def request_agent(request: object) -> Agent | None:
    """The signed-in member of staff's Agent, looked up once per request."""
    if not hasattr(request, "_cached_agent"):
        request._cached_agent = agent_for_user(  # type: ignore[attr-defined]  # a memo
            getattr(request, "user", None))
    agent: Agent | None = request._cached_agent  # type: ignore[attr-defined]  # set above
    return agent


def agency_by_id(pk: int) -> Agency:
    """An agency, kept a few minutes per process: every new complaint needs its own."""
    return process_cache.cached("org", ("agency", pk), AGENCY_CACHE_SECONDS,
                                lambda: Agency.objects.get(pk=pk))


# --- Units by id (the board's drill-down and rows) ----------------------------------------------

def region_by_id(pk: int) -> Region | None:
    return Region.objects.filter(pk=pk).first()


def agency_with_region(pk: int) -> Agency | None:
    """An agency with its region (one query), None if there is none."""
    return Agency.objects.select_related("region").filter(pk=pk).first()


def queue_with_agency(pk: int) -> Queue | None:
    """A queue with its agency and the agency's region (one query), None if there is none."""
    return Queue.objects.select_related("agency__region").filter(pk=pk).first()


def agencies_by_id(ids: Iterable[int]) -> dict[int, Agency]:
    """These agencies with their regions, by id (one query)."""
    return Agency.objects.select_related("region").in_bulk(list(ids))


def queues_by_id(ids: Iterable[int]) -> dict[int, Queue]:
    """These queues by id (one query)."""
    return Queue.objects.in_bulk(list(ids))


# --- Lists and choices ----------------------------------------------------------------------------

def agencies() -> QuerySet[Agency]:
    """Every agency (a filter's choices)."""
    return Agency.objects.all()


def regions() -> QuerySet[Region]:
    """Every regional direction."""
    return Region.objects.all()


def agency_ids_by_code() -> dict[str, int]:
    """Every agency's id by its code (one query)."""
    return dict(Agency.objects.values_list("code", "id"))


def agencies_with_region_ids(ids: Collection[int]) -> dict[int, Agency]:
    """These agencies by id, only their region ids loaded (one query; none without ids)."""
    return Agency.objects.only("region_id").in_bulk(ids)


def queues() -> QuerySet[Queue]:
    """Every queue."""
    return Queue.objects.all()


def queues_by_code() -> QuerySet[Queue]:
    """Every queue, by code (where a complaint may be routed)."""
    return Queue.objects.order_by("code")


def call_centre_queues() -> QuerySet[Queue]:
    """The queues of the call centre's directions."""
    return Queue.objects.filter(direction__kind=Direction.Kind.CALL_CENTRE)


def first_queue_of(agency: Agency) -> Queue | None:
    """The agency's first queue (its front office), None if it has none."""
    return agency.queues.order_by("pk").first()


def directions() -> QuerySet[Direction]:
    """Every direction."""
    return Direction.objects.all()


def back_office_directions() -> QuerySet[Direction]:
    """The back-office directions by code (where a complaint may be referred)."""
    return Direction.objects.filter(kind=Direction.Kind.BACK_OFFICE).order_by("code")


# --- Agents ---------------------------------------------------------------------------------------

def all_agents() -> QuerySet[Agent]:
    """Every agent, with their user (one join)."""
    return Agent.objects.select_related("user")


def agents_with_role(role: str) -> QuerySet[Agent]:
    """The agents of this role."""
    return Agent.objects.filter(role=role)


def active_agents(*, ids: Collection[int] = (), member_of_queue: int | None = None,
                  front_office_of_agency: int | None = None) -> QuerySet[Agent]:
    """The agents with an active user who are among `ids`, members of the queue
    `member_of_queue` or front-office agents of the agency `front_office_of_agency`: each
    once, with their user, by name."""
    condition = Q(pk__in=list(ids))
    if member_of_queue:
        condition |= Q(queues=member_of_queue)
    if front_office_of_agency:
        condition |= Q(agency=front_office_of_agency, role=Agent.Role.FRONT_OFFICE)
    return (Agent.objects.filter(condition).filter(user__is_active=True).distinct()
            .select_related("user").order_by("user__first_name", "user__last_name", "pk"))


def queue_ids_of(agent: Agent) -> list[int]:
    """The ids of the agent's queues (one query)."""
    return list(agent.queues.values_list("pk", flat=True))


def is_member_of(agent: Agent, queue_id: int) -> bool:
    """Whether the agent is a member of this queue (one query)."""
    return agent.queues.filter(pk=queue_id).exists()


def is_in_call_centre_queue(agent: Agent) -> bool:
    """Whether the agent is a member of a call-centre queue (one query)."""
    return agent.queues.filter(direction__kind=Direction.Kind.CALL_CENTRE).exists()


def user_has_role(user_id: int, roles: Collection[str]) -> bool:
    """Whether the user's agent profile has one of these roles (one query)."""
    return Agent.objects.filter(user_id=user_id, role__in=roles).exists()


def role_of_user(user_id: int) -> str | None:
    """The role of the user's agent profile, None without one (one query)."""
    return Agent.objects.filter(user_id=user_id).values_list("role", flat=True).first()


def user_ids_of_agents(ids: Collection[int]) -> list[int]:
    """The user ids of these agents (one query)."""
    return list(Agent.objects.filter(pk__in=ids).values_list("user_id", flat=True))


def user_ids_in_queue(queue: Queue) -> list[int]:
    """The user ids of the queue's members (one query)."""
    return list(queue.agents.all().values_list("user_id", flat=True))
