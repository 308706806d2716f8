"""The live SLA board: the page and its htmx partial, which the page fetches again whenever
/ws/board/ says something changed (contactcenter/board/consumers.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.vary import vary_on_headers

from contactcenter.board import selectors as boards
from contactcenter.org.decorators import AgentRequest, agent_required

PARTIAL_TARGET = "board"


# The page and its partial share a URL (kept in the address bar): without Vary, going back
# could show the cached partial as the whole page. Never cached: the counts are live.
@never_cache
@vary_on_headers("HX-Request")
@agent_required
def board(request: AgentRequest) -> HttpResponse:
    agent = request.agent
    if not boards.may_see_board(agent):
        raise PermissionDenied("The board is for supervisors and managers.")
    drill = boards.drill_from(request.GET)
    context = {"board": boards.board_for(agent=agent, drill=drill, now=timezone.now()),
               "at_risk_minutes": int(boards.AT_RISK_WITHIN.total_seconds() // 60)}
    if request.htmx and request.htmx.target == PARTIAL_TARGET:
        return render(request, "sla/partials/_board.html", context)
    return render(request, "sla/board.html", context)
