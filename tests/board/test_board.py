"""The SLA board page: who may see it, what it counts, drilling down, the list of slipping
complaints, its cost in queries, and Arabic."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contactcenter.board.selectors import Drill, board_for, board_groups_for, drill_from
from contactcenter.org.models import Agent
from tests import factories
from tests.conftest import client_for
from tickets import services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db
CASA = ZoneInfo("Africa/Casablanca")
NOW = datetime(2026, 4, 15, 10, 0, tzinfo=CASA)  # a Wednesday
URL = "/sla/board/"
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "board"}



def _open(customer: Any, by: Agent, category: Any, *, now: datetime = NOW,
          **sla: Any) -> Ticket:
    """A complaint opened three days before `now` through the services, then placed on its
    clock as the sweep and the transitions would have left it (`sla`: stored SLA fields)."""
    ticket = services.open_complaint(customer=customer, channel="counter", by=by,
                                     category=category, description="AF non payées",
                                     now=now - timedelta(days=3))
    if sla:
        Ticket.objects.filter(pk=ticket.pk).update(**sla)
    return Ticket.objects.get(pk=ticket.pk)


def _calm(now: datetime) -> dict[str, Any]:
    return {"next_escalation_at": now + timedelta(hours=5),
            "resolution_due": now + timedelta(days=3)}


@pytest.fixture
def cast(customer, handler, category, agency_b, front_queue) -> dict[str, Any]:
    """Complaints in every situation, as of NOW, in agency A (region A) and agency B."""
    return _cast(customer, handler, category, agency_b, NOW)


def _cast(customer: Any, handler: Agent, category: Any, agency_b: Any,
          now: datetime) -> dict[str, Any]:
    calm = _open(customer, handler, category, now=now, **_calm(now))
    soon = _open(customer, handler, category, now=now,
                 next_escalation_at=now + timedelta(minutes=30),
                 resolution_due=now + timedelta(days=2))
    warned = _open(customer, handler, category, now=now, sla_level=1,
                   next_escalation_at=now + timedelta(days=1),
                   resolution_due=now + timedelta(hours=3))
    breached = _open(customer, handler, category, now=now, sla_level=2, sla_breached=True,
                     next_escalation_at=now + timedelta(days=1),
                     resolution_due=now - timedelta(hours=1))
    waiting = _open(customer, handler, category, now=now)
    services.start_ticket(ticket=waiting, by=handler, now=now - timedelta(days=2))
    services.ask_customer(ticket=waiting, by=handler, request="RIB",
                          now=now - timedelta(days=2))
    Ticket.objects.filter(pk=waiting.pk).update(sla_level=1)  # warned before it paused
    done = _open(customer, handler, category, now=now)
    services.start_ticket(ticket=done, by=handler, now=now - timedelta(days=2))
    services.resolve_ticket(ticket=done, by=handler, outcome="accepted",
                            explanation="Versement effectué", now=now - timedelta(days=1))
    Ticket.objects.filter(pk=done.pk).update(sla_breached=True)
    elsewhere_customer = factories.CustomerFactory(agency=agency_b)
    elsewhere = services.open_complaint(customer=elsewhere_customer, channel="sms", by=None,
                                        actor_label="SMS", description="CNSS",
                                        now=now - timedelta(days=3))
    Ticket.objects.filter(pk=elsewhere.pk).update(
        sla_breached=True, sla_level=2, resolution_due=now - timedelta(days=1))
    return {"calm": calm, "soon": soon, "warned": warned, "breached": breached,
            "waiting": waiting, "done": done, "elsewhere": elsewhere}


def _counts(row: Any) -> tuple[int, int, int, int]:
    return row.open, row.at_risk, row.breached, row.due_today


# --- What it counts --------------------------------------------------------------------------

def test_the_national_board_counts_each_region(cast, administrator, region_a,
                                               agency_b) -> None:
    board = board_for(agent=administrator, drill=Drill(), now=NOW)
    by_region = {row.unit.pk: _counts(row) for row in board.rows}
    # open: calm, soon, warned, breached, waiting (the resolved one is not open);
    # at risk: soon (level within the hour), warned (75 % passed); the waiting one is paused;
    # due today: warned (13:00) and breached (09:00).
    assert by_region == {region_a.pk: (5, 2, 1, 2), agency_b.region_id: (1, 0, 1, 0)}
    assert _counts(board.total) == (6, 2, 2, 2)


def test_at_risk_ends_an_hour_ahead_and_includes_levels_overdue(cast, administrator) -> None:
    Ticket.objects.filter(pk=cast["calm"].pk).update(next_escalation_at=NOW - timedelta(
        minutes=5))  # due, not swept yet
    Ticket.objects.filter(pk=cast["soon"].pk).update(next_escalation_at=NOW + timedelta(
        minutes=61))
    board = board_for(agent=administrator, drill=Drill(), now=NOW)
    assert {t.reference for t in board.slipping if not t.sla_breached} == {
        cast["calm"].reference, cast["warned"].reference}


def test_due_today_follows_the_day_in_casablanca(cast, administrator) -> None:
    # 23:30 UTC on 15 April is 00:30 on the 16th in Casablanca (UTC+1).
    late = datetime(2026, 4, 15, 23, 30, tzinfo=ZoneInfo("UTC"))
    Ticket.objects.filter(pk=cast["calm"].pk).update(
        resolution_due=datetime(2026, 4, 16, 16, 0, tzinfo=CASA))
    Ticket.objects.filter(pk=cast["soon"].pk).update(
        resolution_due=datetime(2026, 4, 15, 23, 59, tzinfo=CASA))
    board = board_for(agent=administrator, drill=Drill(), now=late)
    assert board.total.due_today == 1


def test_a_supervisor_counts_what_their_agency_and_queues_hold(cast, supervisor,
                                                               region_a) -> None:
    board = board_for(agent=supervisor, drill=Drill(), now=NOW)
    assert [row.unit.pk for row in board.rows] == [region_a.pk]
    assert _counts(board.total) == (5, 2, 1, 2)
    assert cast["elsewhere"].reference not in {t.reference for t in board.slipping}


def test_a_regional_manager_counts_their_region(cast, regional_manager) -> None:
    board = board_for(agent=regional_manager, drill=Drill(), now=NOW)
    assert _counts(board.total) == (5, 2, 1, 2)


def test_at_risk_come_first_by_time_left_then_the_latest_breached(cast,
                                                                   administrator) -> None:
    board = board_for(agent=administrator, drill=Drill(), now=NOW)
    # warned is due in 3 hours, soon in 2 days; breached an hour ago, elsewhere a day ago.
    assert [t.reference for t in board.slipping] == [
        cast["warned"].reference, cast["soon"].reference, cast["breached"].reference,
        cast["elsewhere"].reference]
    assert board.more_slipping == 0


def test_the_board_listens_to_the_groups_of_its_scope(supervisor, regional_manager,
                                                      administrator, front_queue,
                                                      agency_a, region_a) -> None:
    supervisor.queues.add(front_queue)
    assert board_groups_for(administrator) == ["board.national"]
    assert board_groups_for(regional_manager) == [f"board.region.{region_a.pk}"]
    assert board_groups_for(supervisor) == [f"board.agency.{agency_a.pk}",
                                            f"board.queue.{front_queue.pk}"]


# --- The page ---------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["supervisor", "regional_manager", "administrator"])
def test_managers_see_the_board(role: str, request) -> None:
    client = client_for(request.getfixturevalue(role))
    assert client.get(URL).status_code == 200
    assert 'href="/sla/board/"' in client.get("/desk/").content.decode()  # in the main menu


@pytest.mark.parametrize("role", [Agent.Role.FRONT_OFFICE, Agent.Role.BACK_OFFICE,
                                  Agent.Role.CALL_CENTRE])
def test_other_agents_are_refused(role: str, agency_a) -> None:
    direction = (factories.DirectionFactory() if role != Agent.Role.FRONT_OFFICE else None)
    agent = factories.AgentFactory(role=role, agency=agency_a, direction=direction)
    client = client_for(agent)
    assert client.get(URL).status_code == 403
    assert 'href="/sla/board/"' not in client.get("/desk/").content.decode()


def test_visitors_are_sent_to_the_login_page(client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_drilling_down_from_region_to_agency_to_queue(customer, handler, category, agency_b,
                                                      front_queue, administrator, region_a,
                                                      agency_a) -> None:
    now = timezone.now()
    cast = _cast(customer, handler, category, agency_b, now)
    client = client_for(administrator)

    national = client.get(URL).content.decode()
    assert f'href="/sla/board/?region={region_a.pk}"' in national
    assert region_a.name_fr in national

    region = client.get(URL, {"region": region_a.pk}).content.decode()
    assert f'href="/sla/board/?region={region_a.pk}&amp;agency={agency_a.pk}"' in region
    assert agency_a.name_fr in region
    assert cast["elsewhere"].reference not in region

    agency = client.get(URL, {"region": region_a.pk, "agency": agency_a.pk}).content.decode()
    link = f"/sla/board/?region={region_a.pk}&amp;agency={agency_a.pk}&amp;queue={front_queue.pk}"
    assert f'href="{link}"' in agency

    queue = client.get(URL, {"region": region_a.pk, "agency": agency_a.pk,
                             "queue": front_queue.pk})
    html = queue.content.decode()
    assert queue.status_code == 200
    assert front_queue.name_fr in html
    for name in ("soon", "warned", "breached"):
        assert f'href="/desk/tickets/{cast[name].reference}/"' in html
    assert cast["calm"].reference not in html


def test_an_unknown_unit_is_not_found(administrator) -> None:
    client = client_for(administrator)
    assert client.get(URL, {"region": 999999}).status_code == 404
    assert client.get(URL, {"agency": "x"}).status_code == 404


def test_drilling_into_a_queue_names_its_agency_and_region(front_queue, agency_a,
                                                           region_a) -> None:
    drill = drill_from({"queue": str(front_queue.pk)})
    assert (drill.region, drill.agency, drill.queue) == (region_a, agency_a, front_queue)
    assert drill.group_by is None


def test_the_htmx_partial_is_the_board_alone(cast, supervisor) -> None:
    response = client_for(supervisor).get(URL, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="board"')
    assert "<html" not in html
    assert cast["breached"].reference in html
    assert response["Vary"] and "HX-Request" in response["Vary"]
    assert "no-cache" in response["Cache-Control"]


def test_the_board_reads_with_the_same_few_queries_however_many_complaints(
        customer, handler, category, agency_b, administrator, supervisor) -> None:
    now = timezone.now()

    def queries(agent: Agent, **params: Any) -> int:
        client = client_for(agent)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, params, **HTMX).status_code == 200
        return len(captured)

    _open(customer, handler, category, now=now, **_calm(now))
    few = {"admin": queries(administrator), "supervisor": queries(supervisor),
           "drill": queries(administrator, region=agency_b.region_id, agency=agency_b.pk)}
    for n in range(3):  # more complaints, agencies and regions, slipping ones too
        other = factories.CustomerFactory(agency=factories.AgencyFactory())
        for _ in range(4):
            _open(other, handler, None, now=now, sla_breached=True,
                  resolution_due=now - timedelta(hours=n))
        _cast(customer, handler, category, agency_b, now)
    many = {"admin": queries(administrator), "supervisor": queries(supervisor),
            "drill": queries(administrator, region=agency_b.region_id, agency=agency_b.pk)}
    assert many == few
    assert max(many.values()) <= 10


def test_the_board_speaks_arabic_right_to_left(cast, supervisor, region_a) -> None:
    client = client_for(supervisor)
    client.post("/i18n/setlang/", {"language": "ar", "next": URL})
    html = client.get(URL).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert region_a.name_ar in html
    assert f'dir="ltr" href="/desk/tickets/{cast["breached"].reference}/"' in html
