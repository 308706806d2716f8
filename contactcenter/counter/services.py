"""Every change to an agency's visitor line: taking a number, calling, recalling, serving,
marking absent and calling back.

Each change is one transaction that also keeps the hourly figures (HourlyLineStats) of the
visitor's hour of arrival, and tells the agency's hall displays and calling screens after
commit (group `counter.<agency id>`, contactcenter.live). Numbers are handed out under an
advisory lock per agency and day, behind a unique constraint: two kiosks never get the same
number. A visit's own changes lock its row, so two agents never act on it at once.

Raises ValidationError for bad input (nothing is stored), PermissionDenied for an agent who
does not work the agency's line, TransitionNotAllowed for a visit not in a state to accept
the change (called by someone else meanwhile...).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contactcenter import live
from contactcenter.counter import selectors
from contactcenter.counter.models import HourlyLineStats, Reason, Visit
from contactcenter.customers import services as customer_services
from contactcenter.customers.models import ContactPoint
from contactcenter.customers.text import clean_text
from contactcenter.locks import lock_key
from contactcenter.org.models import Agency, Agent
from tickets import outbox
from tickets.models import OutboxMessage

# OutboxMessage.event of the SMS that carries a visitor's number.
SMS_EVENT = "counter_number"
# Numbers one mobile may receive by SMS in a day, at any agency: the kiosk is public and
# must not become a way to flood someone's phone.
SMS_PER_NUMBER_A_DAY = 3
MOBILE_MAX_LENGTH = 30
DESK_MAX = 99
LINE_ROLES = frozenset({Agent.Role.FRONT_OFFICE, Agent.Role.SUPERVISOR})


def take_number(*, agency: Agency, reason: str, mobile: str | None = None,
                language: str | None = None, now: datetime | None = None) -> Visit:
    """Give the visitor the next number of `reason` at `agency` today, and send it by SMS
    to `mobile` if given (in `language`, the kiosk's). Raises ValidationError (unknown
    reason, not a mobile, too many numbers sent to this mobile today): nothing is stored."""
    now = now or timezone.now()
    if reason not in Reason.values:
        raise ValidationError({"reason": _("Choose a reason for your visit.")},
                              code="invalid_reason")
    e164 = _mobile(mobile) if mobile else ""
    local = timezone.localtime(now)
    with transaction.atomic():
        lock_key(f"counter.line:{agency.pk}:{local.date().isoformat()}")
        sequence = selectors.last_sequence(agency.pk, day=local.date(), reason=reason) + 1
        visit = Visit.objects.create(agency=agency, day=local.date(), reason=reason,
                                     sequence=sequence, taken_at=now)
        HourlyLineStats.objects.get_or_create(
            agency=agency, reason=reason, date=local.date(), hour=local.hour)
        _add_to_stats(visit, visitors=1)
        if e164:
            _send_number(visit, agency=agency, e164=e164, language=language, now=now)
        _line_changed(agency.pk)
    return visit


def send_number(*, visit: Visit, mobile: str, language: str | None = None,
                now: datetime | None = None) -> Visit:
    """Send the visitor's number, with the wait estimate, by SMS to `mobile` (asked on the
    kiosk's ticket screen). Raises ValidationError (not a mobile, too many numbers sent to
    it today, the visit is over, a number already sent): nothing is stored or sent."""
    now = now or timezone.now()
    e164 = _mobile(mobile)
    with transaction.atomic():
        visit = Visit.objects.select_for_update().select_related("agency").get(pk=visit.pk)
        if visit.state != Visit.State.WAITING or visit.mobile:
            raise ValidationError({"mobile": _("This number can no longer be sent by SMS.")},
                                  code="not_waiting")
        _send_number(visit, agency=visit.agency, e164=e164, language=language, now=now)
    return visit


def call_next(*, agent: Agent, desk: int, now: datetime | None = None) -> Visit | None:
    """Call the visitor who has waited longest at the agent's agency today (every reason in
    order of arrival) to `desk`; the visitor the agent had called before is served. None
    when nobody waits. Two agents calling at once get two different visitors (the waiting
    rows are locked, SKIP LOCKED). Raises PermissionDenied, ValidationError (desk)."""
    now = now or timezone.now()
    require_line_agent(agent)
    desk = valid_desk(desk)
    with transaction.atomic():
        for current in selectors.called_by(agent).select_for_update():
            _serve(current, now=now)
        visit = (selectors.waiting_line(agent.agency_id, day=timezone.localdate(now))  # type: ignore[arg-type]  # an agent of the line has an agency
                 .select_for_update(skip_locked=True).first())
        if visit is None:
            _line_changed(agent.agency_id)  # type: ignore[arg-type]  # see above
            return None
        visit.call()
        visit.first_called_at = visit.last_called_at = now
        visit.calls, visit.agent, visit.desk = 1, agent, desk
        visit.save()
        waited = _seconds(now - visit.taken_at)
        _add_to_stats(visit, called=1, total_wait_seconds=waited,
                      max_wait_seconds=Greatest(F("max_wait_seconds"), waited))
        _line_changed(visit.agency_id)
    return visit


def recall(*, visit: Visit, by: Agent, now: datetime | None = None) -> Visit:
    """Call the same visitor again to the same desk (the hall display shows it anew)."""
    now = now or timezone.now()
    with transaction.atomic():
        visit = _locked(visit, by=by)
        visit.recall()
        visit.last_called_at = now
        visit.calls += 1
        visit.save()
        _line_changed(visit.agency_id)
    return visit


def mark_served(*, visit: Visit, by: Agent, now: datetime | None = None) -> Visit:
    """The called visitor was served: their service time counts from the last call."""
    now = now or timezone.now()
    with transaction.atomic():
        visit = _locked(visit, by=by)
        _serve(visit, now=now)
        _line_changed(visit.agency_id)
    return visit


def mark_absent(*, visit: Visit, by: Agent, now: datetime | None = None) -> Visit:
    """Nobody came to the desk for the called number; an agent may call it back later."""
    now = now or timezone.now()
    with transaction.atomic():
        visit = _locked(visit, by=by)
        visit.mark_absent()
        visit.absent_at = now
        visit.save()
        _add_to_stats(visit, absent=1)
        _line_changed(visit.agency_id)
    return visit


def call_back(*, visit: Visit, by: Agent, desk: int, now: datetime | None = None) -> Visit:
    """Call an absent visitor who turned up after all to `desk` (their wait was counted at
    the first call). Raises ValidationError (desk) besides the others."""
    now = now or timezone.now()
    desk = valid_desk(desk)
    with transaction.atomic():
        visit = _locked(visit, by=by)
        visit.call_back()
        visit.last_called_at, visit.absent_at = now, None
        visit.calls += 1
        visit.agent, visit.desk = by, desk
        visit.save()
        _add_to_stats(visit, absent=-1)
        _line_changed(visit.agency_id)
    return visit


def forget_mobiles(*, now: datetime | None = None) -> int:
    """Blank the mobiles of the visits of the days before today, and delete the SMS rows
    that carried their numbers once done with (periodic job): a visitor's number is only
    worth its day. Returns how many visits."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    forgotten = (Visit.objects.filter(day__lt=today).exclude(mobile="")
                 .update(mobile=""))
    outbox.purge_finished(event=SMS_EVENT, before=now - timedelta(days=1))
    return forgotten


# --- Rules and checks ---------------------------------------------------------------------------

def may_work_line(agent: Agent | None) -> bool:
    """Front-office agents and supervisors of an agency call its visitors."""
    return agent is not None and agent.role in LINE_ROLES and agent.agency_id is not None


def require_line_agent(agent: Agent) -> None:
    if not may_work_line(agent):
        raise PermissionDenied("Only the front office of an agency calls its visitors.")


def valid_desk(desk: object) -> int:
    """A desk number, 1 to DESK_MAX; ValidationError otherwise."""
    try:
        number = int(str(desk).strip())
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= DESK_MAX:
        raise ValidationError({"desk": _("Desk numbers go from 1 to %(max)s.")
                               % {"max": DESK_MAX}}, code="invalid_desk")
    return number


def _mobile(raw: str) -> str:
    text = clean_text(raw)
    if len(text) > MOBILE_MAX_LENGTH:
        raise ValidationError({"mobile": _("This is not a mobile number.")}, code="too_long")
    return customer_services.normalize_contact(ContactPoint.Kind.MOBILE, text)


def _locked(visit: Visit, *, by: Agent) -> Visit:
    """The visit's row, locked until the transaction ends, if `by` works its agency's line."""
    require_line_agent(by)
    if by.agency_id != visit.agency_id:
        raise PermissionDenied("This visitor waits at another agency.")
    return Visit.objects.select_for_update().get(pk=visit.pk)


def _serve(visit: Visit, *, now: datetime) -> None:
    visit.serve()
    visit.served_at = now
    visit.save()
    called = visit.last_called_at or now
    _add_to_stats(visit, served=1, total_service_seconds=_seconds(now - called))


def _seconds(delta: Any) -> int:
    return max(0, int(delta.total_seconds()))


def _add_to_stats(visit: Visit, **changes: Any) -> None:
    """Add to the figures of the visitor's hour of arrival (a row take_number created):
    integers are added, expressions (the longest wait) written as they are."""
    taken = timezone.localtime(visit.taken_at)
    updates = {field: F(field) + value if isinstance(value, int) else value
               for field, value in changes.items()}
    HourlyLineStats.objects.filter(agency_id=visit.agency_id, reason=visit.reason,
                                   date=taken.date(), hour=taken.hour).update(**updates)


def _send_number(visit: Visit, *, agency: Agency, e164: str, language: str | None,
                 now: datetime) -> None:
    """Queue the SMS (after the day's limit for the number is checked, under its lock) and
    keep the number on the visit."""
    lock_key(f"counter.sms:{e164}")
    if selectors.numbers_sent_to(e164, day=visit.day) >= SMS_PER_NUMBER_A_DAY:
        raise ValidationError(
            {"mobile": _("This mobile already received several numbers today. "
                         "Print your ticket instead.")}, code="too_many_sms")
    visit.mobile = e164
    visit.save(update_fields=["mobile"])
    estimate = selectors.wait_estimate(visit, now=now)
    outbox.add(_number_sms(visit, agency=agency, to=e164, language=language,
                           estimate=estimate, now=now))


def _number_sms(visit: Visit, *, agency: Agency, to: str, language: str | None,
                estimate: selectors.WaitEstimate, now: datetime) -> OutboxMessage:
    """The SMS with the visitor's number. An answer to what the visitor just asked (at the
    kiosk): sent at once, at night too, and about no complaint (ticket None)."""
    language = language if language in ("fr", "ar") else "fr"
    with translation.override(language):
        agency_name = agency.name
        if estimate.ahead:
            wait = ngettext("%(ahead)s person before you, about %(minutes)s min.",
                            "%(ahead)s people before you, about %(minutes)s min.",
                            estimate.ahead) % {"ahead": estimate.ahead,
                                               "minutes": estimate.minutes}
        else:
            wait = _("You are next.")
        body = _("CNSS %(agency)s: your number is %(number)s. %(wait)s Watch the hall "
                 "display.") % {"agency": agency_name, "number": visit.number, "wait": wait}
    return OutboxMessage(kind=OutboxMessage.Kind.SMS, ticket=None, event=SMS_EVENT, to=to,
                         language=language, body=body, is_answer=True, created_at=now,
                         next_attempt_at=now)


def _line_changed(agency_id: int) -> None:
    """After commit, tell the agency's hall displays and calling screens to read the line
    again (at most once, like every live notice: they also read it on reconnecting). Once
    per transaction and agency: they read the whole line anyway."""
    group = selectors.line_group(agency_id)
    pending = transaction.get_connection().run_on_commit
    # (a callback registered in a savepoint rolled back since is no longer in the list)
    if any(isinstance(callback, _LineNotice) and callback.group == group
           for _savepoints, callback, _robust in pending):
        return
    transaction.on_commit(_LineNotice(group))


class _LineNotice:
    def __init__(self, group: str) -> None:
        self.group = group

    def __call__(self) -> None:
        live.send_in_background([(self.group, {"type": "counter.changed"})])
