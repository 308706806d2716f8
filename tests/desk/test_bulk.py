"""Bulk actions on the queue: supervisors assign or re-prioritise the chosen complaints, each
through its service in its own transaction; the refused ones are listed with their reason
and left as they were."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import ngettext

from contactcenter.i18n import shown
from contactcenter.org.models import Agent
from tests import factories
from tests.conftest import client_for
from tests.desk.helpers import fr
from tickets import services
from tickets.exceptions import RuleViolation
from tickets.models import State, Ticket, TicketEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(customer, front_queue, colleague) -> dict[str, Ticket]:
    return {
        "first": factories.TicketFactory(customer=customer, queue=front_queue,
                                         assignee=colleague, state=State.IN_PROGRESS),
        "second": factories.TicketFactory(customer=customer, queue=front_queue,
                                          assignee=None, state=State.TRIAGED),
        "closed": factories.TicketFactory(customer=customer, queue=front_queue,
                                          assignee=colleague, state=State.CLOSED),
    }


def _post(by: Agent, **data: object):  # type: ignore[no-untyped-def]
    return client_for(by).post("/desk/bulk/", {"next": "/desk/?scope=team", **data},
                                  follow=True)


def _fr_plural(singular: str, plural: str, count: int) -> str:
    with translation.override("fr"):
        return escape(ngettext(singular, plural, count) % {"count": count})


def _fresh(ticket: Ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def test_only_who_may_assign_gets_the_checkboxes(supervisor: Agent, handler: Agent,
                                                 work) -> None:
    page = client_for(supervisor).get("/desk/", {"scope": "all"}).content.decode()
    assert page.count('name="ticket"') == 3 and 'id="queue-select-all"' in page
    assert 'id="queue-bulk"' in page and 'action="/desk/bulk/"' in page
    page = client_for(handler).get("/desk/", {"scope": "all"}).content.decode()
    assert 'name="ticket"' not in page and 'id="queue-bulk"' not in page


def test_a_supervisor_assigns_several_and_sees_the_refused_one(
        supervisor: Agent, handler: Agent, work, other_agency_agent) -> None:
    hidden = factories.TicketFactory(
        customer=factories.CustomerFactory(agency=other_agency_agent.agency),
        state=State.IN_PROGRESS)
    references = [work[name].reference for name in ("first", "second", "closed")]
    response = _post(supervisor, action="assign", agent=handler.pk,
                     ticket=[*references, hidden.reference])
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/desk/?scope=team"
    assert _fresh(work["first"]).assignee == handler
    second = _fresh(work["second"])
    assert second.assignee == handler and second.state == State.ASSIGNED
    assert _fresh(work["closed"]).assignee_id == work["closed"].assignee_id  # refused
    assert _fresh(hidden).assignee is None
    html = response.content.decode()
    assert _fr_plural("%(count)d complaint assigned.", "%(count)d complaints assigned.",
                      2) in html
    assert _fr_plural("%(count)d complaint refused:", "%(count)d complaints refused:",
                      2) in html
    assert f'<span dir="ltr">{work["closed"].reference}</span>: ' \
           f'{escape(fr("Only an open complaint can be reassigned."))}' in html
    assert f'<span dir="ltr">{hidden.reference}</span>: ' \
           f'{escape(fr("No such complaint in your scope."))}' in html
    assert TicketEvent.objects.filter(ticket=work["first"],
                                      kind=TicketEvent.Kind.ASSIGNMENT).count() == 1


def test_a_supervisor_changes_the_priority_of_several(supervisor: Agent, work) -> None:
    Ticket.objects.filter(pk=work["second"].pk).update(priority="urgent")
    versions = {name: ticket.version for name, ticket in work.items()}
    response = _post(supervisor, action="priority", priority="urgent",
                     ticket=[work[name].reference for name in ("first", "second", "closed")])
    first = _fresh(work["first"])
    assert first.priority == "urgent" and first.version == versions["first"] + 1
    assert _fresh(work["second"]).version == versions["second"]  # already urgent: refused
    assert _fresh(work["closed"]).priority == "normal"
    note = TicketEvent.objects.get(ticket=first, action="change_priority")
    assert note.actor == supervisor and note.kind == TicketEvent.Kind.NOTE
    # Stored as a system sentence, shown in the reader's language.
    with translation.override("fr"):
        assert shown(note.note) == "Priorité : Normale → Urgente"
    with translation.override("ar"):
        assert shown(note.note) == "الأولوية: عادية ← مستعجلة"
    html = response.content.decode()
    assert _fr_plural("Priority changed on %(count)d complaint.",
                      "Priority changed on %(count)d complaints.", 1) in html
    assert escape(fr("The complaint already has this priority.")) in html
    assert escape(fr("Only an open complaint's priority can be changed.")) in html


def test_an_agent_who_may_not_assign_is_refused(handler: Agent, work) -> None:
    response = client_for(handler).post("/desk/bulk/", {
        "action": "priority", "priority": "urgent", "ticket": [work["first"].reference]})
    assert response.status_code == 403
    assert _fresh(work["first"]).priority == "normal"


@pytest.mark.parametrize("data,message", [
    ({"action": "assign"}, "Choose at least one complaint."),
    ({"action": "priority", "ticket": ["x"]}, "Choose a priority."),
    ({"action": "assign", "ticket": ["x"]}, "Choose an agent to assign them to."),
    ({"action": "erase", "ticket": ["x"]}, "Choose an action."),
])
def test_bad_input_is_refused_clearly_and_changes_nothing(supervisor: Agent, work, data,
                                                          message) -> None:
    data = {key: ([work["first"].reference] if value == ["x"] else value)
            for key, value in data.items()}
    response = _post(supervisor, **data)
    assert escape(fr(message)) in response.content.decode()
    assert _fresh(work["first"]).version == work["first"].version


def test_an_agent_from_elsewhere_is_not_offered(supervisor: Agent, work,
                                                other_agency_agent) -> None:
    response = _post(supervisor, action="assign", agent=other_agency_agent.pk,
                     ticket=[work["first"].reference])
    assert escape(fr("Choose an agent to assign them to.")) in response.content.decode()
    assert _fresh(work["first"]).assignee_id == work["first"].assignee_id


def test_too_many_at_once_are_refused(supervisor: Agent, work) -> None:
    response = _post(supervisor, action="priority", priority="high",
                     ticket=[str(number) for number in range(101)])
    assert escape(fr("Choose at most %(count)d complaints at a time.", count=100)) in \
        response.content.decode()


def test_the_way_back_stays_on_this_site(supervisor: Agent, work) -> None:
    response = client_for(supervisor).post("/desk/bulk/", {
        "next": "https://evil.example/", "action": "priority", "priority": "high",
        "ticket": [work["first"].reference]})
    assert response.status_code == 302 and response.url == "/desk/"


# --- The service -------------------------------------------------------------------------------

def test_changing_the_priority_needs_a_manager(handler: Agent, work) -> None:
    with pytest.raises(PermissionDenied):
        services.change_priority(ticket=_fresh(work["first"]), by=handler, priority="high")


def test_changing_the_priority_refuses_an_unknown_one(supervisor: Agent, work) -> None:
    with pytest.raises(RuleViolation):
        services.change_priority(ticket=_fresh(work["first"]), by=supervisor,
                                 priority="whenever")
    assert _fresh(work["first"]).version == work["first"].version


def test_changing_the_priority_recomputes_the_deadline(supervisor: Agent, customer,
                                                       handler: Agent, category) -> None:
    ticket = services.open_complaint(customer=customer, channel="counter", by=handler,
                                     description="Pension non versée", category=category)
    assert ticket.sla_running_since is not None
    before = ticket.sla_running_since
    changed = services.change_priority(ticket=_fresh(ticket), by=supervisor, priority="urgent")
    assert changed.priority == "urgent" and changed.sla_running_since >= before
    assert changed.updated_by == supervisor
