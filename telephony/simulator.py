"""The phone simulator: a staff page that plays a customer's phone without a carrier.

The browser sends SMS and walks the voice menu through the real webhooks, signed as the
carrier signs them: it asks `sign` for the signature of the exact form it is about to post,
then posts it with the X-Twilio-Signature header. The page also lists the SMS the outbox
wrote to the number, so an agent's transition on the desk shows up on the phone.

Off (404) when the carrier is Twilio: signing would use the account's auth token, and the
outbox would send real messages to whatever number is played.
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
from django.db.models import Exists, OuterRef, Q, Value
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

from contactcenter.customers.identifiers import parse_phone
from contactcenter.customers.models import ContactPoint
from contactcenter.customers.selectors import active_customers, customers_with_phone
from contactcenter.org.decorators import agent_required
from telephony import gateway
from tickets.models import OutboxMessage, Ticket

DEMO_NUMBERS = 6
SHOWN_MESSAGES = 50
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


def demo_numbers(limit: int = DEMO_NUMBERS, *,
                 agency_id: int | None = None) -> list[DemoNumber]:
    """A few customers' mobiles: those of `agency_id` first (a complaint texted from one
    lands in that agency, where its agents can handle it on the desk), and among them those
    with complaints first (something to follow by SMS or on the status page)."""
    customers = (active_customers()
                 .filter(contact_points__kind=ContactPoint.Kind.MOBILE)
                 .annotate(ours=Q(agency_id=agency_id) if agency_id else Value(False),
                           has_complaints=Exists(Ticket.objects.filter(customer=OuterRef("pk"))))
                 .order_by("-ours", "-has_complaints", "pk").distinct()[:limit])
    numbers: dict[int, str] = {}
    for point in ContactPoint.objects.filter(
            customer__in=[customer.pk for customer in customers],
            kind=ContactPoint.Kind.MOBILE).order_by("-is_primary", "pk"):
        numbers.setdefault(point.customer_id, point.value)
    return [DemoNumber(numbers[customer.pk], customer.display_name) for customer in customers
            if customer.pk in numbers]


def unknown_number() -> str:
    """A Moroccan mobile number no customer record has."""
    while True:
        number = f"+2126{secrets.randbelow(10**8):08d}"
        if not customers_with_phone(number).exists():
            return number


def messages_to(number: str) -> list[OutboxMessage]:
    """The latest SMS the outbox wrote to `number`, oldest first."""
    e164 = parse_phone(number) or number.strip()
    if not e164:
        return []
    latest = (OutboxMessage.objects.filter(kind=OutboxMessage.Kind.SMS, to=e164)
              .order_by("-created_at", "-pk")[:SHOWN_MESSAGES])
    return list(reversed(latest))


@require_GET
@simulator_enabled
@agent_required
def page(request: HttpRequest) -> HttpResponse:
    numbers = demo_numbers(agency_id=request.agent.agency_id)  # type: ignore[attr-defined]
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
def messages(request: HttpRequest) -> HttpResponse:
    """The SMS the number received (htmx partial, polled)."""
    return render(request, "telephony/partials/_simulator_messages.html",
                  {"sms_list": messages_to(request.GET.get("number", ""))})


@require_POST
@simulator_enabled
@agent_required
def sign(request: HttpRequest) -> HttpResponse:
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
    return JsonResponse({"signature": gateway.sign(gateway.public_url(path, request), params)})


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
