"""The visitor line's pages: the kiosk where visitors take a number (public), the hall
display (public), and the counter agent's calling screen (front office of the agency).

The kiosk speaks French and Arabic side by side (the next visitor must not find the last
one's language), is chosen once per machine (a cookie remembers its agency) and shows the
number with its wait estimate, to print on an 80 mm ticket printer or receive by SMS. The
ticket screen's address is signed and short-lived: nobody reaches another visitor's ticket.
Public pages show numbers and desks only.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_fsm import TransitionNotAllowed

from contactcenter import client_address
from contactcenter.counter import selectors, services
from contactcenter.counter.models import REASON_LETTERS, Reason, Visit
from contactcenter.org.decorators import AgentRequest, agent_required
from contactcenter.org.models import Agency
from contactcenter.org.selectors import agencies

KIOSK_COOKIE = "counter_kiosk"
KIOSK_COOKIE_AGE = 365 * 24 * 3600
TICKET_SALT = "contactcenter.counter.ticket"
TICKET_MAX_AGE = 2 * 3600  # seconds a ticket screen's address works
DESK_SESSION_KEY = "counter_desk"
# Numbers one client address may take in a window: far above a busy kiosk's Monday morning
# (about 30 in a quarter of an hour), far below a script flooding an agency's line.
NUMBERS_PER_ADDRESS, ADDRESS_WINDOW_SECONDS = 120, 15 * 60

# Texts of the public pages, shown in both languages at once.
KIOSK_TEXTS = {
    "title": gettext_lazy("Take a number"),
    "choose": gettext_lazy("Why are you here today?"),
    "your_number": gettext_lazy("Your number"),
    "print": gettext_lazy("Print my ticket"),
    "sms": gettext_lazy("Receive it by SMS"),
    "mobile": gettext_lazy("Your mobile number"),
    "send": gettext_lazy("Send"),
    "sent": gettext_lazy("Your number was sent by SMS."),
    "done": gettext_lazy("Done"),
    "watch": gettext_lazy("Watch the screen: your number and your desk will show there."),
    "taken": gettext_lazy("Taken at"),
    "expired": gettext_lazy("This ticket screen has expired. Take a new number if you need "
                            "one."),
    "fund": gettext_lazy("National Social Security Fund"),
    "setup": gettext_lazy("Set up this kiosk"),
    "setup_hint": gettext_lazy("Choose the agency this kiosk stands in. It is remembered "
                               "on this machine."),
    "start": gettext_lazy("Use this agency"),
    "called": gettext_lazy("Called numbers"),
    "desk": gettext_lazy("Counter desk"),
    "waiting": gettext_lazy("Waiting"),
    "nobody": gettext_lazy("No number called yet."),
    "offline": gettext_lazy("Reconnecting…"),
    "now_serving": gettext_lazy("Now called"),
    "number": gettext_lazy("Number"),
    "too_many": gettext_lazy("Too many numbers were taken from this kiosk. Ask at the "
                             "reception."),
}
# Why a number cannot be sent by SMS, by ValidationError code, in both languages (the
# visitor may read either).
SMS_REFUSALS = {
    "too_many_sms": gettext_lazy("This mobile already received several numbers today. "
                                 "Print your ticket instead."),
    "not_waiting": gettext_lazy("This number can no longer be sent by SMS."),
}
NOT_A_MOBILE = gettext_lazy("This is not a mobile number.")
REASON_HINTS = {
    Reason.COMPLAINT: gettext_lazy("Something went wrong: a payment, a file, a refund"),
    Reason.INFORMATION: gettext_lazy("A question about your rights or a procedure"),
    Reason.DOCUMENT: gettext_lazy("Hand in or collect a document, a certificate"),
    Reason.BENEFIT_CLAIM: gettext_lazy("Apply for a benefit, a pension, a refund"),
}


def _both(text: Any) -> dict[str, str]:
    """A text in French and in Arabic, whatever the active language."""
    found = {}
    for language in ("fr", "ar"):
        with translation.override(language):
            found[language] = str(text)
    return found


def _bilingual(texts: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {key: _both(text) for key, text in texts.items()}


def _reasons() -> list[dict[str, Any]]:
    return [{"value": reason.value, "letter": REASON_LETTERS[reason],
             "label": _both(reason.label), "hint": _both(REASON_HINTS[reason])}
            for reason in Reason]


def _agency_or_404(code: str) -> Agency:
    agency = selectors.agency_by_code(code)
    if agency is None:
        raise Http404("No such agency.")
    return agency


def _agency_names(agency: Agency) -> dict[str, str]:
    return {"fr": agency.name_fr, "ar": agency.name_ar or agency.name_fr}


# --- The kiosk ---------------------------------------------------------------------------------

@never_cache
@require_http_methods(["GET", "POST"])
def kiosk_setup(request: HttpRequest) -> HttpResponse:
    """The kiosk's address without an agency: the one this machine was set up for, else a
    choice of agency, remembered in a cookie."""
    if request.method == "POST":
        agency = selectors.agency_by_code(str(request.POST.get("agency", ""))[:20])
        if agency is not None:
            response = redirect("counter:kiosk", agency=agency.code)
            response.set_cookie(KIOSK_COOKIE, agency.code, max_age=KIOSK_COOKIE_AGE,
                                samesite="Lax", httponly=True)
            return response
    else:
        code = request.COOKIES.get(KIOSK_COOKIE, "")[:20]
        if code and selectors.agency_by_code(code) is not None:
            return redirect("counter:kiosk", agency=code)
    return render(request, "counter/line_setup.html", {
        "t": _bilingual(KIOSK_TEXTS),
        "agencies": [(agency.code, _agency_names(agency)) for agency in agencies()],
    }, status=200 if request.method == "GET" else 422)


@never_cache
@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest, agency: str) -> HttpResponse:
    """The reasons as large buttons; one touch takes a number and shows the ticket."""
    place = _agency_or_404(agency)
    refusal: dict[str, str] = {}
    address_key = _address_key(request)
    if request.method == "POST" and cache.get(address_key, 0) >= NUMBERS_PER_ADDRESS:
        return render(request, "counter/line_kiosk.html", {
            "agency": place, "agency_names": _agency_names(place),
            "t": _bilingual(KIOSK_TEXTS), "reasons": _reasons(),
            "refusal": _both(KIOSK_TEXTS["too_many"])}, status=429)
    if request.method == "POST":
        try:
            visit = services.take_number(agency=place,
                                         reason=str(request.POST.get("reason", ""))[:30],
                                         language=translation.get_language())
        except ValidationError:
            refusal = _both(gettext_lazy("Choose a reason for your visit."))
        else:
            _count_number_taken(address_key)
            return redirect("counter:ticket", agency=place.code,
                            token=signing.dumps(visit.pk, salt=TICKET_SALT))
    return render(request, "counter/line_kiosk.html", {
        "agency": place, "agency_names": _agency_names(place), "t": _bilingual(KIOSK_TEXTS),
        "reasons": _reasons(), "refusal": refusal,
    }, status=422 if refusal else 200)


def _address_key(request: HttpRequest) -> str:
    """The cache key counting the numbers taken from the request's address in the current
    window (a keyed hash: nothing stored names the address)."""
    address = client_address.of_request(request) or "unknown"
    window = int(time.time()) // ADDRESS_WINDOW_SECONDS
    return "counter.kiosk:" + salted_hmac("contactcenter.counter.kiosk",
                                          f"{window}:{address}",
                                          algorithm="sha256").hexdigest()[:40]


def _count_number_taken(key: str) -> None:
    cache.add(key, 0, timeout=ADDRESS_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=ADDRESS_WINDOW_SECONDS)


def _ticket_visit(agency: Agency, token: str) -> Visit | None:
    try:
        pk = signing.loads(token, salt=TICKET_SALT, max_age=TICKET_MAX_AGE)
    except signing.BadSignature:
        return None
    return Visit.objects.filter(pk=pk, agency=agency).first() if isinstance(pk, int) else None


@never_cache
@require_http_methods(["GET", "POST"])
def ticket(request: HttpRequest, agency: str, token: str) -> HttpResponse:
    """The visitor's number, reason, estimate and time, to print or to send by SMS (POST:
    the mobile). Goes back to the reasons by itself after a while (static/counter/line.js)."""
    place = _agency_or_404(agency)
    visit = _ticket_visit(place, token)
    context: dict[str, Any] = {"agency": place, "agency_names": _agency_names(place),
                               "t": _bilingual(KIOSK_TEXTS)}
    if visit is None:
        return render(request, "counter/line_expired.html", context, status=404)
    refusal: dict[str, str] = {}
    if request.method == "POST":
        try:
            services.send_number(visit=visit, mobile=str(request.POST.get("mobile", "")),
                                 language=translation.get_language())
        except ValidationError as exc:
            refusal = _both(SMS_REFUSALS.get(_code_of(exc), NOT_A_MOBILE))
        else:
            return redirect(f"{request.path}?sent=1")
    now = timezone.now()
    estimate = selectors.wait_estimate(visit, now=now)
    with translation.override("fr"):
        estimate_fr = estimate.text
    with translation.override("ar"):
        estimate_ar = estimate.text
    context.update({
        "visit": visit, "reason": _both(Reason(visit.reason).label),
        "estimate": {"fr": estimate_fr, "ar": estimate_ar},
        "sent": request.GET.get("sent") == "1" or bool(visit.mobile),
        "refusal": refusal, "mobile_max": services.MOBILE_MAX_LENGTH,
    })
    return render(request, "counter/line_ticket.html", context, status=422 if refusal else 200)


def _code_of(error: ValidationError) -> str:
    """The code of the first error of a ValidationError raised about one field."""
    for errors in getattr(error, "error_dict", {}).values():
        return str(errors[0].code or "")
    return str(error.code or "")


# --- The hall display --------------------------------------------------------------------------

@never_cache
@require_GET
def display(request: HttpRequest, agency: str) -> HttpResponse:
    """Large numbers and desks, kept live by static/counter/display.js over
    /ws/counter/display/<agency>/; the first picture is drawn here."""
    place = _agency_or_404(agency)
    snapshot = selectors.display_snapshot(place.pk, now=timezone.now())
    return render(request, "counter/display_hall.html", {
        "agency": place, "agency_names": _agency_names(place), "t": _bilingual(KIOSK_TEXTS),
        "calls": snapshot["calls"], "waiting": snapshot["waiting"],
        "socket_path": f"/ws/counter/display/{place.code}/", "utc_offset": snapshot["utc_offset"],
    })


# --- The calling screen ------------------------------------------------------------------------

def _line_agent(request: AgentRequest) -> None:
    if not services.may_work_line(request.agent):
        raise PermissionDenied("Only the front office of an agency calls its visitors.")


@never_cache
@require_GET
@agent_required
def calling(request: AgentRequest) -> HttpResponse:
    """The agent's number at the desk and its buttons, and the agency's line by reason.
    htmx asks for the panel alone (on each live notice from the line)."""
    _line_agent(request)
    agent = request.agent
    agency_id: int = agent.agency_id  # type: ignore[assignment]  # checked by _line_agent
    now = timezone.now()
    day = timezone.localdate(now)
    current = list(selectors.called_by(agent))
    lines = selectors.line_by_reason(agency_id, day=day, now=now)
    context: dict[str, Any] = {
        "agency": agent.agency,
        "current": current,
        "lines": lines,
        "waiting_total": sum(line.waiting for line in lines),
        "waiting": selectors.waiting_visits(agency_id, day=day),
        "absent": selectors.absent_visits(agency_id, day=day),
        "desk": request.session.get(DESK_SESSION_KEY) or (current[0].desk if current else ""),
        "desk_max": services.DESK_MAX,
        "desks_at_work": selectors.desks_at_work(agency_id, now=now),
        "now": now,
    }
    template = ("counter/calling_panel.html" if request.htmx
                else "counter/calling_screen.html")
    return render(request, template, context)


def _desk_of(request: AgentRequest) -> int | None:
    """The desk typed on the screen (kept in the session for the next calls)."""
    try:
        desk = services.valid_desk(request.POST.get("desk", ""))
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return None
    request.session[DESK_SESSION_KEY] = desk
    return desk


@require_POST
@agent_required
def call_next(request: AgentRequest) -> HttpResponse:
    _line_agent(request)
    desk = _desk_of(request)
    if desk is not None:
        visit = services.call_next(agent=request.agent, desk=desk)
        if visit is None:
            messages.info(request, _("Nobody is waiting."))
    return redirect("counter:calling")


def _act(request: AgentRequest, pk: int, action: str) -> HttpResponse:
    _line_agent(request)
    try:
        visit = selectors.visit_for_agent(request.agent, pk)
    except Visit.DoesNotExist as exc:
        raise Http404("No such visitor at this agency.") from exc
    try:
        if action == "recall":
            services.recall(visit=visit, by=request.agent)
        elif action == "served":
            services.mark_served(visit=visit, by=request.agent)
        elif action == "absent":
            services.mark_absent(visit=visit, by=request.agent)
        else:
            desk = _desk_of(request)
            if desk is not None:
                services.call_back(visit=visit, by=request.agent, desk=desk)
    except TransitionNotAllowed:
        messages.error(request, _("Number %(number)s changed meanwhile: look again.")
                       % {"number": visit.number})
    return redirect("counter:calling")


@require_POST
@agent_required
def recall(request: AgentRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "recall")


@require_POST
@agent_required
def served(request: AgentRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "served")


@require_POST
@agent_required
def absent(request: AgentRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "absent")


@require_POST
@agent_required
def call_back(request: AgentRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "call_back")
