"""The public status page: a mobile number, a code sent to it by SMS, then that number's
complaints and its SMS notifications. No sign-in: the code proves the number."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from contactcenter import client_address
from contactcenter.customers import services as customer_services
from contactcenter.customers.models import SmsOptOut
from contactcenter.selfservice import selectors, services, session
from contactcenter.selfservice.exceptions import (
    AccessRefused,
    SatisfactionRefused,
    TooManyRequests,
)
from contactcenter.selfservice.forms import (
    CodeForm,
    NotificationsForm,
    PhoneForm,
    SatisfactionForm,
)
from telephony import simulator
from tickets import selectors as ticket_selectors
from tickets.exceptions import RuleViolation
from tickets.models import Ticket

View = Callable[..., HttpResponse]


class VerifiedRequest(HttpRequest):
    """What a view under @verified_required receives (for type checking only)."""

    verified_phone: str


def verified_required(view: View) -> View:
    """Only with a number proven by a code in this session, not expired; puts it on
    request.verified_phone. Otherwise back to the start."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        had_session = session.has_verified(request.session)
        phone = session.verified_phone(request.session, now=timezone.now())
        if phone is None:
            if had_session:
                messages.info(request, _("Your session has ended. Ask for a new code to "
                                         "see your complaints again."))
            return redirect("selfservice:start")
        cast(VerifiedRequest, request).verified_phone = phone
        return view(request, *args, **kwargs)

    return wrapper


def _phone(request: VerifiedRequest) -> str:
    """The number proven in this session (set by verified_required)."""
    return request.verified_phone


@never_cache
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Ask for the mobile number, and send it a code."""
    if request.method == "GET":
        if session.verified_phone(request.session, now=timezone.now()):
            return redirect("selfservice:complaints")
        form = PhoneForm(initial={"phone": session.pending_phone(request.session) or ""})
        return render(request, "selfservice/start.html", {"form": form})
    form = PhoneForm(request.POST)
    if not form.is_valid():
        return render(request, "selfservice/start.html", {"form": form}, status=422)
    phone = form.cleaned_data["phone"]
    try:
        access = services.request_code(phone=phone, client_ip=client_address.of_request(request),
                                        language=translation.get_language())
    except TooManyRequests as exc:
        return render(request, "selfservice/start.html", {"form": form, "refusal": exc},
                      status=429)
    simulator.keep_own_sms(request.session, access.sms)
    session.set_pending(request.session, phone)
    return redirect("selfservice:code")


@never_cache
@require_http_methods(["GET", "POST"])
def code(request: HttpRequest) -> HttpResponse:
    """Check the code sent to the number waiting for it."""
    phone = session.pending_phone(request.session)
    if phone is None:
        return redirect("selfservice:start")
    form = CodeForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {"form": form, "phone": phone,
                               "validity_minutes": services.CODE_VALIDITY_MINUTES}
    if request.method == "GET":
        return render(request, "selfservice/code.html", context)
    if not form.is_valid():
        return render(request, "selfservice/code.html", context, status=422)
    try:
        services.verify_code(phone=phone, code=form.cleaned_data["code"])
    except AccessRefused as exc:
        form.add_error("code", ValidationError(str(exc), code=exc.code))
        context["needs_new_code"] = exc.needs_new_code
        return render(request, "selfservice/code.html", context, status=422)
    session.open_verified(request, phone=phone, now=timezone.now())
    return redirect("selfservice:complaints")


@never_cache
@require_http_methods(["GET"])
@verified_required
def complaints(request: VerifiedRequest) -> HttpResponse:
    phone = _phone(request)
    return render(request, "selfservice/complaints.html", {
        "phone": phone,
        "complaints": list(ticket_selectors.complaints_of_number(phone)),
        "sms_stopped": customer_services.is_sms_opted_out(phone),
    })


@never_cache
@require_http_methods(["GET"])
@verified_required
def complaint(request: VerifiedRequest, reference: str) -> HttpResponse:
    ticket = selectors.get_complaint_of_number(phone=_phone(request), reference=reference)
    return _complaint_page(request, ticket, SatisfactionForm())


def _complaint_page(request: HttpRequest, ticket: Ticket, form: SatisfactionForm,
                    status: int = 200) -> HttpResponse:
    """The complaint, with the satisfaction question while it may be answered."""
    asks = ticket_selectors.awaits_satisfaction(ticket)
    return render(request, "selfservice/complaint.html",
                  {"ticket": ticket, "satisfaction_form": form if asks else None},
                  status=status)


@never_cache
@require_POST
@verified_required
def satisfaction(request: VerifiedRequest, reference: str) -> HttpResponse:
    """The answer to the satisfaction question: 1 to 5 and an optional comment, once."""
    ticket = selectors.get_complaint_of_number(phone=_phone(request), reference=reference)
    form = SatisfactionForm(request.POST)
    if not form.is_valid():
        return _complaint_page(request, ticket, form, status=422)
    try:
        services.answer_satisfaction(ticket=ticket, **form.cleaned_data)
    except SatisfactionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("selfservice:complaint", reference=ticket.reference)
    except RuleViolation as problem:
        form.add_error(None, str(problem))
        return _complaint_page(request, ticket, form, status=422)
    messages.success(request, _("Thank you: your answer was recorded."))
    return redirect("selfservice:complaint", reference=ticket.reference)


@never_cache
@require_POST
@verified_required
def notifications(request: VerifiedRequest) -> HttpResponse:
    """Stop or resume the SMS notifications of the proven number."""
    form = NotificationsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to stop or resume the SMS notifications."))
        return redirect("selfservice:complaints")
    stop = form.cleaned_data["stop"]
    customer_services.set_sms_opt_out(phone=_phone(request), opted_out=stop,
                                      channel=SmsOptOut.Channel.WEB)
    messages.success(request, _("SMS notifications stopped.") if stop
                     else _("SMS notifications resumed."))
    return redirect("selfservice:complaints")


@never_cache
@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    """End the visit: the number is forgotten and the session key changes."""
    session.close(request.session)
    request.session.cycle_key()
    messages.info(request, _("You have left your complaints' page."))
    return redirect("selfservice:start")
