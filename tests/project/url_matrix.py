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
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from rest_framework.authtoken.models import Token

from contactcenter.audit.models import AccessLogEntry
from contactcenter.audit.models import Channel as AccessChannel
from contactcenter.audit.models import Kind as AccessKind
from contactcenter.customers.identifiers import format_phone
from contactcenter.customers.models import ContactPoint, Customer
from contactcenter.org.models import Agent, Direction
from contactcenter.selfservice import session as selfservice_session
from telephony.models import Call, CallbackRequest
from tests import factories
from tickets.models import Ticket

# --- Personas ------------------------------------------------------------------------------

ANONYMOUS = "anonymous"
VISITOR = "visitor"  # proved the mobile number of the `agency` customer on the status page
WAITING = "waiting"  # typed that number on the status page, and waits for its code
DEACTIVATED = "deactivated"  # a front-office agent of `agency`, deactivated once signed in
NO_PROFILE = "no_profile"  # signed in, not staff, no agent profile
STAFF = "staff"  # is_staff, no agent profile, no permission but audit.view_accesslogentry
FRONT_OFFICE = Agent.Role.FRONT_OFFICE.value
BACK_OFFICE = Agent.Role.BACK_OFFICE.value
CALL_CENTRE = Agent.Role.CALL_CENTRE.value
SUPERVISOR = Agent.Role.SUPERVISOR.value
REGIONAL_MANAGER = Agent.Role.REGIONAL_MANAGER.value
ADMINISTRATOR = Agent.Role.ADMINISTRATOR.value
AUDITOR = Agent.Role.AUDITOR.value

# One agent per role: where they work, and whether they are staff of the administration (as
# the demo data makes them). An auditor reads the access log in the administration and
# nothing of the desk, the API or the live pages.
ROLES: dict[str, dict[str, Any]] = {
    FRONT_OFFICE: {"place": "agency"},
    BACK_OFFICE: {"place": "direction"},
    CALL_CENTRE: {"place": "call_centre"},
    SUPERVISOR: {"place": "agency"},
    REGIONAL_MANAGER: {"place": "region"},
    ADMINISTRATOR: {"place": None, "is_staff": True, "is_superuser": True},
    AUDITOR: {"place": None, "is_staff": True, "desk": False},
}
DESK_AGENTS = frozenset(role for role, spec in ROLES.items() if spec.get("desk", True))
PERSONAS = (ANONYMOUS, WAITING, VISITOR, DEACTIVATED, NO_PROFILE, STAFF, *ROLES)
SIGNED_OUT = frozenset({ANONYMOUS, WAITING, VISITOR, DEACTIVATED})
EVERYONE = frozenset(PERSONAS)

AGENCY, REGION, ELSEWHERE = "agency", "region", "elsewhere"
PLACES = (AGENCY, REGION, ELSEWHERE)
NATIONAL = frozenset(PLACES)
SEES: dict[str, frozenset[str]] = {
    FRONT_OFFICE: frozenset({AGENCY}),
    SUPERVISOR: frozenset({AGENCY}),
    REGIONAL_MANAGER: frozenset({AGENCY, REGION}),
    BACK_OFFICE: NATIONAL,
    CALL_CENTRE: NATIONAL,
    ADMINISTRATOR: NATIONAL,
    VISITOR: frozenset({AGENCY}),
}


def sees(persona: str, place: str) -> bool:
    """Whether an object of `place` lies in the persona's scope."""
    return place in SEES.get(persona, frozenset())


BOARD = frozenset({SUPERVISOR, REGIONAL_MANAGER, ADMINISTRATOR})
MERGERS = frozenset({SUPERVISOR, REGIONAL_MANAGER, ADMINISTRATOR})
CALL_TAKERS = frozenset({CALL_CENTRE, ADMINISTRATOR})


# --- The world the matrix is played in ------------------------------------------------------

@dataclass
class Place:
    customer: Customer
    phone: str
    ticket: Ticket

    def personal_data(self) -> list[str]:
        """What no one outside the customer's scope may read: names, identifiers, the
        mobile and the complaint's reference."""
        customer = self.customer
        return [customer.first_name, customer.last_name, customer.cin,
                customer.immatriculation, *self.phone_forms(), self.ticket.reference]

    def phone_forms(self) -> list[str]:
        """The mobile's national digits (in every format) and as the pages write it."""
        return [self.phone.removeprefix("+212"), format_phone(self.phone)]


@dataclass
class World:
    places: dict[str, Place]
    agents: dict[str, Agent]
    call: Call
    callback: CallbackRequest
    sessions: dict[str, str] = field(default_factory=dict)  # persona -> session key
    tokens: dict[str, str] = field(default_factory=dict)  # persona -> API token

    def place(self, name: str) -> Place:
        return self.places[name]

    def client(self, persona: str) -> Client:
        """A fresh browser of the persona (a request that ends their session, such as a
        logout, leaves the next case's browser signed in)."""
        client = Client()
        key = self.sessions.get(persona)
        if key:
            client.cookies[settings.SESSION_COOKIE_NAME] = key
        return client

    def api_client(self, persona: str) -> Client:
        """The persona's program calling the API as partners do, with its token (none for
        the signed-out)."""
        token = self.tokens.get(persona)
        return Client(headers={"Authorization": f"Token {token}"} if token else {})

    def personal_data(self, *, shown_to: str = ANONYMOUS) -> list[str]:
        """The personal data of every place outside the persona's scope; the number a
        status-page visitor typed is theirs to read."""
        typed = self.place(AGENCY).phone_forms() if shown_to == WAITING else []
        return [text for name, place in self.places.items() if not sees(shown_to, name)
                for text in place.personal_data() if text not in typed]


_PEOPLE = {
    AGENCY: ("Ghizlane", "Skalliwi", "ZQ774401", "987654301", "+212661774401"),
    REGION: ("Mouhcine", "Tazarini", "ZQ774402", "987654302", "+212661774402"),
    ELSEWHERE: ("Nezha", "Ouarzaziti", "ZQ774403", "987654303", "+212661774403"),
}


def build_world() -> World:
    """The regions, agencies, agents and customers of the matrix, and a signed-in session
    per persona. Run inside a transaction that the caller rolls back."""
    region_a = factories.RegionFactory(code="DR-A", name_fr="Région A")
    region_b = factories.RegionFactory(code="DR-B", name_fr="Région B")
    agencies = {AGENCY: factories.AgencyFactory(code="AG-A", region=region_a),
                REGION: factories.AgencyFactory(code="AG-A2", region=region_a),
                ELSEWHERE: factories.AgencyFactory(code="AG-B", region=region_b)}
    back_office = factories.DirectionFactory(code="DAFF", kind=Direction.Kind.BACK_OFFICE)
    call_centre = factories.DirectionFactory(code="CRC", kind=Direction.Kind.CALL_CENTRE)
    call_centre_queue = factories.QueueFactory(agency=None, direction=call_centre,
                                               code="CRC-Q")
    places = {}
    for name, (first, last, cin, immatriculation, phone) in _PEOPLE.items():
        customer = factories.CustomerFactory(
            agency=agencies[name], first_name=first, last_name=last, cin=cin,
            immatriculation=immatriculation)
        factories.ContactPointFactory(customer=customer, kind=ContactPoint.Kind.MOBILE,
                                      value=phone, is_primary=True)
        places[name] = Place(customer, phone, factories.TicketFactory(customer=customer))

    where = {"agency": {"agency": agencies[AGENCY]},
             "region": {"agency": None, "region": region_a},
             "direction": {"agency": None, "direction": back_office},
             "call_centre": {"agency": None, "direction": call_centre},
             None: {"agency": None}}
    agents = {}
    for role, spec in ROLES.items():
        agent = factories.AgentFactory(
            user__username=f"matrix-{role}", role=role, **where[spec["place"]],
            user__is_staff=spec.get("is_staff", False),
            user__is_superuser=spec.get("is_superuser", False))
        agents[role] = agent
    agents[CALL_CENTRE].queues.add(call_centre_queue)

    agency_place = places[AGENCY]
    call = Call.objects.create(carrier_id="CA-matrix", from_number=agency_place.phone,
                               customer=agency_place.customer, queue=call_centre_queue,
                               status=Call.Status.IN_PROGRESS)
    callback = CallbackRequest.objects.create(phone=agency_place.phone,
                                              customer=agency_place.customer, call=call)
    AccessLogEntry.objects.create(
        at=timezone.now(), username=agents[FRONT_OFFICE].user.username, role=FRONT_OFFICE,
        channel=AccessChannel.DESK, kind=AccessKind.CUSTOMER,
        object_id=str(agency_place.customer.pk), customer_id=agency_place.customer.pk)
    world = World(places=places, agents=agents, call=call, callback=callback)

    users = {role: agent.user for role, agent in agents.items()}
    users[NO_PROFILE] = factories.UserFactory(username="matrix-no-profile")
    users[STAFF] = factories.UserFactory(username="matrix-staff", is_staff=True)
    users[STAFF].user_permissions.add(
        Permission.objects.get(codename="view_accesslogentry", content_type__app_label="audit"))
    users[DEACTIVATED] = factories.AgentFactory(user__username="matrix-deactivated",
                                                agency=agencies[AGENCY]).user
    for persona, user in users.items():
        client = Client()
        client.force_login(user)
        world.sessions[persona] = client.session.session_key
        world.tokens[persona] = Token.objects.create(user=user).key
    users[DEACTIVATED].is_active = False
    users[DEACTIVATED].save(update_fields=["is_active"])
    world.sessions[VISITOR] = _status_page_session(agency_place.phone, verified=True)
    world.sessions[WAITING] = _status_page_session(agency_place.phone, verified=False)
    return world


def _status_page_session(phone: str, *, verified: bool) -> str:
    """A status-page visit in which `phone` was typed, and proven by its code if
    `verified`."""
    store = SessionStore()
    if verified:
        selfservice_session.open_verified(SimpleNamespace(session=store), phone=phone,
                                          now=timezone.now())
    else:
        selfservice_session.set_pending(store, phone)
    store.save()
    return store.session_key


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


def _webhook(name: str) -> Entry:
    return Entry(f"telephony:{name}", Audience.CARRIER, method="POST")


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
    Entry("selfservice:start", Audience.PUBLIC, roles=EVERYONE - {VISITOR},
          otherwise=STATUS_PAGE_LIST),
    Entry("selfservice:code", Audience.PUBLIC, roles=frozenset({WAITING}),
          otherwise=STATUS_PAGE_START, note="only once a code was asked for"),
    Entry("selfservice:complaints", Audience.PUBLIC, roles=frozenset({VISITOR}),
          otherwise=STATUS_PAGE_START),
    Entry("selfservice:complaint", Audience.PUBLIC, roles=frozenset({VISITOR}),
          otherwise=STATUS_PAGE_START, scoped=True, kwargs=_reference),
    Entry("selfservice:notifications", Audience.PUBLIC, method="POST",
          roles=frozenset({VISITOR}), reach=STATUS_PAGE_LIST, otherwise=STATUS_PAGE_START),
    Entry("selfservice:leave", Audience.PUBLIC, method="POST", reach=STATUS_PAGE_START),

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
    Entry("desk:queue", Audience.STAFF, data=lambda world, place: {"scope": "all"},
          listed=lambda world, place: world.place(place).ticket.reference),
    Entry("desk:open", Audience.STAFF, scoped=True,
          kwargs=lambda world, place: {"customer_pk": world.place(place).customer.pk}),
    Entry("desk:open", Audience.STAFF, method="POST", scoped=True, reach=INVALID_FORM,
          kwargs=lambda world, place: {"customer_pk": world.place(place).customer.pk}),
    Entry("desk:ticket", Audience.STAFF, scoped=True, kwargs=_reference),
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
    Entry("sla:board", Audience.STAFF, roles=BOARD),
    # The phone simulator plays only the numbers of the agent's scope (issue 11, point 1).
    Entry("telephony:simulator", Audience.STAFF,
          listed=lambda world, place: f'<option value="{world.place(place).phone}"'),
    Entry("telephony:simulator_messages", Audience.STAFF, scoped=True,
          data=lambda world, place: {"number": world.place(place).phone}),
    Entry("telephony:simulator_sign", Audience.STAFF, method="POST", scoped=True,
          outside=FORBIDDEN, data=_sms_from, note="a signature, or why not (403)"),
    Entry("telephony:simulator_sign", Audience.STAFF, method="POST", reach=BAD_REQUEST,
          note="an empty form"),

    # --- REST API --------------------------------------------------------------------------
    Entry("api:customer-list", Audience.API,
          data=lambda world, place: {"identifier": world.place(place).customer.cin},
          listed=lambda world, place: world.place(place).customer.cin),
    Entry("api:customer-detail", Audience.API, scoped=True, kwargs=_customer),
    Entry("api:customer-timeline", Audience.API, scoped=True, kwargs=_customer),
    Entry("api:complaint-list", Audience.API,
          listed=lambda world, place: world.place(place).ticket.reference),
    Entry("api:complaint-list", Audience.API, method="POST", reach=BAD_REQUEST),
    Entry("api:complaint-detail", Audience.API, scoped=True, kwargs=_reference),
    *(Entry(f"api:complaint-{action.replace('_', '-')}", Audience.API, method="POST",
            scoped=True, kwargs=_reference, data=_no_version, reach=BAD_REQUEST)
      for action in API_ACTIONS),
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
    "customers.Interaction": (Family.EDITABLE, SUPERUSERS),
    "selfservice.AccessCode": (Family.READ_ONLY, SUPERUSERS),
    "tickets.Category": (Family.EDITABLE, SUPERUSERS),
    "tickets.Ticket": (Family.READ_ONLY, SUPERUSERS),
    "tickets.SmsTemplate": (Family.EDITABLE, SUPERUSERS),
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
