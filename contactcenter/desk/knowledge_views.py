"""The knowledge base on the complaint page: the suggested articles refreshed as the agent
types a reply, and the record that one was inserted into it (contactcenter.desk.suggestions
chooses them)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from contactcenter.desk import suggestions
from contactcenter.org.decorators import AgentRequest, agent_required
from knowledge import selectors, services
from tickets.selectors import get_ticket_for_agent


@never_cache
@require_GET
@agent_required
def suggested(request: AgentRequest, reference: str) -> HttpResponse:
    """The list of suggestions for the complaint and the reply typed so far (`q`)."""
    ticket = get_ticket_for_agent(agent=request.agent, reference=reference)
    if not suggestions.enabled():
        raise Http404("Suggestions are turned off.")
    typed = request.GET.get("q", "")[:suggestions.TEXT_LIMIT]
    found = suggestions.suggestions_for(ticket, typed=typed, request=request)
    return render(request, "desk/partials/_suggestion_list.html",
                  {"ticket": ticket, "suggestions": found})


@require_POST
@agent_required
def used(request: AgentRequest, reference: str, slug: str) -> HttpResponse:
    """The agent inserted the article into a reply to this complaint: counted on it."""
    ticket = get_ticket_for_agent(agent=request.agent, reference=reference)
    article = selectors.article_by_slug(slug, include_internal=True)
    if article is None:
        raise Http404("No such article.")
    services.record_use(article, language=suggestions.customer_language(ticket),
                        ticket_id=ticket.pk, agent_id=request.agent.pk)
    return HttpResponse(status=204)
