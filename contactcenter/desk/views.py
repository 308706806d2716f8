"""The agent desk: work queues, the complaint page and its actions, opening a complaint."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.forms import ModelChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect
from django_tables2 import LazyPaginator, RequestConfig

from contactcenter.audit import services as audit
from contactcenter.customers import selectors as customer_selectors
from contactcenter.desk import bulk_views, selectors, triage_panel
from contactcenter.desk.actions import (
    ACTIONS,
    COMPOSERS,
    Action,
    assign_mode,
    can_reply,
    offered_actions,
)
from contactcenter.desk.forms import ActionForm, OpenComplaintForm
from contactcenter.desk.selectors import SCOPES, Scope
from contactcenter.desk.tables import TicketTable
from contactcenter.org.decorators import AgentRequest, agent_required
from contactcenter.org.models import Agent
from telephony import calls
from tickets import customer_scope, notification_texts, services, timeline
from tickets.exceptions import ConcurrentEdit, RuleViolation
from tickets.filters import TicketFilter
from tickets.models import Ticket
from tickets.permissions import may_export_complaints
from tickets.search import is_ranked
from tickets.selectors import events_of, get_ticket_for_agent

PER_PAGE = 25
PER_PAGE_CHOICES = (25, 50, 100)
MAX_PAGE = 100_000
RECENT_CONTACTS = 8


def _per_page(request: HttpRequest) -> int:
    try:
        value = int(request.GET.get("per_page", PER_PAGE))
    except ValueError:
        return PER_PAGE
    return value if value in PER_PAGE_CHOICES else PER_PAGE


# --- Queues ----------------------------------------------------------------------------------

def _paginate(table: TicketTable, request: HttpRequest) -> None:
    """One page, read without counting the rows (a count would scan them all). The page
    size is ours to bound, not the request's."""
    options = {"paginator_class": LazyPaginator, "per_page": _per_page(request)}
    try:
        page = int(request.GET.get("page", 1))
    except ValueError:
        page = 1
    # A page past MAX_PAGE would ask PostgreSQL for an offset beyond its integers.
    if not 1 <= page <= MAX_PAGE:
        page = 1
    try:
        table.paginate(page=page, **options)
    except (EmptyPage, PageNotAnInteger):
        table.paginate(page=1, **options)


# The page and its htmx partial share a URL (kept in the address bar): without Vary, going
# back could show the cached partial as the whole page.
@vary_on_headers("HX-Request")
@agent_required
def queue(request: AgentRequest) -> HttpResponse:
    agent = request.agent
    scope = request.GET.get("scope", Scope.MINE)
    if scope not in SCOPES:
        scope = Scope.MINE
    queue_ids = selectors.queue_ids_for(agent)
    filterset = TicketFilter(request.GET, queryset=selectors.queue_tickets(
        agent=agent, scope=scope, queue_ids=queue_ids))
    _name_empty_choices(filterset.form)
    tickets = filterset.qs
    states_chosen = filterset.form.is_valid() and filterset.form.cleaned_data.get("state")
    if scope != Scope.ALL and not states_chosen:
        tickets = selectors.only_open(tickets)
    now = timezone.now()
    selectable = bulk_views.may_bulk_assign(agent)
    # Searched words come best first (unless a column is sorted); else "mine" comes due
    # first (what to answer next at the top), the other queues newest first.
    default_order = (() if is_ranked(tickets)
                     else ("due",) if scope == Scope.MINE else None)
    table = TicketTable(tickets, selectable=selectable, now=now, order_by=default_order)
    RequestConfig(request, paginate=False).configure(table)  # the order from `sort`
    _paginate(table, request)
    counts = selectors.tab_counts(agent=agent, now=now, queue_ids=queue_ids)
    context = {"table": table, "filter": filterset, "scope": scope,
               "per_page": _per_page(request), "per_page_choices": PER_PAGE_CHOICES,
               "scopes": [(Scope.MINE, _("Mine"), counts[Scope.MINE]),
                          (Scope.TEAM, _("My team"), counts[Scope.TEAM]),
                          (Scope.ALL, _("All I may see"), None)],
               "refresh_url": request.get_full_path(), "selectable": selectable,
               "exportable": may_export_complaints(agent),
               "bulk": bulk_views.bulk_context(agent, queue_ids) if selectable else None}
    if request.htmx and request.htmx.target == "queue-table":
        return render(request, "desk/partials/_queue_table.html", context)
    return render(request, "desk/queue.html", context)


def _name_empty_choices(form: Any) -> None:
    """"All" rather than dashes for a filter left open."""
    label = pgettext("any value of a filter", "All")
    for field in form.fields.values():
        if isinstance(field, ModelChoiceField):
            field.empty_label = label  # its choices are read lazily
        elif getattr(field, "empty_label", None) is not None:
            field.empty_label = label
            field.widget.choices = [("", label), *(choice for choice in field.widget.choices
                                                   if choice[0] != "")]


# --- The complaint page ----------------------------------------------------------------------

ActionRow = tuple[Action, ActionForm, bool, str]


def _action_forms(agent: Agent, ticket: Ticket,
                  bound: ActionForm | None = None) -> list[ActionRow]:
    """(action, form, open, style) for each button, main action first and destructive ones
    last; the form that just failed comes back open."""
    forms = []
    for offered in offered_actions(agent, ticket):
        action = offered.action
        if bound is not None and bound.action == action.name:
            forms.append((action, bound, True, offered.style))
        else:
            forms.append((action, _form(action, agent, ticket), False, offered.style))
    return forms


def _style_of(agent: Agent, ticket: Ticket, name: str) -> str:
    return next((offered.style for offered in offered_actions(agent, ticket)
                 if offered.action.name == name), "")


def _form(action: Action, agent: Agent, ticket: Ticket, data: Any = None) -> ActionForm:
    return action.form_class(data, ticket=ticket, agent=agent, action=action.name)


def _ticket_context(agent: Agent, ticket: Ticket, *, bound: ActionForm | None = None,
                    error: str = "", conflict: bool = False) -> dict[str, Any]:
    customer = ticket.customer
    recent = timeline.customer_timeline(customer=customer, limit=RECENT_CONTACTS)
    composers = [ACTIONS["note"]]
    if can_reply(agent, ticket):
        composers.insert(0, ACTIONS["reply"])
    actions = _action_forms(agent, ticket, bound)
    preferred = customer.preferred_language or settings.LANGUAGE_CODE
    # A language without its own reply template falls back to the default one: one frame
    # per template language.
    frames = {frame.language: frame for code, _name in reversed(settings.LANGUAGES)
              if (frame := notification_texts.reply_frame(ticket, language=code)) is not None}
    return {
        "ticket": ticket,
        "customer": customer,
        "contact_points": customer_selectors.contact_points_by_rank(customer),
        "other_open_tickets": timeline.open_tickets_of(customer)
        .exclude(pk=ticket.pk)[:10],
        "recent_interactions": [entry.item for entry in recent.entries
                                if entry.kind == "interaction"],
        "events": events_of(ticket),
        "customer_messages": selectors.customer_messages(ticket),
        "actions": [row for row in actions if not row[0].destructive],
        "danger_actions": [row for row in actions if row[0].destructive],
        "assign_mode": assign_mode(agent, ticket),
        "composers": [(action, bound if bound is not None and bound.action == action.name
                       else _form(action, agent, ticket)) for action in composers],
        "error": error,
        "conflict": conflict,
        "reply_meter": {"preferred": preferred, "frames": list(frames.values())},
        "triage": triage_panel.panel(agent, ticket, may_triage=any(
            row[0].name == "triage" for row in actions)),
    }


@agent_required
def ticket_detail(request: AgentRequest, reference: str) -> HttpResponse:
    agent = request.agent
    ticket = get_ticket_for_agent(agent=agent, reference=reference)
    audit.record_access(request=request, channel=audit.Channel.DESK, kind=audit.Kind.COMPLAINT,
                        object_id=ticket.pk, label=ticket.reference,
                        customer_id=ticket.customer_id, agent=agent)
    return render(request, "desk/ticket.html", _ticket_context(agent, ticket))


@require_POST
@agent_required
def act(request: AgentRequest, reference: str, action: str) -> HttpResponse:
    """Every action on a complaint: the action's form, then its one service."""
    agent = request.agent
    if action not in ACTIONS:
        raise Http404("No such action.")
    entry = ACTIONS[action]
    ticket = get_ticket_for_agent(agent=agent, reference=reference)
    form = _form(entry, agent, ticket, request.POST)
    if not form.is_valid():
        return _refused(request, ticket, form, "", status=422)
    try:
        loaded = form.cleaned_data["version"]
        if loaded != ticket.version:
            raise ConcurrentEdit.for_ticket(ticket)
        # Ticket.save() updates only the row still at this version: a change made between
        # this request's read and its write is refused too.
        ticket.version = loaded
        entry.perform(ticket, agent, form.cleaned_data)
    except ConcurrentEdit as exc:
        return _refused(request, ticket, form, str(exc), status=409, conflict=True)
    except PermissionDenied as exc:
        return _refused(request, ticket, form,
                        str(exc) or _("Your role does not allow this action on this "
                                      "complaint."), status=403)
    except RuleViolation as exc:
        return _refused(request, ticket, form, str(exc), status=422)
    except ValidationError as exc:
        return _refused(request, ticket, form, " ".join(exc.messages), status=422)
    messages.success(request, entry.done)
    target = ticket.get_absolute_url()
    if request.htmx:
        return HttpResponseClientRedirect(target)
    return redirect(target)


def _refused(request: AgentRequest, ticket: Ticket, form: ActionForm, error: str, *,
             status: int, conflict: bool = False) -> HttpResponse:
    """The form again with its errors or the reason for the refusal: alone for htmx, else
    within the whole page (read afresh: the failed attempt may have changed the object)."""
    agent = request.agent
    action = ACTIONS[form.action]
    if request.htmx:
        return render(request, "desk/partials/_action.html",
                      {"ticket": ticket, "action": action, "form": form, "action_error": error,
                       "conflict": conflict, "open": True, "composer": action.name in COMPOSERS,
                       "assign_mode": assign_mode(agent, ticket),
                       "style": _style_of(agent, ticket, action.name)},
                      status=status)
    fresh = get_ticket_for_agent(agent=agent, reference=ticket.reference)
    return render(request, "desk/ticket.html",
                  _ticket_context(agent, fresh, bound=form, error=error, conflict=conflict),
                  status=status)


# --- Opening a complaint ---------------------------------------------------------------------

@agent_required
def open_complaint(request: AgentRequest, customer_pk: int) -> HttpResponse:
    agent = request.agent
    customer = customer_scope.get_customer_for_agent(agent=agent, pk=customer_pk)
    if customer.merged_into_id:
        return redirect("desk:open", customer_pk=customer.merged_into_id)
    if request.method == "GET":  # the form shows the customer and their dependants
        audit.record_access(request=request, channel=audit.Channel.DESK,
                            kind=audit.Kind.CUSTOMER, object_id=customer.pk,
                            customer_id=customer.pk, detail="complaint form", agent=agent)
    form = OpenComplaintForm(request.POST or None, customer=customer, agent=agent)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                ticket = services.open_complaint(
                    customer=customer, by=agent, channel=data["channel"],
                    description=data["description"], category=data["category"],
                    dependant=data.get("dependant"), priority=data["priority"])
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except PermissionDenied as exc:
                form.add_error(None, str(exc) or _("Your role does not allow opening a "
                                                   "complaint."))
                status = 403
            else:
                calls.link_complaint(agent=agent, call_pk=request.GET.get("call"),
                                     ticket=ticket)
                messages.success(request, _("Complaint %(reference)s opened.")
                                 % {"reference": ticket.reference})
                return redirect(ticket)
    return render(request, "desk/open.html", {"customer": customer, "form": form},
                  status=status)
