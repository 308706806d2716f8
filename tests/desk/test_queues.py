"""The three work queues: who sees what, filters, sorting, htmx, and a bounded cost."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contactcenter.org.models import Agent
from tests import factories
from tests.conftest import client_for
from tests.desk.helpers import HTMX
from tickets.models import State, Ticket

pytestmark = pytest.mark.django_db

_REFERENCE = re.compile(r'class="ref" dir="ltr" href="/desk/tickets/(\d+)/"')


def _references(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return _REFERENCE.findall(response.content.decode())


def _ticket(**fields: object) -> Ticket:
    return factories.TicketFactory(**fields)


@pytest.fixture
def board(customer, handler, colleague, front_queue, agency_b) -> dict[str, Ticket]:
    """One complaint of each kind the queues must tell apart, the newest last."""
    now = timezone.now()
    other_queue = factories.QueueFactory(agency=customer.agency)
    return {
        "mine": _ticket(customer=customer, queue=front_queue, assignee=handler,
                        state=State.IN_PROGRESS, created_at=now - timedelta(hours=6)),
        "mine_resolved": _ticket(customer=customer, queue=front_queue, assignee=handler,
                                 state=State.RESOLVED, explanation="Payé",
                                 created_at=now - timedelta(hours=5)),
        "team": _ticket(customer=customer, queue=front_queue, assignee=None,
                        state=State.TRIAGED, created_at=now - timedelta(hours=4)),
        "colleague": _ticket(customer=customer, queue=other_queue, assignee=colleague,
                             state=State.ASSIGNED, created_at=now - timedelta(hours=3)),
        "agency_closed": _ticket(customer=customer, queue=other_queue, state=State.CLOSED,
                                 created_at=now - timedelta(hours=2)),
        "other_agency": _ticket(customer=factories.CustomerFactory(agency=agency_b),
                                state=State.NEW, created_at=now - timedelta(hours=1)),
    }


def _refs(board: dict[str, Ticket], *names: str) -> set[str]:
    return {board[name].reference for name in names}


def test_mine_lists_my_open_complaints_by_default(handler: Agent, board) -> None:
    assert set(_references(client_for(handler).get("/desk/"))) == _refs(board, "mine")


def test_my_team_lists_the_open_complaints_of_my_queues(handler: Agent, board) -> None:
    found = _references(client_for(handler).get("/desk/", {"scope": "team"}))
    assert set(found) == _refs(board, "mine", "team")


def test_all_lists_everything_i_may_see_in_any_state(handler: Agent, board) -> None:
    found = _references(client_for(handler).get("/desk/", {"scope": "all"}))
    assert set(found) == _refs(board, "mine", "mine_resolved", "team", "colleague",
                               "agency_closed")


def test_choosing_a_state_shows_my_complaints_in_that_state(handler: Agent, board) -> None:
    found = _references(client_for(handler).get("/desk/", {"state": "resolved"}))
    assert set(found) == _refs(board, "mine_resolved")


def test_an_unknown_scope_falls_back_to_mine(handler: Agent, board) -> None:
    found = _references(client_for(handler).get("/desk/", {"scope": "everyone"}))
    assert set(found) == _refs(board, "mine")


def test_an_agent_of_another_agency_sees_none_of_them(other_agency_agent: Agent,
                                                      board) -> None:
    found = _references(client_for(other_agency_agent).get("/desk/", {"scope": "all"}))
    assert set(found) == _refs(board, "other_agency")


def test_the_queue_is_for_signed_in_agents_only(client, board) -> None:
    response = client.get("/desk/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("params,expected", [
    ({"state": ["triaged", "closed"]}, {"team", "agency_closed"}),
    ({"channel": "counter"}, {"colleague"}),
    ({"priority": "urgent"}, {"team"}),
    ({"q": "Tazi"}, {"mine_resolved"}),
])
def test_filters_narrow_the_list(handler: Agent, board, params, expected) -> None:
    Ticket.objects.filter(pk=board["colleague"].pk).update(channel="counter")
    Ticket.objects.filter(pk=board["team"].pk).update(priority="urgent")
    tazi = factories.CustomerFactory(agency=handler.agency, first_name="Rachid",
                                     last_name="Tazi")
    Ticket.objects.filter(pk=board["mine_resolved"].pk).update(customer=tazi)
    found = _references(client_for(handler).get("/desk/", {"scope": "all", **params}))
    assert set(found) == _refs(board, *expected)


def test_the_free_text_finds_a_reference(handler: Agent, board) -> None:
    reference = board["colleague"].reference
    spaced = f"{reference[:3]} {reference[3:6]} {reference[6:]}"
    found = _references(client_for(handler).get("/desk/", {"scope": "all", "q": spaced}))
    assert found == [reference]


def test_the_date_range_keeps_the_complaints_opened_in_it(handler: Agent, board) -> None:
    Ticket.objects.filter(pk=board["team"].pk).update(
        created_at=timezone.now() - timedelta(days=40))
    day = (timezone.localdate() - timedelta(days=40)).isoformat()
    found = _references(client_for(handler).get(
        "/desk/", {"scope": "all", "opened_after": day, "opened_before": day}))
    assert found == [board["team"].reference]


def test_the_newest_come_first_and_sorting_follows_the_column(handler: Agent, board) -> None:
    client = client_for(handler)
    visible = ["mine", "mine_resolved", "team", "colleague", "agency_closed"]
    newest_first = [board[name].reference for name in reversed(visible)]
    assert _references(client.get("/desk/", {"scope": "all"})) == newest_first
    assert _references(client.get("/desk/", {"scope": "all", "sort": "opened"})) == \
        newest_first[::-1]
    by_reference = sorted(board[name].reference for name in visible)
    assert _references(client.get("/desk/", {"scope": "all", "sort": "reference"})) == \
        by_reference
    assert _references(client.get("/desk/", {"scope": "all", "sort": "-reference"})) == \
        by_reference[::-1]


def test_sorting_on_an_unindexed_column_is_ignored(handler: Agent, board) -> None:
    client = client_for(handler)
    default = _references(client.get("/desk/", {"scope": "all"}))
    assert _references(client.get("/desk/", {"scope": "all", "sort": "customer"})) == default


def test_pages_go_on_without_counting_the_rows(handler: Agent, customer, front_queue) -> None:
    for _ in range(30):
        _ticket(customer=customer, queue=front_queue, assignee=handler, state=State.ASSIGNED)
    client = client_for(handler)
    first = client.get("/desk/")
    html = first.content.decode()
    assert len(_references(first)) == 25
    assert 'rel="next"' in html and 'rel="prev"' not in html
    second = client.get("/desk/", {"page": 2})
    assert len(_references(second)) == 5
    assert 'rel="next"' not in second.content.decode()
    assert not set(_references(first)) & set(_references(second))
    assert len(_references(client.get("/desk/", {"per_page": 100}))) == 30


def test_htmx_gets_only_the_table_and_the_page_keeps_the_address(handler: Agent,
                                                                 board) -> None:
    client = client_for(handler)
    page = client.get("/desk/", {"scope": "team"}).content.decode()
    assert "<html" in page
    assert 'hx-target="#queue-table"' in page and 'hx-push-url="true"' in page
    partial = client.get("/desk/", {"scope": "team", "state": "triaged"},
                         HTTP_HX_TARGET="queue-table", **HTMX)
    html = partial.content.decode()
    assert "<html" not in html and html.lstrip().startswith('<div id="queue-table"')
    assert _references(partial) == [board["team"].reference]
    assert "HX-Request" in partial["Vary"]
    sort_link = re.search(r'hx-get="([^"]*sort=reference[^"]*)"', html)
    assert sort_link and "state=triaged" in sort_link.group(1)


def _queries_for(client, params: dict[str, object]) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/desk/", params)
    assert response.status_code == 200
    for query in queries.captured_queries:  # each would read every matching row
        sql = query["sql"].upper()
        if _is_tab_count(sql):
            continue
        assert "COUNT(" not in sql and "DISTINCT" not in sql
    return len(queries.captured_queries)


def _is_tab_count(sql: str) -> bool:
    """The tab counts: over the open complaints of one agent or of the agent's queues (the
    partial indexes on open complaints bound them), never over all the agent may see."""
    return ("COUNT(" in sql and "DISTINCT" not in sql and "'IN_PROGRESS'" in sql
            and ('"ASSIGNEE_ID" =' in sql or '"QUEUE_ID" IN' in sql))


def test_the_queue_costs_the_same_few_queries_whatever_the_size(handler: Agent, customer,
                                                                 front_queue) -> None:
    client = client_for(handler)

    def fill(total: int) -> None:
        while Ticket.objects.count() < total:
            _ticket(customer=factories.CustomerFactory(agency=customer.agency),
                    queue=front_queue, assignee=handler, state=State.IN_PROGRESS,
                    category=factories.CategoryFactory())

    fill(5)
    client.get("/desk/")  # the session and the like are warm
    small = {scope: _queries_for(client, {"scope": scope}) for scope in ("mine", "team", "all")}
    fill(60)
    large = {scope: _queries_for(client, {"scope": scope}) for scope in ("mine", "team", "all")}
    assert small == large
    assert max(large.values()) <= 9  # two of them the tab counts
    assert _queries_for(client, {"scope": "all", "per_page": 25}) == \
        _queries_for(client, {"scope": "all", "per_page": 100})
    # (words take one query more: the first matches, see tickets.search.RANK_LIMIT)
    assert _queries_for(client, {"scope": "all", "page": 2, "state": ["in_progress"],
                                 "q": "Fatima"}) == large["all"] + 1


def test_filtering_keeps_the_order_chosen_from_a_header(handler: Agent, board) -> None:
    html = client_for(handler).get("/desk/", {"scope": "all", "sort": "reference"},
                                   HTTP_HX_TARGET="queue-table", **HTMX).content.decode()
    assert '<input type="hidden" name="sort" value="reference" form="queue-filters">' in html


@pytest.mark.parametrize("params", [{"per_page": 1000000}, {"per_page": "x"}, {"page": "x"},
                                    {"page": 99}, {"page": 0}, {"page": "9" * 30},
                                    {"page": 2**63}, {"page": -(2**63)}])
def test_odd_page_requests_get_a_normal_page(handler: Agent, customer, front_queue,
                                             params) -> None:
    for _ in range(27):
        _ticket(customer=customer, queue=front_queue, assignee=handler, state=State.ASSIGNED)
    assert len(_references(client_for(handler).get("/desk/", params))) == 25


def test_a_filter_with_a_bad_value_says_so(handler: Agent, board) -> None:
    response = client_for(handler).get("/desk/", {"scope": "all", "state": "bogus"})
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
