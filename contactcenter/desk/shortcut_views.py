"""Where the desk's keyboard shortcuts lead that the page cannot know by itself."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from contactcenter.org.decorators import AgentRequest, agent_required
from tickets.selectors import next_ticket_for


@require_GET
@agent_required
def next_ticket(request: AgentRequest) -> HttpResponse:
    """The most urgent open complaint assigned to the agent (other than the one on screen,
    `?after=<reference>`), else their queue with a word saying so."""
    ticket = next_ticket_for(request.agent, skip=request.GET.get("after", "")[:40])
    if ticket is None:
        messages.info(request, _("No other open complaint is assigned to you."))
        return redirect("desk:queue")
    return redirect("desk:ticket", reference=ticket.reference)
