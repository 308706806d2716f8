"""The phone simulator: a staff page that plays a customer's phone without a carrier.

The browser sends SMS and walks the voice menu through the real webhooks, signed as the
carrier signs them: it asks `sign` for the signature of the exact form it is about to post,
then posts it with the X-Twilio-Signature header. The page also lists the SMS the outbox
wrote to the number, so an agent's transition on the desk shows up on the phone.

Off (404) when the carrier is Twilio: signing would use the account's auth token, and the
outbox would send real messages to whatever number is played.

It plays only numbers of the agent's own scope: a number every active record of which the
agent may see, or a number on no record (a new customer). It neither lists the SMS of nor
signs for any other number, and never signs a carrier id (message or call) first seen from
another number. A one-time code of the status page is shown only in the browser session
that asked for it (keep_own_sms); everyone else sees it masked.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db.models import Q, Value
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from contactcenter.customers import selectors as customer_selectors
from contactcenter.customers.identifiers import parse_phone
from contactcenter.customers.models import ContactPoint
from contactcenter.customers.selectors import customers_with_phone
from contactcenter.org.decorators import AgentRequest, agent_required
from contactcenter.org.models import Agent
from telephony import gateway
from telephony.models import Call, InboundMessage
from tickets import selectors as ticket_selectors
from tickets.customer_scope import customers_for_agent
from tickets.models import OutboxMessage

DEMO_NUMBERS = 6
SHOWN_MESSAGES = 50
# The SMS this browser session may read as written, secrets included: {outbox id: body}.
OWN_SMS_KEY = "simulator_own_sms"
OWN_SMS_KEPT = 5
# The webhooks the simulator signs requests for, by URL name.
SIGNABLE = frozenset({"sms_inbound", "voice_inbound", "voice_menu", "voice_status"})

View = Callable[..., HttpResponse]


@dataclass(frozen=True)
class DemoNumber:
    number: str
    name: str


def simulator_enabled(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if settings.SMS_GATEWAY == "twilio":
            raise Http404("The phone simulator is off when a carrier is configured.")
        return view(request, *args, **kwargs)

    return wrapper


def demo_numbers(agent: Agent, limit: int = DEMO_NUMBERS) -> list[DemoNumber]:
    """A few mobiles the agent may play: of customers in the agent's scope, those of the
    agent's agency first (a complaint texted from one lands in that agency, where its agents
    can handle it on the desk), and among them those with complaints first (something to
    follow by SMS or on the status page)."""
    agency_id = agent.agency_id
    customers = (customers_for_agent(agent).filter(merged_into__isnull=True)
                 .filter(contact_points__kind=ContactPoint.Kind.MOBILE)
                 .annotate(ours=Q(agency_id=agency_id) if agency_id else Value(False),
                           has_complaints=ticket_selectors.customer_has_complaints())
                 .order_by("-ours", "-has_complaints", "pk").distinct()[:limit * 2])
    numbers: dict[int, str] = {}
    for point in customer_selectors.mobiles_of([customer.pk for customer in customers]):
        numbers.setdefault(point.customer_id, point.value)
    playable = [DemoNumber(numbers[customer.pk], customer.display_name)
                for customer in customers
                if customer.pk in numbers and may_play(agent, numbers[customer.pk])]
    return playable[:limit]


def may_play(agent: Agent, number: str) -> bool:
    """Whether `agent` may play `number`: one on no record, or one every active record of
    which the agent may see (its SMS status and list tell about all of them)."""
    e164 = parse_phone(number)
    if not e164:
        return False
    holders = customers_with_phone(e164)
    return not holders.exclude(pk__in=customers_for_agent(agent).values("pk")).exists()


def unknown_number() -> str:
    """A Moroccan mobile number no customer record has."""
    while True:
        number = f"+2126{secrets.randbelow(10**8):08d}"
        if not customers_with_phone(number).exists():
            return number


def messages_to(number: str, *, own: dict[str, str] | None = None) -> list[OutboxMessage]:
    """The latest SMS the outbox wrote to `number`, oldest first, each with `shown_body`:
    its text with any secret masked, unless the row is one of `own` (keep_own_sms)."""
    e164 = parse_phone(number) or number.strip()
    if not e164:
        return []
    latest = ticket_selectors.sms_to(e164, limit=SHOWN_MESSAGES)
    own = own or {}
    for message in latest:
        message.shown_body = (  # type: ignore[attr-defined]  # for the template only
            own.get(str(message.pk)) or message.redacted_body or message.body)
    return list(reversed(latest))


def keep_own_sms(session: SessionBase, message: OutboxMessage) -> None:
    """Let this browser session's simulator show `message` as written, secret included:
    the status page's code asked for in this session, so that an agent training on the
    quick start can type it. Nothing is kept when a carrier is configured."""
    if settings.SMS_GATEWAY == "twilio" or message.status != OutboxMessage.Status.PENDING:
        return
    own: dict[str, str] = dict(session.get(OWN_SMS_KEY) or {})
    own[str(message.pk)] = message.body
    session[OWN_SMS_KEY] = dict(list(own.items())[-OWN_SMS_KEPT:])


@require_GET
@simulator_enabled
@agent_required
def page(request: AgentRequest) -> HttpResponse:
    numbers = demo_numbers(request.agent)
    return render(request, "telephony/simulator.html", {
        "demo_numbers": numbers,
        "number": numbers[0].number if numbers else unknown_number(),
        "unknown_number": unknown_number(),
        "our_number": settings.TWILIO_FROM_NUMBER,
        "utc_offset_minutes": _utc_offset_minutes(),
    })


@require_GET
@simulator_enabled
@agent_required
def messages(request: AgentRequest) -> HttpResponse:
    """The SMS the number received (htmx partial, polled); 404 for a number the agent may
    not play."""
    number = request.GET.get("number", "")
    if not may_play(request.agent, number):
        raise Http404("Not a number this agent may play.")
    return render(request, "telephony/partials/_simulator_messages.html", {
        "sms_list": messages_to(number, own=request.session.get(OWN_SMS_KEY))})


@require_POST
@simulator_enabled
@agent_required
def sign(request: AgentRequest) -> HttpResponse:
    """The X-Twilio-Signature for a POST of `params` (a JSON object of strings) to `path`, one
    of the carrier's webhooks (with its query)."""
    path = request.POST.get("path", "")
    try:
        params = json.loads(request.POST.get("params", "{}"))
    except ValueError:
        return HttpResponseBadRequest("params is not JSON.")
    if not (isinstance(params, dict)
            and all(isinstance(key, str) and isinstance(value, str)
                    for key, value in params.items())):
        return HttpResponseBadRequest("params must map names to strings.")
    if not _is_webhook(path):
        return HttpResponseBadRequest("path is not a telephony webhook.")
    refusal = _refusal(request.agent, params)
    if refusal:
        return JsonResponse({"detail": refusal}, status=403)
    return JsonResponse({"signature": gateway.sign(gateway.public_url(path, request), params)})


def _refusal(agent: Agent, params: dict[str, str]) -> str:
    """Why the simulator will not sign `params` for `agent`, or "": the caller or sender
    must be a number the agent may play, and a message or call id already seen must be that
    number's own (a replayed id would answer with another number's reply)."""
    sender = params.get("From", "")
    if not may_play(agent, sender):
        return "From is not a number you may play."
    e164 = parse_phone(sender)
    if params.get("Caller", sender) != sender:
        return "Caller and From differ."
    for model, key in ((InboundMessage, "MessageSid"), (Call, "CallSid")):
        carrier_id = params.get(key)
        if carrier_id and model.objects.filter(carrier_id=carrier_id).exclude(
                from_number=e164).exists():
            return f"{key} belongs to another number."
    return ""


def _utc_offset_minutes() -> int:
    offset = timezone.localtime().utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


def _is_webhook(path: str) -> bool:
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return False
    try:
        match = resolve(parts.path)
    except Resolver404:
        return False
    return match.namespace == "telephony" and match.url_name in SIGNABLE
