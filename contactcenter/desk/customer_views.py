"""The customer record's pages: search, creating a record, the record with its 360
timeline, its contact details, merging duplicates, SMS notifications."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from contactcenter.audit import services as audit
from contactcenter.customers import record_services, selectors, services
from contactcenter.customers.exceptions import (
    DuplicateCandidate,
    MergeRefused,
    PossibleDuplicates,
)
from contactcenter.customers.forms import (
    ContactForm,
    CorrectContactForm,
    CustomerForm,
    MergeForm,
    SearchForm,
)
from contactcenter.customers.identifiers import (
    identifier_fields_matching,
    normalize_identifier,
    parse_phone,
)
from contactcenter.customers.models import Channel, ContactPoint, Customer, SmsOptOut
from contactcenter.customers.permissions import can_keep_records, can_merge
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
        _with_main_phone(results)
    if results:  # names shown: logged with their count, never the words searched
        audit.record_access(request=request, channel=audit.Channel.DESK,
                            kind=audit.Kind.CUSTOMER, action=audit.Action.SEARCH,
                            detail=f"{len(results)} found", agent=request.agent)
    template = ("customers/partials/_results.html" if request.htmx
                else "customers/search.html")
    return render(request, template, {"form": form, "query": query, "results": results,
                                      "can_create": can_keep_records(request.agent)})


def _with_main_phone(results: list[Customer]) -> None:
    """Each record's main mobile as `main_phone` (homonyms told apart), in one query."""
    phones: dict[int, str] = {}
    for point in selectors.mobiles_of([customer.pk for customer in results]):
        phones.setdefault(point.customer_id, point.value)
    for customer in results:
        customer.main_phone = phones.get(customer.pk, "")  # type: ignore[attr-defined]  # shown by the results' template only


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
        "can_keep_records": can_keep_records(request.agent),
        "contact_form": ContactForm(),
        "retired_points": selectors.retired_contact_points_of(customer)[:20],
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


# --- Creating a record, keeping its contact details ----------------------------------------------

def _initial_from_search(query: str) -> dict[str, str]:
    """The new record's fields from what was searched: an identifier, a phone or a name."""
    query = query.strip()
    if not query:
        return {}
    fields = identifier_fields_matching(query)
    if fields:
        field = fields[0]
        initial = {field: normalize_identifier(query)}
        if field == "affiliation_number":
            initial["kind"] = Customer.Kind.EMPLOYER
        return initial
    if parse_phone(query):
        return {"mobile": query}
    first, _space, last = query.partition(" ")
    return {"first_name": first, "last_name": last} if last else {"last_name": first}


@agent_required
def create(request: AgentRequest) -> HttpResponse:
    """A new person or employer, after the agent has seen the records it may duplicate."""
    if not can_keep_records(request.agent):
        raise PermissionDenied
    candidates: list[DuplicateCandidate] = []
    blocking, hidden = False, 0
    if request.method != "POST":
        form = CustomerForm(initial=_initial_from_search(request.GET.get("q", "")))
    else:
        form = CustomerForm(request.POST)
        if form.is_valid():
            try:
                customer = record_services.register_customer(
                    by=request.agent, agency=request.agent.agency,
                    confirm_duplicate=form.cleaned_data["confirm_duplicate"],
                    **form.record_fields())
            except ValidationError as exc:
                _errors_on_form(form, exc)
            except PossibleDuplicates as duplicates:
                blocking = duplicates.blocking
                candidates, hidden = _visible(request.agent, duplicates.candidates)
                data = request.POST.copy()
                data["confirm_duplicate"] = "" if blocking else "1"
                form = CustomerForm(data)
                form.is_valid()
            else:
                messages.success(request, _("Record no. %(number)s created.")
                                 % {"number": customer.pk})
                return redirect(customer)
    return render(request, "customers/create.html",
                  {"form": form, "candidates": candidates, "blocking": blocking,
                   "hidden": hidden})


def _visible(agent: Agent, candidates: list[DuplicateCandidate]
             ) -> tuple[list[DuplicateCandidate], int]:
    """The candidates the agent may see, and how many others (counted, never named)."""
    seen = set(customer_scope.customers_for_agent(agent).filter(
        pk__in=[c.customer.pk for c in candidates]).values_list("pk", flat=True))
    shown = [c for c in candidates if c.customer.pk in seen]
    return shown, len(candidates) - len(shown)


def _errors_on_form(form: CustomerForm, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [
            (NON_FIELD_ERRORS, exc.messages)]:
        form.add_error(field if field in form.fields else None, errors)


def _contact_change(request: AgentRequest, pk: int,
                    change: Callable[[Customer], object], done: str) -> HttpResponse:
    """Run one change of a record's contact points; its errors, or `done`, as a message."""
    if not can_keep_records(request.agent):
        raise PermissionDenied
    customer = customer_scope.get_customer_for_agent(agent=request.agent, pk=pk)
    try:
        change(customer)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect(f"{customer.get_absolute_url()}#contacts-title")


def _point(customer: Customer, contact_id: int) -> ContactPoint:
    point = selectors.contact_point_of(customer, contact_id)
    if point is None:
        raise Http404("No such contact point.")
    return point


@require_POST
@agent_required
def contact_add(request: AgentRequest, pk: int) -> HttpResponse:
    form = ContactForm(request.POST)

    def change(customer: Customer) -> object:
        if not form.is_valid():
            raise ValidationError(_("Give the kind of contact and its value."))
        return record_services.add_contact(customer=customer, by=request.agent,
                                    kind=form.cleaned_data["kind"],
                                    value=form.cleaned_data["value"],
                                    main=form.cleaned_data["main"])
    return _contact_change(request, pk, change, _("Contact added."))


@require_POST
@agent_required
def contact_correct(request: AgentRequest, pk: int, contact_id: int) -> HttpResponse:
    form = CorrectContactForm(request.POST)

    def change(customer: Customer) -> object:
        point = _point(customer, contact_id)
        if not form.is_valid():
            raise ValidationError(_("Give the corrected value."))
        return record_services.correct_contact(point=point, value=form.cleaned_data["value"],
                                        by=request.agent)
    return _contact_change(request, pk, change, _("Contact corrected."))


@require_POST
@agent_required
def contact_retire(request: AgentRequest, pk: int, contact_id: int) -> HttpResponse:
    return _contact_change(request, pk, lambda customer: record_services.retire_contact(
        point=_point(customer, contact_id), by=request.agent), _("Contact retired."))


@require_POST
@agent_required
def contact_main(request: AgentRequest, pk: int, contact_id: int) -> HttpResponse:
    return _contact_change(request, pk, lambda customer: record_services.set_main_mobile(
        point=_point(customer, contact_id), by=request.agent), _("Main mobile changed."))
