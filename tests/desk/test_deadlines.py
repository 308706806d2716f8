"""Deadlines on the desk: the queue's "Due" column in the SLA board's words and colours,
sorting and filtering by deadline, "due first" for "mine", the tab counts, the queue
refreshing itself, and the complaint page's deadlines."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from contactcenter.desk.deadlines import describe, left_text, overdue_text
from contactcenter.org.models import Agent
from sla.models import Calendar, SlaPolicy
from tests import factories
from tests.conftest import client_for
from tests.desk.helpers import HTMX
from tickets.models import State, Ticket
from tickets.selectors import DEADLINE_FILTERS, Deadline, deadline_q, deadline_status

pytestmark = pytest.mark.django_db

CASABLANCA = ZoneInfo("Africa/Casablanca")
_REFERENCE = re.compile(r'class="ref" dir="ltr" href="/desk/tickets/(\d+)/"')
_DUE = re.compile(r'href="/desk/tickets/(\d+)/".*?<span class="due due-([a-z_]+)" '
                  r'data-due="([a-z_]+)"[^>]*>([^<]*)</span>', re.S)


def _references(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return _REFERENCE.findall(response.content.decode())


def _due_cells(html: str) -> dict[str, tuple[str, str]]:
    """reference -> (status, words), read from each row of the queue."""
    cells = {}
    for row in html.split("<tr>")[1:]:
        found = _DUE.search(row)
        if found:
            reference, css, status, words = found.groups()
            assert css == status
            cells[reference] = (status, words)
    return cells


def _fields(status: str, now: datetime) -> dict[str, object]:
    """The SLA fields of an open complaint in this deadline status."""
    running = {"sla_running_since": now - timedelta(hours=2), "sla_policy": None}
    return {
        Deadline.ON_TIME: {**running, "state": State.IN_PROGRESS,
                           "resolution_due": now + timedelta(days=4),
                           "next_escalation_at": now + timedelta(days=3)},
        Deadline.AT_RISK: {**running, "state": State.IN_PROGRESS, "sla_level": 1,
                           "resolution_due": now + timedelta(days=1),
                           "next_escalation_at": now + timedelta(hours=20)},
        Deadline.BREACHED: {**running, "state": State.IN_PROGRESS, "sla_breached": True,
                            "sla_level": 3,
                            "resolution_due": now - timedelta(days=3, hours=2)},
        Deadline.PAUSED: {"state": State.WAITING, "sla_running_since": None,
                          "resolution_due": None, "next_escalation_at": None},
    }[status]


@pytest.fixture
def deadlines(customer, handler, front_queue) -> dict[str, Ticket]:
    """One of the handler's complaints in each deadline status, the paused one newest."""
    now = timezone.now()
    return {status: factories.TicketFactory(
        customer=customer, queue=front_queue, assignee=handler,
        created_at=now - timedelta(hours=10 - index), **_fields(status, now))
        for index, status in enumerate((Deadline.BREACHED, Deadline.AT_RISK,
                                        Deadline.ON_TIME, Deadline.PAUSED))}


# --- The words -------------------------------------------------------------------------------

def _local(*args: int) -> datetime:
    return datetime(*args, tzinfo=CASABLANCA)


def test_time_left_counts_working_hours_only(customer) -> None:
    friday = _local(2026, 12, 11, 15, 0)  # 15:00, the default day ends at 16:30
    ticket = factories.TicketFactory.build(
        customer=customer, state=State.IN_PROGRESS, sla_running_since=friday,
        resolution_due=_local(2026, 12, 14, 10, 0), next_escalation_at=None)
    view = describe(ticket, now=friday)
    assert view.status == Deadline.ON_TIME
    assert view.left == timedelta(hours=3)  # 1 h 30 on Friday, 1 h 30 on Monday morning
    with translation.override("fr"):
        assert describe(ticket, now=friday).text == "reste 3 h 00"


@pytest.mark.parametrize("left,english,french,arabic", [
    (timedelta(hours=2, minutes=30), "2 h 30 left", "reste 2 h 30", "متبقٍّ: 2 س 30 د"),
    (timedelta(minutes=45), "45 min left", "reste 45 min", "متبقٍّ: 45 د"),
])
def test_time_left_is_said_in_hours_and_minutes(left, english, french, arabic) -> None:
    with translation.override("en"):
        assert left_text(left) == english
    with translation.override("fr"):
        assert left_text(left) == french
    with translation.override("ar"):
        assert left_text(left) == arabic


@pytest.mark.parametrize("late,french,arabic", [
    (timedelta(days=3, hours=5), "en retard de 3 jours", "انقضى الأجل منذ 3 أيام"),
    (timedelta(days=1), "en retard de 1 jour", "انقضى الأجل منذ يوم واحد"),
    (timedelta(hours=2, minutes=59), "en retard de 2 heures", "انقضى الأجل منذ ساعتين"),
    (timedelta(seconds=20), "en retard de 1 minute", "انقضى الأجل منذ دقيقة واحدة"),
    (timedelta(minutes=11), "en retard de 11 minutes", "انقضى الأجل منذ 11 دقيقة"),
])
def test_lateness_is_said_in_days_hours_or_minutes(late, french, arabic) -> None:
    with translation.override("fr"):
        assert overdue_text(late) == french
    with translation.override("ar"):
        assert overdue_text(late) == arabic


def test_the_status_agrees_with_the_filters_the_board_counts_with(deadlines) -> None:
    now = timezone.now()
    for status, created in deadlines.items():
        ticket = Ticket.objects.get(pk=created.pk)
        assert deadline_status(ticket, now) == status
        matching = {name for name in DEADLINE_FILTERS
                    if Ticket.objects.filter(deadline_q(name, now), pk=ticket.pk).exists()}
        assert matching == {status}


def test_a_closed_complaint_met_its_deadline_or_not(customer) -> None:
    closed = factories.TicketFactory(customer=customer, state=State.CLOSED)
    assert deadline_status(closed, timezone.now()) is None  # no service level applied
    closed.sla_policy = SlaPolicy.objects.order_by("pk").first()  # the national default
    assert closed.sla_policy is not None
    assert deadline_status(closed, timezone.now()) == Deadline.MET
    closed.sla_breached = True
    assert deadline_status(closed, timezone.now()) == Deadline.BREACHED


# --- The queue -------------------------------------------------------------------------------

def test_each_status_has_its_words_and_colour_in_the_queue(handler: Agent, deadlines) -> None:
    html = client_for(handler).get("/desk/").content.decode()
    cells = _due_cells(html)
    assert {deadlines[status].reference: status for status in deadlines} == \
        {reference: status for reference, (status, _words) in cells.items()}
    words = {status: cells[ticket.reference][1] for status, ticket in deadlines.items()}
    assert words[Deadline.BREACHED] == "en retard de 3 jours"
    assert words[Deadline.PAUSED] == "suspendu : en attente du client"
    assert words[Deadline.ON_TIME].startswith("reste ")
    assert words[Deadline.AT_RISK].startswith("reste ")


def test_mine_comes_due_first_and_the_paused_last(handler: Agent, deadlines) -> None:
    due_first = [deadlines[status].reference for status in (
        Deadline.BREACHED, Deadline.AT_RISK, Deadline.ON_TIME, Deadline.PAUSED)]
    client = client_for(handler)
    assert _references(client.get("/desk/")) == due_first
    assert _references(client.get("/desk/", {"sort": "due"})) == due_first
    # The team's queue keeps the newest first; "due" sorts it on demand.
    assert _references(client.get("/desk/", {"scope": "team"})) == due_first[::-1]
    assert _references(client.get("/desk/", {"scope": "team", "sort": "-due"})) == \
        [due_first[3], *due_first[2::-1]]  # descending: no deadline first, as NULLs sort


@pytest.mark.parametrize("status", DEADLINE_FILTERS)
def test_the_deadline_filter_keeps_one_status(handler: Agent, deadlines, status) -> None:
    client = client_for(handler)
    for scope in ("mine", "team", "all"):
        found = _references(client.get("/desk/", {"scope": scope, "deadline": status}))
        assert found == [deadlines[status].reference]


def test_the_deadline_filter_leaves_closed_complaints_out(handler: Agent, deadlines,
                                                          customer, front_queue) -> None:
    factories.TicketFactory(customer=customer, queue=front_queue, assignee=handler,
                            state=State.CLOSED, sla_breached=True)
    found = _references(client_for(handler).get("/desk/", {"scope": "all",
                                                           "deadline": "breached"}))
    assert found == [deadlines[Deadline.BREACHED].reference]


def test_an_unknown_deadline_status_is_refused_clearly(handler: Agent, deadlines) -> None:
    response = client_for(handler).get("/desk/", {"deadline": "late"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "filter-errors" in html  # the form says which value it refused


def _tab(html: str, scope: str) -> str:
    found = re.search(rf'<a [^>]*data-scope="{scope}">(.*?)</a>', html, re.S)
    assert found
    return found.group(1)


def _count(tab: str, name: str) -> int | None:
    found = re.search(rf'data-count="{name}"[^>]*>(\d+)', tab)
    return int(found.group(1)) if found else None


def test_the_tabs_count_the_open_complaints_and_those_slipping(
        handler: Agent, deadlines, customer, front_queue, colleague) -> None:
    factories.TicketFactory(customer=customer, queue=front_queue, assignee=colleague,
                            **_fields(Deadline.BREACHED, timezone.now()))
    factories.TicketFactory(customer=customer, queue=front_queue, assignee=handler,
                            state=State.CLOSED, sla_breached=True)
    html = client_for(handler).get("/desk/").content.decode()
    mine, team, everything = _tab(html, "mine"), _tab(html, "team"), _tab(html, "all")
    assert (_count(mine, "open"), _count(mine, "breached"), _count(mine, "at_risk")) == (4, 1, 1)
    assert (_count(team, "open"), _count(team, "breached"), _count(team, "at_risk")) == (5, 2, 1)
    assert "1 hors délai" in mine and "1 à risque" in mine and "2 hors délai" in team
    assert _count(everything, "open") is None  # never counted over everything in scope


def test_a_tab_with_nothing_slipping_shows_only_its_count(handler: Agent, customer,
                                                          front_queue) -> None:
    factories.TicketFactory(customer=customer, queue=front_queue, assignee=handler,
                            **_fields(Deadline.ON_TIME, timezone.now()))
    mine = _tab(client_for(handler).get("/desk/").content.decode(), "mine")
    assert _count(mine, "open") == 1
    assert _count(mine, "breached") is None and _count(mine, "at_risk") is None


def test_the_table_refreshes_itself_at_the_same_address(handler: Agent, deadlines) -> None:
    client = client_for(handler)
    params = {"scope": "team", "deadline": "at_risk", "sort": "due", "page": "1"}
    page = client.get("/desk/", params).content.decode()
    trigger = re.search(r'<span id="queue-refresh"([^>]*)>', page)
    assert trigger
    attributes = trigger.group(1)
    assert 'hx-trigger="queue:refresh"' in attributes and 'hx-push-url="false"' in attributes
    assert "show:none" in attributes and "focus-scroll:false" in attributes
    url = re.search(r'hx-get="([^"]*)"', attributes)
    assert url
    address = url.group(1).replace("&amp;", "&")
    assert address.startswith("/desk/?") and all(
        f"{name}={value}" in address for name, value in params.items())
    assert "js/queue.js" in page
    # What the refresh gets: the table and, out of band, the tabs with their counts.
    partial = client.get(address, HTTP_HX_TARGET="queue-table", **HTMX).content.decode()
    assert partial.lstrip().startswith('<div id="queue-table"')
    assert _references_in(partial) == [deadlines[Deadline.AT_RISK].reference]
    assert 'id="queue-tabs" class="tabs"' in partial and 'hx-swap-oob="true"' in partial
    assert _count(_tab(partial, "team"), "at_risk") == 1


def _references_in(html: str) -> list[str]:
    return _REFERENCE.findall(html)


# --- The complaint page ----------------------------------------------------------------------

def test_the_page_header_shows_both_deadlines_and_the_calendar(handler: Agent, customer,
                                                               front_queue) -> None:
    Calendar.objects.create(name="Agence Casa-Anfa", agency=customer.agency)
    now = timezone.now()
    ticket = factories.TicketFactory(
        customer=customer, queue=front_queue, assignee=handler,
        first_response_due=now - timedelta(hours=5), first_responded_at=None,
        **_fields(Deadline.BREACHED, now))
    html = client_for(handler).get(f"/desk/tickets/{ticket.reference}/").content.decode()
    facts = html[html.index('<dl class="facts">'):html.index("</dl>")]
    assert "Première réponse" in facts and "en retard de 5 heures" in facts
    assert 'data-status="breached"' in facts and "en retard de 3 jours" in facts
    # The calendar is named by its owner, in the page's language (not the admin's label).
    assert "Calendrier de travail" in facts and "Agence Casa-Anfa" not in facts
    assert f"Calendrier : {customer.agency.name_fr}" in facts
    arabic = client_for(handler).get(f"/desk/tickets/{ticket.reference}/",
                                     HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert f"تقويم العمل: {customer.agency.name_ar}" in arabic


def test_the_page_header_says_the_clock_is_paused(handler: Agent, customer,
                                                  front_queue) -> None:
    now = timezone.now()
    ticket = factories.TicketFactory(
        customer=customer, queue=front_queue, assignee=handler,
        first_response_due=now - timedelta(days=2), first_responded_at=now - timedelta(days=3),
        **_fields(Deadline.PAUSED, now))
    html = client_for(handler).get(f"/desk/tickets/{ticket.reference}/").content.decode()
    facts = html[html.index('<dl class="facts">'):html.index("</dl>")]
    assert "suspendu : en attente du client" in facts
    assert "donnée le" in facts and "en retard" not in facts  # answered in time
    assert "Calendrier national" in facts  # the agency has no calendar of its own

