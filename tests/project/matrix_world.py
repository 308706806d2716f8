"""The world the authorization matrix is played in (tests/project/url_matrix.py): the
personas (kinds of visitor), the three places objects lie in, who sees which place, and
the customers, complaints, calls and accounts built once per test module."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from contactcenter.audit.models import AccessLogEntry
from contactcenter.audit.models import Channel as AccessChannel
from contactcenter.audit.models import Kind as AccessKind
from contactcenter.customers.identifiers import format_phone
from contactcenter.customers.models import ContactPoint, Customer
from contactcenter.customers.templatetags.customers import phone_text
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
        return [self.phone.removeprefix("+212"), format_phone(self.phone),
                phone_text(self.phone)]


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
