"""The customer record's pages: search, the record with its 360 timeline, merging
duplicates, SMS notifications."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from contactcenter.audit import services as audit
from contactcenter.customers import selectors, services
from contactcenter.customers.exceptions import MergeRefused
from contactcenter.customers.forms import MergeForm, SearchForm
from contactcenter.customers.models import Channel, SmsOptOut
from contactcenter.customers.permissions import can_merge
from contactcenter.org.decorators import AgentRequest, agent_required
from contactcenter.org.models import Agent
from telephony import sms_answers
from tickets import customer_scope
from tickets import timeline as customer_history


# The page and its htmx partial share a URL (the search box keeps it in the address bar):
# without Vary, going back could show the cached partial as the whole page.
@vary_on_headers("HX-Request")
@agent_required
def search(request: AgentRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    results = []
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        results = list(customer_scope.search_customers(agent=request.agent, query=query))
    if results:  # names shown: logged with their count, never the words searched
        audit.record_access(request=request, channel=audit.Channel.DESK,
                            kind=audit.Kind.CUSTOMER, action=audit.Action.SEARCH,
                            detail=f"{len(results)} found", agent=request.agent)
    template = ("customers/partials/_results.html" if request.htmx
                else "customers/search.html")
    return render(request, template, {"form": form, "query": query, "results": results})


@agent_required
def detail(request: AgentRequest, pk: int) -> HttpResponse:
    customer = customer_scope.get_customer_for_agent(agent=request.agent, pk=pk)
    if customer.merged_into_id:
        messages.info(request, _("This record was merged; here is the record it joined."))
        return redirect("customers:detail", pk=customer.merged_into_id)
    _record_view(request, customer.pk)
    context = {
        "customer": customer,
        "contact_points": selectors.contact_points_of(customer),
        "employments": selectors.employments_of(customer)[:20],
        "employees_count": selectors.employee_count(customer),
        "dependants": selectors.dependant_links_of(customer),
        "insured_links": selectors.insured_links_of(customer),
        "open_tickets": customer_history.open_tickets_of(customer)[:10],
        "timeline": _with_sms_answers(
            customer_history.customer_timeline(customer=customer, with_sms=True)),
        "can_merge": can_merge(request.agent),
        "merge_form": MergeForm(),
        "merges": selectors.merges_of(customer)[:10],
    }
    return render(request, "customers/detail.html", context)


@agent_required
def timeline(request: AgentRequest, pk: int) -> HttpResponse:
    customer = customer_scope.get_customer_for_agent(agent=request.agent, pk=pk)
    _record_view(request, customer.pk, detail="timeline")
    page = _with_sms_answers(customer_history.customer_timeline(
        customer=customer, cursor=request.GET.get("cursor"), with_sms=True))
    return render(request, "customers/partials/_timeline.html",
                  {"customer": customer, "timeline": page})


def _with_sms_answers(page: customer_history.TimelinePage) -> customer_history.TimelinePage:
    """Each SMS the customer sent, with the answer they got back in the carrier's reply
    (`sms_answer`): an SMS the outbox never wrote, e.g. the registration of a complaint
    opened by SMS."""
    texts = [entry.item for entry in page.entries
             if entry.kind == "interaction" and entry.item.channel == Channel.SMS
             and entry.item.carrier_id]
    answers = sms_answers.answers_to([text.carrier_id for text in texts])
    for text in texts:
        text.sms_answer = answers.get(text.carrier_id, "")
    return page


def _record_view(request: AgentRequest, pk: int, *, detail: str = "") -> None:
    audit.record_access(request=request, channel=audit.Channel.DESK, kind=audit.Kind.CUSTOMER,
                        object_id=pk, customer_id=pk, detail=detail, agent=request.agent)


@require_POST
@agent_required
def merge(request: AgentRequest, pk: int) -> HttpResponse:
    if not can_merge(request.agent):
        raise PermissionDenied
    survivor = customer_scope.get_customer_for_agent(agent=request.agent, pk=pk)
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the duplicate's number and a reason."))
        return redirect(survivor)
    try:
        duplicate = customer_scope.get_customer_for_agent(agent=request.agent,
                                                     pk=form.cleaned_data["duplicate"])
    except Http404:
        messages.error(request, _("No record with that number."))
        return redirect(survivor)
    try:
        services.merge_customers(survivor=survivor, duplicate=duplicate, by=request.user,
                                 reason=form.cleaned_data["reason"])
    except MergeRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Record %(number)s merged into this one.")
                         % {"number": duplicate.pk})
    return redirect(survivor)


@require_POST
@agent_required
def sms_notifications(request: AgentRequest, pk: int) -> HttpResponse:
    """Stop or resume the SMS notifications of one of the customer's mobiles, as the
    customer asked at the counter (or on the phone to an agent)."""
    customer = customer_scope.get_customer_for_agent(agent=request.agent, pk=pk)
    phone = request.POST.get("phone", "")
    if not selectors.has_mobile(customer, phone):
        messages.error(request, _("This number is not one of the customer's mobiles."))
        return redirect(customer)
    stop = request.POST.get("stop") == "1"
    channel = (SmsOptOut.Channel.COUNTER if request.agent.role == Agent.Role.FRONT_OFFICE
               else SmsOptOut.Channel.AGENT)
    services.set_sms_opt_out(phone=phone, opted_out=stop, channel=channel)
    text = (_("SMS notifications stopped for %(number)s.") if stop
            else _("SMS notifications resumed for %(number)s."))
    messages.success(request, text % {"number": phone})
    return redirect(customer)
