"""The counter's complaint form (`/counter/complaint/`): keyboard first, for an agent with
a visitor in front of them and others waiting. The page's script (counter/complaint.js)
searches as the agent types and picks with the arrow keys and Enter; without it, the
Search and Pick buttons post the form back with the results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from contactcenter.audit import services as audit
from contactcenter.counter.complaint_forms import NEW, SEARCH_MAX_LENGTH, CounterComplaintForm
from contactcenter.counter.complaint_services import (
    NewPerson,
    identifier_kind,
    may_record,
    provisional_audiences,
    record_counter_complaint,
)
from contactcenter.customers import selectors as customer_selectors
from contactcenter.customers.models import Customer
from contactcenter.customers.text import clean_text, fold
from contactcenter.org.decorators import AgentRequest, agent_required
from contactcenter.org.models import Agent
from tickets import audiences, customer_scope
from tickets import selectors as ticket_selectors
from tickets.models import Category

PEOPLE_SHOWN = 8
SEARCH_MIN_LENGTH = 2


@dataclass(frozen=True)
class Person:
    """One search result as the form shows it: enough to tell homonyms apart."""

    customer: Customer
    mobile: str
    audiences: str  # the category audiences that fit, space-separated (the script filters)


@dataclass(frozen=True)
class CategoryOption:
    category: Category
    other_label: str  # the label in the other language
    search: str  # both labels and the code, folded: what the type-ahead matches


def _require_counter(agent: Agent) -> None:
    if not may_record(agent):
        raise PermissionDenied("Only an agency's front office records complaints here.")


def _people(request: AgentRequest, query: str) -> list[Person]:
    """The records the agent may see that match the search, with their main mobile."""
    query = query.strip()
    if len(query) < SEARCH_MIN_LENGTH:
        return []
    found = list(customer_scope.search_customers(agent=request.agent, query=query)
                 [:PEOPLE_SHOWN])
    if not found:
        return []
    audit.record_access(request=request, channel=audit.Channel.DESK,
                        kind=audit.Kind.CUSTOMER, action=audit.Action.SEARCH,
                        detail=f"{len(found)} found at the counter", agent=request.agent)
    mobiles: dict[int, str] = {}
    for point in customer_selectors.mobiles_of([customer.pk for customer in found]):
        mobiles.setdefault(point.customer_id, point.value)
    return [Person(customer, mobiles.get(customer.pk, ""),
                   " ".join(audiences.audiences_for(customer))) for customer in found]


def _provisional_offer(query: str, people: list[Person]) -> dict[str, str] | None:
    """The "create a provisional record" choice: when nothing was found, or when a name
    was searched (a homonym is not the visitor)."""
    query = query.strip()
    if len(query) < SEARCH_MIN_LENGTH:
        return None
    kind = identifier_kind(query)
    if people and kind is not None:
        return None
    person = NewPerson(identifier=query if kind else "", name="" if kind else query)
    # A name searched says nothing of a person or an employer: every category is offered
    # until the identifier typed tells (the service checks it).
    return {"identifier": person.identifier, "name": person.name,
            "audiences": " ".join(provisional_audiences(person)) if kind else ""}


def _category_options() -> list[tuple[str, list[CategoryOption]]]:
    """The active categories by audience, each with its label in both languages folded
    for the type-ahead (French or Arabic, accents and case aside)."""
    groups = audiences.grouped(ticket_selectors.active_categories())
    return [(audience, [CategoryOption(
        category, category.label_ar if category.label == category.label_fr
        else category.label_fr,
        " ".join(filter(None, [fold(category.label_fr), fold(category.label_ar),
                               fold(category.code)])))
        for category in members]) for audience, members in groups]


def _picked(agent: Agent, value: Any) -> Customer | None:
    if isinstance(value, Customer):
        return value
    if isinstance(value, str) and value.isdigit():
        try:
            return customer_scope.get_customer_for_agent(agent=agent, pk=int(value))
        except Http404:
            return None
    return None


def _page(request: AgentRequest, form: CounterComplaintForm, *, status: int = 200,
          query: str = "", picked: Customer | None = None) -> HttpResponse:
    people = _people(request, query) if query and picked is None else []
    new_picked = form["customer"].value() == NEW
    if picked is not None:
        fitting = audiences.audiences_for(picked)
    elif new_picked and identifier_kind(form["new_identifier"].value() or ""):
        fitting = provisional_audiences(NewPerson(form["new_identifier"].value()))
    else:
        fitting = ()
    return render(request, "counter/complaint_form.html", {
        "form": form, "people": people, "query": query,
        "offer": _provisional_offer(query, people) if query and picked is None else None,
        "picked": picked,
        "picked_audiences": " ".join(fitting),
        "new_picked": new_picked,
        "category_groups": _category_options(),
        "agency": request.agent.agency,
        "documents_lost": bool(request.FILES),
    }, status=status)


@agent_required
def complaint(request: AgentRequest) -> HttpResponse:
    agent = request.agent
    _require_counter(agent)
    if request.method != "POST":
        return _page(request, CounterComplaintForm(agent=agent))
    if "find" in request.POST or "pick" in request.POST:
        return _without_script(request)
    form = CounterComplaintForm(request.POST, request.FILES, agent=agent)
    if form.is_valid():
        cleaned = form.cleaned_data
        try:
            ticket = record_counter_complaint(
                by=agent, customer=form.picked_customer(), new_person=form.new_person(),
                category=cleaned["category"], description=cleaned["description"],
                documents=cleaned["documents"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return redirect("counter:receipt", reference=ticket.reference)
    picked = _picked(agent, form.cleaned_data.get("customer")
                     if "customer" in form.cleaned_data else form["customer"].value())
    return _page(request, form, status=422, picked=picked)


def _without_script(request: AgentRequest) -> HttpResponse:
    """Search (`find`) or pick (`pick`) posted by the form's buttons when the page's script
    does not run: the form again, with the results or the person picked, nothing saved."""
    agent = request.agent
    data = request.POST.copy()
    if "pick" in request.POST:
        data["customer"] = request.POST["pick"]
        offer = _provisional_offer(data.get("q", ""), [])
        if data["customer"] == NEW and offer:
            data["new_identifier"], data["new_name"] = offer["identifier"], offer["name"]
    form = CounterComplaintForm(initial=data.dict(), agent=agent)
    picked = _picked(agent, data.get("customer"))
    return _page(request, form, query=data.get("q", "") if picked is None else "",
                 picked=picked)


@require_GET
@agent_required
def people(request: AgentRequest) -> HttpResponse:
    """The search's results for the form's list (the page's script asks as the agent
    types)."""
    _require_counter(request.agent)
    query = clean_text(request.GET.get("q", ""))[:SEARCH_MAX_LENGTH]
    found = _people(request, query)
    return render(request, "counter/complaint_people.html",
                  {"people": found, "query": query.strip(),
                   "offer": _provisional_offer(query, found),
                   "searched": len(query.strip()) >= SEARCH_MIN_LENGTH})
