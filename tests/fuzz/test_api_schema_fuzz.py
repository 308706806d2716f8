"""The REST API fuzzed from its own OpenAPI schema (`/api/schema/`) with schemathesis: every
operation, with valid and invalid input, as a supervisor's service account holding a token,
answers no 5xx, only status codes the schema documents, and bodies and content types that
match it. Paths name real customers and complaints (in the supervisor's scope and outside
it), and bodies and queries real agents, categories, queues and directions, half of the
time; and one field now and then holds an edge value (the calendar's ends, integers past
PostgreSQL's, control characters).

Run in-process through Django's WSGI handler, in the test's transaction; each request in a
savepoint, undone after a server error so the next one finds the database usable. The budget
is FUZZ_SCALE times API_EXAMPLES examples per operation (see tests/fuzz/__init__.py). The
schema is loaded when the module is (it needs no database) rather than from a fixture:
schemathesis' `from_fixture` sets `Node._nodeid`, which pytest 9.2 no longer has."""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from contactcenter.chat import services as chat_services
from contactcenter.customers.models import Customer
from contactcenter.org.models import Agent, Direction
from tests import factories
from tests.fuzz import budget
from tickets import services
from tickets.models import Ticket

API_EXAMPLES = 50
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@dataclass
class World:
    """What the supervisor's agency holds, and a little of another region."""

    token: str
    values: dict[str, list[Any]] = field(default_factory=dict)  # for paths and bodies
    filters: dict[str, list[Any]] = field(default_factory=dict)  # for query strings
    server_errors: list[str] = field(default_factory=list)


def _world() -> World:
    agency = factories.AgencyFactory(code="AG-A", region=factories.RegionFactory(code="DR-A"))
    other_agency = factories.AgencyFactory(code="AG-B",
                                           region=factories.RegionFactory(code="DR-B"))
    queue = factories.QueueFactory(agency=agency, code="Q-A")
    category = factories.CategoryFactory(code="af-late", default_queue=queue)
    direction = factories.DirectionFactory(code="DAFF", kind=Direction.Kind.BACK_OFFICE)
    supervisor = factories.AgentFactory(user__username="supervisor", agency=agency,
                                        role=Agent.Role.SUPERVISOR)
    handler = factories.AgentFactory(user__username="handler", agency=agency)
    handler.queues.add(queue)
    outsider = factories.AgentFactory(user__username="outsider", agency=other_agency)
    customers = [factories.CustomerFactory(agency=agency) for _ in range(3)]
    for number, customer in enumerate(customers):
        factories.ContactPointFactory(customer=customer, value=f"+21266100033{number}",
                                      is_primary=True)
    stranger = factories.CustomerFactory(agency=other_agency)
    tickets = [services.open_complaint(customer=customer, channel="counter", by=supervisor,
                                       description="Allocations familiales non reçues",
                                       category=category) for customer in customers]
    services.start_ticket(ticket=tickets[1], by=supervisor)
    services.start_ticket(ticket=tickets[2], by=supervisor)
    services.resolve_ticket(ticket=tickets[2], by=supervisor, outcome=Ticket.Outcome.ACCEPTED,
                            explanation="Versement effectué.")
    services.open_complaint(customer=customers[0], channel="phone", by=supervisor,
                            description="Attestation demandée")  # no category yet
    factories.InteractionFactory(customer=customers[0])  # about no complaint
    theirs = factories.TicketFactory(customer=stranger)
    references = [ticket.reference for ticket in [*tickets, theirs]]
    customer_ids = [customer.pk for customer in [*customers, stranger]]
    conversation_ids = _conversations()
    token, _created = Token.objects.get_or_create(user=supervisor.user)
    return World(token=token.key, values={
        "id": customer_ids + conversation_ids, "customer": customer_ids,
        "dependant": customer_ids, "text": ["Bonjour, je regarde votre dossier."],
        "reference": references, "survivor": references,
        "agent": [supervisor.pk, handler.pk, outsider.pk],
        "category": [category.code], "queue": [queue.code], "direction": [direction.code],
        "version": [0, 1, 2], "channel": ["counter", "phone"],
        "identifier": [customer.immatriculation for customer in customers if
                       customer.immatriculation],
    }, filters={
        "agency": [agency.pk, other_agency.pk], "category": [category.pk],
        "identifier": [customer.immatriculation for customer in customers if
                       customer.immatriculation],
        "phone": ["+212661000330", "0661000331"], "q": [references[0], "Benali", "٠٦٦١"],
        "opened_after": ["2026-01-01"], "opened_before": ["2036-01-01"],
    })


def _conversations() -> list[int]:
    """Web chat conversations, one in each state, of the call centre's chat queue (the
    supervisor, not in it, may read them all and is refused the agents' actions)."""
    direction = factories.DirectionFactory(code="CC", kind=Direction.Kind.CALL_CENTRE)
    queue = factories.QueueFactory(code="CC-CHAT", agency=None, direction=direction)
    chat_agent = factories.AgentFactory(user__username="chat", role=Agent.Role.CALL_CENTRE,
                                        agency=None, direction=direction)
    chat_agent.queues.add(queue)
    chat_services.set_availability(agent=chat_agent, available=True)
    conversations = []
    for _ in range(3):
        conversation = chat_services.start_conversation(language="fr")
        chat_services.post_visitor_message(conversation=conversation, text="Bonjour")
        conversations.append(conversation)
    chat_services.accept_conversation(conversation=conversations[1], agent=chat_agent)
    chat_services.accept_conversation(conversation=conversations[2], agent=chat_agent)
    chat_services.close_conversation(conversation=conversations[2], by=chat_agent)
    return [conversation.pk for conversation in conversations]


# Values that broke parsers and filters before: the calendar's ends, integers past
# PostgreSQL's, NUL and other controls, digits of other scripts, a long text.
EDGE_DATES = ["9999-12-31", "0001-01-01", "1899-12-31", "3000-01-01"]
EDGE_TEXTS = ["\x00", "a\x00b", "\x1b[2J", "\x85", "9" * 20, "-9223372036854775809",
              "١٢٣٤٥٦٧٨٩٠", "\u200f1234567890", "", " ", "null", "x" * 5000, *EDGE_DATES]
EDGE_INTEGERS = [2**63, -(2**63) - 1, 2**31, -1, 0]
_DATE = re.compile(r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}")


def _edges(value: Any, *, blank: bool = True) -> list[Any]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return EDGE_INTEGERS
    if isinstance(value, str):
        texts = EDGE_TEXTS if blank else [text for text in EDGE_TEXTS if text.strip()]
        return EDGE_DATES if _DATE.fullmatch(value) else texts
    return []


DROP = object()


def _now_and_then(values: dict[str, list[Any]], generated: Any, *, optional: bool = False,
                  blank: bool = True) -> st.SearchStrategy[Any]:
    """The generated parameters or body, with fields naming real objects (or left out, when
    all are `optional`), and now and then one field holding an edge value (alone when all
    are optional: so that nothing else is refused first)."""
    if not isinstance(generated, dict):
        return st.just(generated)
    real = st.fixed_dictionaries({
        name: st.one_of(st.just(value), *([st.sampled_from(values[name])]
                                          if values.get(name) else []),
                        *([st.just(DROP)] if optional else []))
        for name, value in generated.items()}).map(
        lambda drawn: {name: value for name, value in drawn.items() if value is not DROP})
    # Optional parameters not generated this time may hold the edge too (a date filter).
    samples = {**({name: known[0] for name, known in values.items() if known}
                  if optional else {}), **generated}
    edged = sorted(name for name, value in samples.items() if _edges(value, blank=blank))
    if not edged:
        return real

    def one_edge(name: str) -> st.SearchStrategy[dict[str, Any]]:
        others = st.just({}) if optional else real
        return st.tuples(others, st.sampled_from(_edges(samples[name], blank=blank))).map(
            lambda drawn: {**drawn[0], name: drawn[1]})

    return st.one_of(real, st.sampled_from(edged).flatmap(one_edge))


def _served_schema() -> schemathesis.BaseSchema:
    """The schema as the project serves it (no database needed), for the application
    in-process."""
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", WSGIHandler())


schema = _served_schema()
_current: list[World] = []  # the world of the running test, for the hooks below


@schema.hook
def flatmap_path_parameters(context: Any, parameters: dict[str, Any]) -> Any:
    # Never blank: /complaints//note/ would be another URL.
    return _now_and_then(_current[-1].values, parameters, blank=False)


@schema.hook
def flatmap_query(context: Any, query: dict[str, Any]) -> Any:
    declared = {parameter.name for parameter in context.operation.query}
    filters = {name: known for name, known in _current[-1].filters.items() if name in declared}
    return _now_and_then(filters, query, optional=True)


@schema.hook
def flatmap_body(context: Any, body: Any) -> Any:
    return _now_and_then(_current[-1].values, body)


@pytest.fixture
def world(db: None) -> Iterator[World]:
    """The data, and the application in-process: request signals without closing the
    test's connection (as Django's test client does), and the traceback of any exception
    that became a 500 kept for the report."""
    world = _world()

    def keep_traceback(sender: Any, request: Any = None, **kwargs: Any) -> None:
        world.server_errors.append(traceback.format_exc())

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    got_request_exception.connect(keep_traceback)
    _current.append(world)
    try:
        yield world
    finally:
        _current.remove(world)
        got_request_exception.disconnect(keep_traceback)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@budget(API_EXAMPLES)
@schema.parametrize()
def test_every_operation_answers_within_its_schema_and_never_a_server_error(
        case: schemathesis.Case, world: World) -> None:
    headers = {"Authorization": f"Token {world.token}"}
    world.server_errors.clear()
    with transaction.atomic():
        response = case.call(headers=headers)
        if response.status_code >= 500:
            transaction.set_rollback(True)
    try:
        case.validate_response(response, checks=CHECKS, headers=headers)
    except BaseException as failure:  # schemathesis' FailureGroup is a BaseExceptionGroup
        for error in world.server_errors:
            failure.add_note("Server traceback:\n" + error)
        raise


def test_the_fuzzed_world_is_in_the_supervisor_s_scope(world: World) -> None:
    supervisor = Agent.objects.get(user__username="supervisor")
    in_scope = Ticket.objects.filter(agency=supervisor.agency)
    assert in_scope.count() == 4 and in_scope.filter(category=None).count() == 1
    assert set(world.values["reference"][:3]) < set(in_scope.values_list("reference",
                                                                         flat=True))
    assert Customer.objects.filter(pk__in=world.values["id"]).count() == 4
