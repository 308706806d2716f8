"""The desk's side of phone calls: the screen pop of a waiting call, opening a complaint from
it, and the callback requests left in the voice menu."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from contactcenter.audit import services as audit
from contactcenter.org.decorators import AgentRequest, agent_required
from telephony import calls


@require_GET
@agent_required
def call_pop(request: AgentRequest, pk: int) -> HttpResponse:
    """The screen pop of a call (a partial fetched by the desk's pages when it is
    announced): the caller's number, the records it may be, their open complaints and
    latest contacts."""
    agent = request.agent
    call = calls.call_for_agent(agent=agent, pk=pk)
    callers = calls.callers_of(call=call, agent=agent)
    records = [caller.customer.pk for caller in callers]
    audit.record_access(request=request, channel=audit.Channel.DESK,
                        kind=audit.Kind.CONVERSATION, object_id=call.pk,
                        customer_id=records[0] if len(records) == 1 else None,
                        detail=("screen pop: records " + " ".join(map(str, records))
                                if records else "screen pop: no record"),
                        agent=agent)
    return render(request, "desk/partials/_screen_pop.html",
                  {"call": call, "callers": callers})


@require_POST
@agent_required
def call_open(request: AgentRequest, pk: int) -> HttpResponse:
    """Open a complaint from a call: the form for the caller's record, the call put on its
    timeline. An unknown number gets its provisional record now, not before."""
    agent = request.agent
    call = calls.call_for_agent(agent=agent, pk=pk)
    try:
        chosen = int(request.POST["customer"]) if request.POST.get("customer") else None
    except ValueError:
        raise Http404("No such customer.") from None
    try:
        customer = calls.customer_for_complaint(call=call, agent=agent, customer_pk=chosen)
    except ValidationError:
        messages.error(request, _("A record cannot be created for this number. Search the "
                                  "caller's record instead."))
        return redirect("desk:queue")
    # The form posts back to its own address: the call goes with it, to be linked.
    return redirect(f"{reverse('desk:open', args=[customer.pk])}?{urlencode({'call': call.pk})}")


@require_GET
@agent_required
def callbacks(request: AgentRequest) -> HttpResponse:
    """The callers waiting to be called back, oldest first, and the latest ones done."""
    agent = request.agent
    if not calls.may_take_calls(agent):
        raise PermissionDenied(_("Only the call centre handles callback requests."))
    return render(request, "desk/callbacks.html", {
        "open_callbacks": list(calls.open_callbacks()),
        "done_callbacks": list(calls.recent_callbacks_done())})


@require_POST
@agent_required
def callback_done(request: AgentRequest, pk: int) -> HttpResponse:
    agent = request.agent
    if not calls.may_take_calls(agent):
        raise PermissionDenied(_("Only the call centre handles callback requests."))
    if calls.mark_callback_done(callback_pk=pk, by=agent):
        messages.success(request, _("Callback marked as done."))
    else:
        messages.info(request, _("This callback was already done."))
    return redirect("desk:callbacks")
