"""The authorization matrix: who may reach each URL of the project, and what everyone else
is answered. tests/project/test_url_matrix.py walks the URL resolver and plays every entry
for every persona; test_websocket_matrix.py does the same for the WebSockets.

A persona is a kind of visitor: anonymous, a visitor of the status page waiting for the
code sent to their number or having proved it, an agent whose account was deactivated after
signing in, a signed-in account without an agent profile, a member of the site's staff
without an agent profile (holding only the Django permission to view the access log), and
one agent per role of the fund (Agent.Role). Objects that a URL names lie in three places:
the agency of the front-office agent and supervisor (`agency`), another agency of the same
region (`region`), and an agency of another region (`elsewhere`). An object outside the
persona's scope answers 404, as a missing one does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

from contactcenter.counter import services as line_services
from tests.project.matrix_world import (
    ADMINISTRATOR,
    ANONYMOUS,
    AUDITOR,
    BACK_OFFICE,
    BOARD,
    CALL_CENTRE,
    CALL_TAKERS,
    DESK_AGENTS,
    EVERYONE,
    FRONT_OFFICE,
    MERGERS,
    NO_PROFILE,
    ROLES,
    SIGNED_OUT,
    STAFF,
    SUPERVISOR,
    VISITOR,
    WAITING,
    World,
    sees,
)

# --- Expected answers ---------------------------------------------------------------------

@dataclass(frozen=True)
class Answer:
    status: int
    to: str = ""  # a redirect's Location starts with this

    def __str__(self) -> str:
        return f"{self.status} to {self.to}" if self.to else str(self.status)


OK = Answer(200)
BAD_REQUEST = Answer(400)
UNAUTHORIZED = Answer(401)
FORBIDDEN = Answer(403)
NOT_FOUND = Answer(404)
NOT_ALLOWED = Answer(405)
INVALID_FORM = Answer(422)
LOGIN = Answer(302, "/accounts/login/?next=")
STATUS_PAGE_START = Answer(302, "/suivi/")
STATUS_PAGE_LIST = Answer(302, "/suivi/reclamations/")


class Audience(Enum):
    PUBLIC = "public: no sign-in"
    STAFF = "staff pages: an agent signed in"
    API = "REST API: an agent's token (played with the persona's token)"
    CARRIER = "carrier webhook: public, signed"


Builder = Callable[[World, str], dict[str, Any]]


def _none(world: World, place: str) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Entry:
    """One URL pattern and method: who reaches it and what the others are answered.

    Staff pages send the signed-out to the login and the API answers them 401; both
    refuse (403) signed-in accounts without a desk profile. The carrier's webhooks answer
    403 to any unsigned request. Then personas outside `roles` get `otherwise`; those in
    `roles` get `reach`, except for an object outside their scope (`scoped`): `outside`, or
    on a list (`listed` names the text that shows the object) the list without it.
    `overrides` answers a persona otherwise; `note` says why an entry is as it is."""

    key: str  # the pattern's URL name (its route when unnamed)
    audience: Audience
    method: str = "GET"
    roles: frozenset[str] = EVERYONE
    reach: Answer = OK
    otherwise: Answer = FORBIDDEN
    scoped: bool = False
    outside: Answer = NOT_FOUND
    kwargs: Builder = _none
    data: Builder = _none
    listed: Callable[[World, str], str] | None = None
    overrides: dict[str, Answer] = field(default_factory=dict)
    note: str = ""

    def place_matters_to(self, persona: str) -> bool:
        """Whether the persona's answer may depend on where the object lies."""
        if not (self.scoped or self.listed is not None) or persona not in self.roles:
            return False
        return self.audience is Audience.PUBLIC or persona in DESK_AGENTS

    def expected(self, persona: str, place: str) -> Answer:
        if persona in self.overrides:
            return self.overrides[persona]
        if self.audience is Audience.CARRIER:
            return FORBIDDEN  # unsigned
        if self.audience in (Audience.STAFF, Audience.API):
            if persona in SIGNED_OUT:
                return LOGIN if self.audience is Audience.STAFF else UNAUTHORIZED
            if persona not in DESK_AGENTS:
                return FORBIDDEN
        if persona not in self.roles:
            return self.otherwise
        if self.scoped and not sees(persona, place):
            return self.outside
        return self.reach


def _customer(world: World, place: str) -> dict[str, Any]:
    return {"pk": world.place(place).customer.pk}


def _contact(world: World, place: str) -> dict[str, Any]:
    customer = world.place(place).customer
    return {"pk": customer.pk, "contact_id": customer.contact_points.get().pk}


def _reference(world: World, place: str) -> dict[str, Any]:
    return {"reference": world.place(place).ticket.reference}


def _with_reference(**extra: Any) -> Builder:
    return lambda world, place: {**_reference(world, place), **extra}


def _call(world: World, place: str) -> dict[str, Any]:
    return {"pk": world.call.pk}


def _no_version(world: World, place: str) -> dict[str, Any]:
    """A body every action refuses: the version read is not a number."""
    return {"version": "not-a-number"}


def _sms_from(world: World, place: str) -> dict[str, Any]:
    """What the simulator asks to sign: an SMS from the place's customer."""
    params = {"From": world.place(place).phone, "Body": "SUIVI", "MessageSid": "SM-matrix"}
    return {"path": "/telephony/sms/inbound/", "params": json.dumps(params)}


def _agency_code(world: World, place: str) -> dict[str, Any]:
    return {"agency": world.place(place).customer.agency.code}


def _forged_ticket(world: World, place: str) -> dict[str, Any]:
    return {**_agency_code(world, place), "token": "1:forged"}


def _visit(world: World, place: str) -> dict[str, Any]:
    """A visitor waiting in the line of the place's agency (made in the case's savepoint)."""

    visit = line_services.take_number(agency=world.place(place).customer.agency,
                                      reason="complaint")
    return {"pk": visit.pk}


LINE_AGENTS = frozenset({FRONT_OFFICE, SUPERVISOR})


def _webhook(name: str) -> Entry:
    return Entry(f"telephony:{name}", Audience.CARRIER, method="POST")


# Who creates records and keeps their contact details: the roles that open complaints.
KEEPERS = frozenset({FRONT_OFFICE, BACK_OFFICE, CALL_CENTRE, SUPERVISOR, ADMINISTRATOR})
# Who records complaints at an agency's counter (counter.complaint_services.may_record).
COUNTER_STAFF = frozenset({FRONT_OFFICE, SUPERVISOR})
# Who opens the chat console (contactcenter.desk.chat_views.CHAT_ROLES).
CHATTERS = frozenset({CALL_CENTRE, SUPERVISOR, ADMINISTRATOR})

API_ACTIONS = ("ask_customer", "assign", "cancel", "close", "merge_into", "note",
               "receive_customer_reply", "receive_referral_answer", "refer", "reopen",
               "reply", "resolve", "start", "take", "triage")

MATRIX: list[Entry] = [
    # --- Public pages ---------------------------------------------------------------------
    Entry("healthz", Audience.PUBLIC),
    Entry("login", Audience.PUBLIC),
    Entry("logout", Audience.PUBLIC, method="POST", reach=Answer(302, "/accounts/login/")),
    Entry("set_language", Audience.PUBLIC, reach=Answer(302, "/")),
    Entry("set_language", Audience.PUBLIC, method="POST", reach=Answer(302, "/suivi/"),
          data=lambda world, place: {"language": "ar", "next": "/suivi/"}),
    Entry("api-schema", Audience.PUBLIC, note="the partners' API described, no data"),
    Entry("api:root", Audience.PUBLIC, note="the API's index: addresses only"),
    Entry("api:docs", Audience.PUBLIC, note="the API described, no data"),
    Entry("api:knowledge-search", Audience.PUBLIC,
          data=lambda world, place: {"q": "allocations familiales", "language": "fr"},
          note="the knowledge base's search: public articles for anyone (throttled when "
               "anonymous), internal ones too for agents (tests/api/test_knowledge_api.py)"),
    Entry("selfservice:start", Audience.PUBLIC, roles=EVERYONE - {VISITOR},
          otherwise=STATUS_PAGE_LIST),
    Entry("selfservice:code", Audience.PUBLIC, roles=frozenset({WAITING}),
          otherwise=STATUS_PAGE_START, note="only once a code was asked for"),
    Entry("selfservice:complaints", Audience.PUBLIC, roles=frozenset({VISITOR}),
          otherwise=STATUS_PAGE_START),
    Entry("selfservice:complaint", Audience.PUBLIC, roles=frozenset({VISITOR}),
          otherwise=STATUS_PAGE_START, scoped=True, kwargs=_reference),
    Entry("selfservice:complaint_satisfaction", Audience.PUBLIC, method="POST",
          roles=frozenset({VISITOR}), otherwise=STATUS_PAGE_START, scoped=True,
          kwargs=_reference, reach=INVALID_FORM, note="an empty form"),
    Entry("selfservice:notifications", Audience.PUBLIC, method="POST",
          roles=frozenset({VISITOR}), reach=STATUS_PAGE_LIST, otherwise=STATUS_PAGE_START),
    Entry("selfservice:leave", Audience.PUBLIC, method="POST", reach=STATUS_PAGE_START),
    # The agency's visitor line (issue 14): the kiosk and the hall display are public.
    Entry("counter:kiosk_setup", Audience.PUBLIC),
    Entry("counter:kiosk_setup", Audience.PUBLIC, method="POST", reach=INVALID_FORM,
          note="no agency chosen: asked again"),
    Entry("counter:kiosk", Audience.PUBLIC, kwargs=_agency_code),
    Entry("counter:kiosk", Audience.PUBLIC, method="POST", kwargs=_agency_code,
          reach=INVALID_FORM, note="no reason chosen: asked again"),
    Entry("counter:ticket", Audience.PUBLIC, kwargs=_forged_ticket, reach=NOT_FOUND,
          note="a ticket's address is signed: a forged one shows nothing"),
    Entry("counter:ticket", Audience.PUBLIC, method="POST", kwargs=_forged_ticket,
          reach=NOT_FOUND),
    Entry("counter:display", Audience.PUBLIC, kwargs=_agency_code,
          note="numbers and desks only"),
    Entry("chat:page", Audience.PUBLIC, note="the web chat's page: the talk is on /ws/chat/"),
    # The public help pages (issue 15): public articles in force only, no sign-in.
    Entry("help:home", Audience.PUBLIC),
    Entry("help:search", Audience.PUBLIC, data=lambda world, place: {"q": "allocations"}),
    Entry("help:topic", Audience.PUBLIC, kwargs=lambda world, place: {"topic": "family"}),
    Entry("help:article", Audience.PUBLIC, reach=NOT_FOUND,
          kwargs=lambda world, place: {"slug": "no-such-article"},
          note="the world holds no article: an unknown one is not found"),
    Entry("help:vote", Audience.PUBLIC, method="POST", reach=NOT_FOUND,
          kwargs=lambda world, place: {"slug": "no-such-article"},
          data=lambda world, place: {"helpful": "yes"}),

    # --- The carrier's webhooks: anyone may call them, only a signed request is heard ----
    _webhook("sms_inbound"),
    _webhook("sms_status"),
    _webhook("voice_inbound"),
    _webhook("voice_menu"),
    _webhook("voice_status"),

    # --- Staff pages ------------------------------------------------------------------------
    Entry("home", Audience.STAFF, reach=Answer(302, "/customers/"),
          overrides={STAFF: Answer(302, "/admin/"), AUDITOR: Answer(302, "/admin/")},
          note="staff without a desk profile start from the administration"),
    Entry("customers:search", Audience.STAFF,
          data=lambda world, place: {"q": world.place(place).customer.immatriculation},
          listed=lambda world, place: f'href="/customers/{world.place(place).customer.pk}/"'),
    Entry("customers:detail", Audience.STAFF, scoped=True, kwargs=_customer),
    Entry("customers:timeline", Audience.STAFF, scoped=True, kwargs=_customer),
    Entry("customers:merge", Audience.STAFF, method="POST", roles=MERGERS, scoped=True,
          kwargs=_customer, reach=Answer(302, "/customers/")),
    Entry("customers:sms_notifications", Audience.STAFF, method="POST", scoped=True,
          kwargs=_customer, reach=Answer(302, "/customers/")),
    # Records kept by the agents who open complaints (issue 13, points 3 and 5).
    Entry("customers:create", Audience.STAFF, roles=KEEPERS),
    Entry("customers:create", Audience.STAFF, method="POST", roles=KEEPERS,
          note="an empty form: shown again with its errors"),
    Entry("customers:contact_add", Audience.STAFF, method="POST", roles=KEEPERS, scoped=True,
          kwargs=_customer, reach=Answer(302, "/customers/"), note="an empty form"),
    Entry("customers:contact_correct", Audience.STAFF, method="POST", roles=KEEPERS,
          scoped=True, kwargs=_contact, reach=Answer(302, "/customers/"),
          note="an empty form"),
    Entry("customers:contact_retire", Audience.STAFF, method="POST", roles=KEEPERS,
          scoped=True, kwargs=_contact, reach=Answer(302, "/customers/")),
    Entry("customers:contact_main", Audience.STAFF, method="POST", roles=KEEPERS,
          scoped=True, kwargs=_contact, reach=Answer(302, "/customers/")),
    Entry("desk:queue", Audience.STAFF, data=lambda world, place: {"scope": "all"},
          listed=lambda world, place: world.place(place).ticket.reference),
    Entry("desk:open", Audience.STAFF, scoped=True,
          kwargs=lambda world, place: {"customer_pk": world.place(place).customer.pk}),
    Entry("desk:open", Audience.STAFF, method="POST", scoped=True, reach=INVALID_FORM,
          kwargs=lambda world, place: {"customer_pk": world.place(place).customer.pk}),
    Entry("desk:ticket", Audience.STAFF, scoped=True, kwargs=_reference),
    Entry("desk:print", Audience.STAFF, scoped=True, kwargs=_reference),
    # The knowledge base's suggestions on the complaint page (issue 15).
    Entry("desk:suggestions", Audience.STAFF, scoped=True, kwargs=_reference),
    Entry("desk:suggestion_use", Audience.STAFF, method="POST", scoped=True,
          reach=NOT_FOUND, kwargs=_with_reference(slug="no-such-article"),
          note="the world holds no article: nothing to count"),
    Entry("counter:complaint", Audience.STAFF, roles=COUNTER_STAFF),
    Entry("counter:complaint", Audience.STAFF, method="POST", roles=COUNTER_STAFF,
          reach=INVALID_FORM, note="an empty form"),
    Entry("counter:complaint_people", Audience.STAFF, roles=COUNTER_STAFF),
    Entry("counter:receipt", Audience.STAFF, scoped=True, kwargs=_reference),
    Entry("desk:bulk", Audience.STAFF, method="POST", roles=frozenset({SUPERVISOR,
                                                                        ADMINISTRATOR}),
          reach=Answer(302, "/desk/"), note="nothing chosen: back to the queue with why"),
    Entry("desk:next", Audience.STAFF, reach=Answer(302, "/desk/"),
          note="the most urgent complaint assigned to the agent, else the queue"),
    Entry("desk:act", Audience.STAFF, method="POST", scoped=True, reach=INVALID_FORM,
          kwargs=_with_reference(action="note")),
    Entry("desk:call_pop", Audience.STAFF, roles=CALL_TAKERS, otherwise=NOT_FOUND,
          kwargs=_call),
    Entry("desk:call_open", Audience.STAFF, method="POST", roles=CALL_TAKERS,
          otherwise=NOT_FOUND, kwargs=_call, reach=Answer(302, "/desk/open/")),
    Entry("desk:callbacks", Audience.STAFF, roles=CALL_TAKERS),
    Entry("desk:callback_done", Audience.STAFF, method="POST", roles=CALL_TAKERS,
          kwargs=lambda world, place: {"pk": world.callback.pk},
          reach=Answer(302, "/desk/callbacks/")),
    # The chat console: the call centre answers, supervisors and administrators watch; a
    # conversation nobody may see (none exists in the world) is not found.
    Entry("desk:chat", Audience.STAFF, roles=CHATTERS),
    Entry("desk:chat_live", Audience.STAFF, roles=frozenset({SUPERVISOR, ADMINISTRATOR})),
    Entry("desk:chat_card", Audience.STAFF, roles=CHATTERS, reach=NOT_FOUND,
          kwargs=lambda world, place: {"pk": 987654321}),
    Entry("desk:chat_complaint", Audience.STAFF, method="POST", roles=CHATTERS,
          reach=NOT_FOUND, kwargs=lambda world, place: {"pk": 987654321}),
    Entry("sla:board", Audience.STAFF, roles=BOARD),
    # Exports of the complaints a manager may see (tests/reports/test_exports.py checks the
    # rows of each scope); the matrix does not read the streamed body.
    Entry("reports:complaints_csv", Audience.STAFF, roles=BOARD),
    Entry("reports:complaints_xlsx", Audience.STAFF, roles=BOARD),
    # The managers' dashboard and its charts' data (tests/reports/test_dashboard_page.py);
    # the figures count only the agent's scope, whatever is asked.
    Entry("reports:dashboard", Audience.STAFF, roles=BOARD),
    Entry("reports:chart_csv", Audience.STAFF, roles=BOARD, reach=NOT_FOUND,
          kwargs=lambda world, place: {"slug": "no-such-chart"}, note="an unknown chart"),
    Entry("reports:chart_xlsx", Audience.STAFF, roles=BOARD, reach=NOT_FOUND,
          kwargs=lambda world, place: {"slug": "no-such-chart"}, note="an unknown chart"),
    # The satisfaction barometer and its quarterly report (tests/reports/
    # test_satisfaction_pages.py checks what each scope sees).
    Entry("reports:satisfaction", Audience.STAFF, roles=BOARD),
    Entry("reports:satisfaction_quarter", Audience.STAFF, roles=BOARD),
    # The phone simulator plays only the numbers of the agent's scope (issue 11, point 1).
    Entry("telephony:simulator", Audience.STAFF,
          listed=lambda world, place: f'<option value="{world.place(place).phone}"'),
    Entry("telephony:simulator_messages", Audience.STAFF, scoped=True,
          data=lambda world, place: {"number": world.place(place).phone}),
    Entry("telephony:simulator_sign", Audience.STAFF, method="POST", scoped=True,
          outside=FORBIDDEN, data=_sms_from, note="a signature, or why not (403)"),
    Entry("telephony:simulator_sign", Audience.STAFF, method="POST", reach=BAD_REQUEST,
          note="an empty form"),
    # The calling screen: the front office of the visitor's agency (issue 14).
    Entry("counter:calling", Audience.STAFF, roles=LINE_AGENTS),
    Entry("counter:call_next", Audience.STAFF, method="POST", roles=LINE_AGENTS,
          reach=Answer(302, "/counter/calling/"), note="no desk typed: back with why"),
    *(Entry(f"counter:{action}", Audience.STAFF, method="POST", roles=LINE_AGENTS,
            scoped=True, kwargs=_visit, data=lambda world, place: {"desk": 1},
            reach=Answer(302, "/counter/calling/"),
            note="a waiting visitor: refused by the line's rules, back with why")
      for action in ("recall", "served", "absent", "call_back")),

    # --- REST API --------------------------------------------------------------------------
    Entry("api:customer-list", Audience.API,
          data=lambda world, place: {"identifier": world.place(place).customer.cin},
          listed=lambda world, place: world.place(place).customer.cin),
    Entry("api:customer-detail", Audience.API, scoped=True, kwargs=_customer),
    Entry("api:customer-timeline", Audience.API, scoped=True, kwargs=_customer),
    Entry("api:customer-list", Audience.API, method="POST", roles=KEEPERS, reach=BAD_REQUEST),
    Entry("api:customer-add-contact", Audience.API, method="POST", roles=KEEPERS, scoped=True,
          kwargs=_customer, reach=BAD_REQUEST),
    Entry("api:customer-contact", Audience.API, method="POST", reach=NOT_ALLOWED,
          kwargs=_contact, note="PATCH and DELETE: tests/api/test_customers.py"),
    Entry("api:customer-retire-contact", Audience.API, method="POST", roles=KEEPERS,
          scoped=True, kwargs=_contact),
    Entry("api:complaint-list", Audience.API,
          listed=lambda world, place: world.place(place).ticket.reference),
    Entry("api:complaint-list", Audience.API, method="POST", reach=BAD_REQUEST),
    Entry("api:complaint-detail", Audience.API, scoped=True, kwargs=_reference),
    Entry("api:category-list", Audience.API),
    Entry("api:knowledge-usage", Audience.API, note="views, uses, votes, searches without "
                                                    "result: for every agent"),
    *(Entry(f"api:complaint-{action.replace('_', '-')}", Audience.API, method="POST",
            scoped=True, kwargs=_reference, data=_no_version, reach=BAD_REQUEST)
      for action in API_ACTIONS),
    # The web chat's conversations: every agent lists those they may see (the chat's
    # selectors decide); a conversation nobody may see (none exists in the world) is not
    # found, for reading and for every action (tests/api/test_conversations.py).
    Entry("api:conversation-list", Audience.API),
    *(Entry(f"api:conversation-{action}", Audience.API, method=method, reach=NOT_FOUND,
            kwargs=lambda world, place: {"pk": 987654321})
      for action, method in [("detail", "GET"), ("accept", "POST"), ("messages", "POST"),
                             ("close", "POST"), ("complaint", "POST")]),
]

# --- The administration --------------------------------------------------------------------

ADMIN_LOGIN = Answer(302, "/admin/login/?next=")
CATCH_ALL = "admin/(?P<url>.*)$"
ADMIN_PERSONAS = (ANONYMOUS, NO_PROFILE, FRONT_OFFICE, SUPERVISOR, STAFF, AUDITOR,
                  ADMINISTRATOR)
NOT_STAFF = SIGNED_OUT | {NO_PROFILE} | (frozenset(ROLES) - {
    role for role, spec in ROLES.items() if spec.get("is_staff")})


class Family(Enum):
    """What a superuser may do with a model in the administration."""

    EDITABLE = "add, change, delete"
    NO_ADD = "rows come from the workflow or the carrier: change only"
    READ_ONLY = "a log: read only"


# One entry per ModelAdmin: every URL of the family sends the signed-out and the accounts
# that are not staff to the admin login; staff who are not among its readers are refused
# (403); its readers see the list and the rows, and add only to an EDITABLE family.
SUPERUSERS = frozenset({ADMINISTRATOR})
ADMIN_FAMILIES: dict[str, tuple[Family, frozenset[str]]] = {
    "auth.Group": (Family.EDITABLE, SUPERUSERS),
    "auth.User": (Family.EDITABLE, SUPERUSERS),
    "authtoken.TokenProxy": (Family.EDITABLE, SUPERUSERS),
    "org.Region": (Family.EDITABLE, SUPERUSERS),
    "org.Agency": (Family.EDITABLE, SUPERUSERS),
    "org.Direction": (Family.EDITABLE, SUPERUSERS),
    "org.Queue": (Family.EDITABLE, SUPERUSERS),
    "org.Agent": (Family.EDITABLE, SUPERUSERS),
    "customers.Customer": (Family.EDITABLE, SUPERUSERS),
    "customers.ContactPoint": (Family.EDITABLE, SUPERUSERS),
    "customers.Employment": (Family.EDITABLE, SUPERUSERS),
    "customers.DependantLink": (Family.EDITABLE, SUPERUSERS),
    "customers.CustomerMerge": (Family.READ_ONLY, SUPERUSERS),
    "customers.CustomerEvent": (Family.READ_ONLY, SUPERUSERS),
    "customers.Interaction": (Family.EDITABLE, SUPERUSERS),
    "selfservice.AccessCode": (Family.READ_ONLY, SUPERUSERS),
    "chat.Conversation": (Family.READ_ONLY, SUPERUSERS),
    "chat.ChatAgentStatus": (Family.READ_ONLY, SUPERUSERS),
    "chat.CannedReply": (Family.EDITABLE, SUPERUSERS),
    "tickets.Category": (Family.EDITABLE, SUPERUSERS),
    "tickets.Ticket": (Family.READ_ONLY, SUPERUSERS),
    "tickets.SmsTemplate": (Family.EDITABLE, SUPERUSERS),
    "tickets.SurveyAnswer": (Family.READ_ONLY, SUPERUSERS),
    "sla.Calendar": (Family.EDITABLE, SUPERUSERS),
    "sla.HolidayOverride": (Family.EDITABLE, SUPERUSERS),
    "sla.SpecialPeriod": (Family.EDITABLE, SUPERUSERS),
    "sla.SlaPolicy": (Family.EDITABLE, SUPERUSERS),
    "telephony.InboundMessage": (Family.READ_ONLY, SUPERUSERS),
    "telephony.Call": (Family.NO_ADD, SUPERUSERS),
    "telephony.CallbackRequest": (Family.NO_ADD, SUPERUSERS),
    # Law 09-08: administrators and auditors read it, by their role; a Django permission
    # (STAFF holds audit.view_accesslogentry) does not open it.
    "audit.AccessLogEntry": (Family.READ_ONLY, SUPERUSERS | {AUDITOR}),
    "counter.Visit": (Family.READ_ONLY, SUPERUSERS),
    "counter.HourlyLineStats": (Family.READ_ONLY, SUPERUSERS),
    # The knowledge base's editors: superusers here; staff given the knowledge permissions
    # (and knowledge.publish_article to publish) in the administration.
    "knowledge.Article": (Family.EDITABLE, SUPERUSERS),
    "knowledge.ReplyTemplate": (Family.EDITABLE, SUPERUSERS),
    "knowledge.ArticleUse": (Family.READ_ONLY, SUPERUSERS),
    "knowledge.ArticleVote": (Family.READ_ONLY, SUPERUSERS),
    "knowledge.SearchWithoutResult": (Family.READ_ONLY, SUPERUSERS),
    "reports.ExportLog": (Family.READ_ONLY, SUPERUSERS),
}


def admin_family_expected(family: str, persona: str, page: str) -> Answer:
    """The answer of a family's page (`changelist`, `add`, a row's `change` or
    `history`) to a persona."""
    kind, readers = ADMIN_FAMILIES[family]
    if persona in NOT_STAFF:
        return ADMIN_LOGIN
    if persona not in readers:
        return FORBIDDEN
    if page == "add" and kind is not Family.EDITABLE:
        return FORBIDDEN
    return OK


# The admin site's own pages: the answer to each persona (the default for the others).
ADMIN_SITE: dict[str, dict[str, Answer]] = {
    "admin:index": {ADMINISTRATOR: OK, STAFF: OK, AUDITOR: OK},
    "admin:login": {ANONYMOUS: OK, NO_PROFILE: OK, FRONT_OFFICE: OK, SUPERVISOR: OK,
                    ADMINISTRATOR: Answer(302, "/admin/"), STAFF: Answer(302, "/admin/"),
                    AUDITOR: Answer(302, "/admin/")},
    # Signed out, the logout sends to the index (which sends to the login).
    "admin:logout": {**{persona: Answer(302, "/admin/") for persona in NOT_STAFF},
                     ADMINISTRATOR: NOT_ALLOWED, STAFF: NOT_ALLOWED, AUDITOR: NOT_ALLOWED},
    "admin:password_change": {ADMINISTRATOR: OK, STAFF: OK, AUDITOR: OK},
    "admin:password_change_done": {ADMINISTRATOR: OK, STAFF: OK, AUDITOR: OK},
    "admin:autocomplete": {ADMINISTRATOR: FORBIDDEN, STAFF: FORBIDDEN, AUDITOR: FORBIDDEN},
    "admin:jsi18n": {ADMINISTRATOR: OK, STAFF: OK, AUDITOR: OK},
    "admin:view_on_site": {ADMINISTRATOR: NOT_FOUND, STAFF: NOT_FOUND, AUDITOR: NOT_FOUND},
    "admin:app_list": {ADMINISTRATOR: OK, STAFF: NOT_FOUND, AUDITOR: NOT_FOUND},
    # Any other address: the signed-out cannot tell which pages exist.
    CATCH_ALL: {ADMINISTRATOR: NOT_FOUND, STAFF: NOT_FOUND, AUDITOR: NOT_FOUND},
}
ADMIN_SITE_DEFAULT = ADMIN_LOGIN
ADMIN_APP_SAMPLE = "org"

# --- WebSockets --------------------------------------------------------------------------

WEBSOCKETS: dict[str, str] = {
    "ws/desk/": "any desk agent; a complaint outside the scope cannot be watched",
    "ws/board/": "supervisors, managers, administrators; updates of their scope only",
    "ws/counter/display/<str:agency>/": "public: one agency's called numbers and desks only",
    "ws/chat/": "anyone (public): one's own conversation only, by its unguessable token",
    "ws/desk/chat/": "the call centre, supervisors, administrators; an agent follows the "
                     "conversations they hold, a supervisor every live one",
}


# --- Walking the resolver ------------------------------------------------------------------

@dataclass(frozen=True)
class Pattern:
    route: str
    name: str | None

    @property
    def key(self) -> str:
        return self.name or self.route

    def __str__(self) -> str:
        return f"/{self.route} (name {self.name!r})"


def url_patterns(resolver: URLResolver | None = None, prefix: str = "",
                 namespace: str = "") -> Iterator[Pattern]:
    """Every URL pattern of the project, with its full route and namespaced name."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield Pattern(prefix + str(pattern.pattern), name)


def admin_families() -> dict[str, str]:
    """The registered ModelAdmins: model label -> the route prefix of its URLs."""
    return {model._meta.label: f"admin/{model._meta.app_label}/{model._meta.model_name}/"
            for model in admin.site._registry}


def family_of(pattern: Pattern) -> str | None:
    for label, prefix in admin_families().items():
        if pattern.route.startswith(prefix):
            return label
    return None


def is_admin(pattern: Pattern) -> bool:
    return pattern.route.startswith("admin/")


_CONVERTER = re.compile(r"<(?:\w+:)?\w+>")


def admin_url(pattern: Pattern) -> str:
    """A URL of an admin pattern, with 1 for every object id."""
    if pattern.name == "admin:app_list":
        return f"/admin/{ADMIN_APP_SAMPLE}/"
    if pattern.route == CATCH_ALL:
        return "/admin/no-such-page/"
    return "/" + _CONVERTER.sub("1", pattern.route)
