"""The visitor line's services: numbers per agency, day and reason, the states of a visit,
who may call, the wait estimate, the SMS of a number, and the hourly figures."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Q, Sum
from django_fsm import TransitionNotAllowed

from contactcenter.counter import selectors, services
from contactcenter.counter.models import HourlyLineStats, Reason, Visit
from contactcenter.org.models import Agent
from telephony.gateway import fake_gateway
from tests import factories
from tickets import outbox
from tickets.models import OutboxMessage

pytestmark = pytest.mark.django_db
CASABLANCA = ZoneInfo("Africa/Casablanca")
MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=CASABLANCA)


@pytest.fixture(autouse=True)
def _fake_sms(settings):
    settings.SMS_GATEWAY = "fake"
    fake_gateway.reset()
    yield fake_gateway
    fake_gateway.reset()


def _fresh(visit: Visit) -> Visit:
    """The visit as stored (its state field is protected: refresh_from_db cannot set it)."""
    return Visit.objects.get(pk=visit.pk)


def _take(agency, reason=Reason.INFORMATION, *, at=MONDAY_9, **kwargs) -> Visit:
    return services.take_number(agency=agency, reason=reason, now=at, **kwargs)


# --- Numbers ------------------------------------------------------------------------------------

def test_numbers_follow_each_other_per_reason_with_the_reason_letter(agency_a) -> None:
    first = _take(agency_a, Reason.COMPLAINT)
    second = _take(agency_a, Reason.COMPLAINT, at=MONDAY_9 + timedelta(minutes=1))
    other = _take(agency_a, Reason.DOCUMENT, at=MONDAY_9 + timedelta(minutes=2))
    assert [first.number, second.number, other.number] == ["R-001", "R-002", "D-001"]
    assert first.state == Visit.State.WAITING


def test_numbers_restart_each_day_and_each_agency_has_its_own(agency_a, agency_b) -> None:
    _take(agency_a)
    _take(agency_a)
    assert _take(agency_b).number == "I-001"
    assert _take(agency_a, at=MONDAY_9 + timedelta(days=1)).number == "I-001"


def test_the_day_is_the_local_day(agency_a) -> None:
    """00:30 in Casablanca is still the evening before in UTC: it is a new day here."""
    late = datetime(2026, 11, 30, 23, 50, tzinfo=CASABLANCA)
    _take(agency_a, at=late)
    visit = _take(agency_a, at=late + timedelta(minutes=40))
    assert visit.day.isoformat() == "2026-12-01" and visit.sequence == 1


def test_a_number_is_unique_in_the_database(agency_a) -> None:
    from django.db import IntegrityError, transaction

    visit = _take(agency_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.create(agency=agency_a, day=visit.day, reason=visit.reason,
                             sequence=visit.sequence, taken_at=visit.taken_at)


def test_an_unknown_reason_is_refused_and_nothing_is_stored(agency_a) -> None:
    with pytest.raises(ValidationError) as refused:
        _take(agency_a, "lunch")
    assert "reason" in refused.value.message_dict
    assert not Visit.objects.exists() and not HourlyLineStats.objects.exists()


# --- SMS ----------------------------------------------------------------------------------------

def test_a_number_sent_by_sms_is_an_immediate_answer_about_no_complaint(agency_a) -> None:
    _take(agency_a)
    visit = _take(agency_a, mobile="06 12 34 56 78", language="fr")
    sms = OutboxMessage.objects.get(event=services.SMS_EVENT)
    assert sms.kind == OutboxMessage.Kind.SMS and sms.ticket is None
    assert sms.to == "+212612345678" and visit.mobile == "+212612345678"
    # An answer: not held for quiet hours nor looked up against a complaint's calendar.
    assert sms.is_answer and sms.status == OutboxMessage.Status.PENDING
    assert "I-002" in sms.body and "1 personne" in sms.body
    assert sms.event_label == "Numéro d'attente en agence"  # on the customer's history


def test_the_sms_is_sent_by_the_outbox_at_night_too(agency_a, settings) -> None:
    settings.SMS_QUIET_HOURS = "00:00-23:59"
    _take(agency_a, mobile="0612345678", at=datetime(2026, 11, 30, 8, 5, tzinfo=CASABLANCA))
    sms = OutboxMessage.objects.get(event=services.SMS_EVENT)
    assert outbox.deliver(sms.pk, now=sms.created_at)
    assert [message.to for message in fake_gateway.sent] == ["+212612345678"]


def test_a_number_by_sms_in_arabic(agency_a) -> None:
    _take(agency_a, mobile="0612345678", language="ar")
    sms = OutboxMessage.objects.get(event=services.SMS_EVENT)
    assert sms.language == "ar" and "I-001" in sms.body and "CNSS" in sms.body


def test_a_wrong_mobile_is_refused_and_nothing_is_stored(agency_a) -> None:
    with pytest.raises(ValidationError) as refused:
        _take(agency_a, mobile="05 22 00 00 00")  # a landline
    assert "mobile" in refused.value.message_dict
    with pytest.raises(ValidationError):
        _take(agency_a, mobile="06" * 40)
    assert not Visit.objects.exists() and not OutboxMessage.objects.exists()
    assert not HourlyLineStats.objects.exists()


def test_one_mobile_gets_a_few_numbers_a_day_then_is_refused(agency_a, agency_b) -> None:
    for index in range(services.SMS_PER_NUMBER_A_DAY):
        _take(agency_a if index % 2 else agency_b, mobile="0612345678",
              at=MONDAY_9 + timedelta(minutes=index))
    with pytest.raises(ValidationError) as refused:
        _take(agency_a, mobile="+212 6 12 34 56 78", at=MONDAY_9 + timedelta(minutes=9))
    assert refused.value.messages[0].startswith("Ce mobile")
    assert Visit.objects.count() == services.SMS_PER_NUMBER_A_DAY
    assert _take(agency_a, mobile="0612345678", at=MONDAY_9 + timedelta(days=1)).mobile


def test_send_number_later_from_the_ticket_screen(agency_a) -> None:
    visit = _take(agency_a)
    services.send_number(visit=visit, mobile="0612345678", language="fr", now=MONDAY_9)
    assert OutboxMessage.objects.filter(event=services.SMS_EVENT).count() == 1
    with pytest.raises(ValidationError):  # once only
        services.send_number(visit=visit, mobile="0698765432", now=MONDAY_9)
    assert OutboxMessage.objects.filter(event=services.SMS_EVENT).count() == 1


# --- Calling ------------------------------------------------------------------------------------

def test_call_next_takes_the_oldest_visitor_whatever_the_reason(agency_a, agent) -> None:
    document = _take(agency_a, Reason.DOCUMENT)
    complaint = _take(agency_a, Reason.COMPLAINT, at=MONDAY_9 + timedelta(minutes=1))
    called = services.call_next(agent=agent, desk=3, now=MONDAY_9 + timedelta(minutes=5))
    assert called == document
    called = _fresh(called)
    assert (called.state, called.desk, called.agent, called.calls) == (
        Visit.State.CALLED, 3, agent, 1)
    assert called.first_called_at == called.last_called_at == MONDAY_9 + timedelta(minutes=5)
    assert services.call_next(agent=agent, desk=3,
                              now=MONDAY_9 + timedelta(minutes=9)) == complaint


def test_calling_next_serves_the_visitor_at_the_desk(agency_a, agent) -> None:
    first = _take(agency_a)
    _take(agency_a, at=MONDAY_9 + timedelta(minutes=1))
    services.call_next(agent=agent, desk=1, now=MONDAY_9 + timedelta(minutes=2))
    services.call_next(agent=agent, desk=1, now=MONDAY_9 + timedelta(minutes=8))
    first = _fresh(first)
    assert first.state == Visit.State.SERVED and first.served_at == MONDAY_9 + timedelta(minutes=8)


def test_call_next_with_nobody_waiting_returns_none(agency_a, agent) -> None:
    assert services.call_next(agent=agent, desk=1, now=MONDAY_9) is None


def test_yesterdays_visitors_are_not_called(agency_a, agent) -> None:
    _take(agency_a, at=MONDAY_9 - timedelta(days=1))
    assert services.call_next(agent=agent, desk=1, now=MONDAY_9) is None


def test_only_the_agencys_front_office_calls(agency_a, other_agency_agent, regional_manager
                                             ) -> None:
    visit = _take(agency_a)
    call_centre = factories.AgentFactory(role=Agent.Role.CALL_CENTRE, agency=None,
                                         direction=factories.DirectionFactory())
    for outsider in (call_centre, regional_manager):
        with pytest.raises(PermissionDenied):
            services.call_next(agent=outsider, desk=1, now=MONDAY_9)
    # Another agency's agent calls their own line, never this one's visitor.
    assert services.call_next(agent=other_agency_agent, desk=1, now=MONDAY_9) is None
    with pytest.raises(PermissionDenied):
        services.mark_absent(visit=visit, by=other_agency_agent)
    visit = _fresh(visit)
    assert visit.state == Visit.State.WAITING


@pytest.mark.parametrize("desk", [0, 100, "x", "", None])
def test_a_wrong_desk_is_refused_and_nobody_is_called(agency_a, agent, desk) -> None:
    visit = _take(agency_a)
    with pytest.raises(ValidationError):
        services.call_next(agent=agent, desk=desk, now=MONDAY_9)  # type: ignore[arg-type]  # bad input on purpose
    visit = _fresh(visit)
    assert visit.state == Visit.State.WAITING


def test_recall_keeps_the_visitor_called_and_counts_the_calls(agency_a, agent) -> None:
    _take(agency_a)
    visit = services.call_next(agent=agent, desk=2, now=MONDAY_9 + timedelta(minutes=1))
    assert visit is not None
    visit = services.recall(visit=visit, by=agent, now=MONDAY_9 + timedelta(minutes=2))
    assert (visit.state, visit.calls) == (Visit.State.CALLED, 2)
    assert visit.first_called_at == MONDAY_9 + timedelta(minutes=1)
    assert visit.last_called_at == MONDAY_9 + timedelta(minutes=2)


def test_served_and_absent_end_the_visit_and_are_refused_twice(agency_a, agent, supervisor
                                                              ) -> None:
    _take(agency_a)
    _take(agency_a)
    one = services.call_next(agent=agent, desk=1, now=MONDAY_9)
    two = services.call_next(agent=supervisor, desk=2, now=MONDAY_9)
    assert one is not None and two is not None and one != two
    services.mark_served(visit=one, by=agent, now=MONDAY_9 + timedelta(minutes=4))
    services.mark_absent(visit=two, by=supervisor, now=MONDAY_9 + timedelta(minutes=4))
    for action in (services.mark_served, services.mark_absent, services.recall):
        with pytest.raises(TransitionNotAllowed):
            action(visit=one, by=agent)
    with pytest.raises(TransitionNotAllowed):
        services.mark_served(visit=two, by=agent)  # absent: call back first
    with pytest.raises(TransitionNotAllowed):
        services.call_back(visit=one, by=agent, desk=1)  # served: nothing to call back


def test_an_absent_visitor_is_called_back_later(agency_a, agent) -> None:
    _take(agency_a)
    visit = services.call_next(agent=agent, desk=1, now=MONDAY_9)
    assert visit is not None
    services.mark_absent(visit=visit, by=agent, now=MONDAY_9 + timedelta(minutes=3))
    visit = services.call_back(visit=visit, by=agent, desk=4,
                               now=MONDAY_9 + timedelta(minutes=20))
    assert (visit.state, visit.desk, visit.calls, visit.absent_at) == (
        Visit.State.CALLED, 4, 2, None)
    services.mark_served(visit=visit, by=agent, now=MONDAY_9 + timedelta(minutes=25))
    stats = HourlyLineStats.objects.get()
    assert (stats.visitors, stats.called, stats.served, stats.absent) == (1, 1, 1, 0)
    assert stats.total_service_seconds == 5 * 60


# --- Estimate -----------------------------------------------------------------------------------

def test_the_first_visitor_is_next(agency_a) -> None:
    visit = _take(agency_a)
    estimate = selectors.wait_estimate(visit, now=MONDAY_9)
    assert (estimate.ahead, estimate.text) == (0, "Vous êtes le prochain.")


def test_without_history_the_estimate_uses_the_default_service_time(agency_a) -> None:
    for minute in range(3):
        _take(agency_a, at=MONDAY_9 + timedelta(minutes=minute))
    visit = _take(agency_a, at=MONDAY_9 + timedelta(minutes=3))
    estimate = selectors.wait_estimate(visit, now=MONDAY_9 + timedelta(minutes=3))
    # 3 ahead × 6 min ÷ 1 desk = 18 min, rounded up to 20.
    assert (estimate.ahead, estimate.minutes) == (3, 20)
    assert estimate.text == "3 personnes avant vous : environ 20 min"


def test_the_estimate_uses_each_reasons_recent_service_time_and_the_desks_at_work(
        agency_a, agent, supervisor) -> None:
    yesterday = MONDAY_9 - timedelta(days=1)
    # History: documents take 2 minutes, complaints 10.
    for minute, reason, length in ((0, Reason.DOCUMENT, 2), (20, Reason.COMPLAINT, 10)):
        _take(agency_a, reason, at=yesterday + timedelta(minutes=minute))
        visit = services.call_next(agent=agent, desk=1,
                                   now=yesterday + timedelta(minutes=minute + 1))
        assert visit is not None
        services.mark_served(visit=visit, by=agent,
                             now=yesterday + timedelta(minutes=minute + 1 + length))
    assert selectors.service_means(agency_a.pk, today=MONDAY_9.date()) == {
        Reason.DOCUMENT: 120.0, Reason.COMPLAINT: 600.0, "": 360.0}
    # Today: two desks at work, then 2 documents and 2 complaints wait ahead.
    for desk, who in ((1, agent), (2, supervisor)):
        _take(agency_a, Reason.INFORMATION, at=MONDAY_9)
        services.call_next(agent=who, desk=desk, now=MONDAY_9 + timedelta(minutes=1))
    for minute, reason in enumerate([Reason.DOCUMENT, Reason.COMPLAINT] * 2):
        _take(agency_a, reason, at=MONDAY_9 + timedelta(minutes=2 + minute))
    visit = _take(agency_a, Reason.INFORMATION, at=MONDAY_9 + timedelta(minutes=7))
    estimate = selectors.wait_estimate(visit, now=MONDAY_9 + timedelta(minutes=7))
    # (2 × 2 min + 2 × 10 min) ÷ 2 desks = 12 min, rounded up to 15.
    assert (estimate.ahead, estimate.minutes) == (4, 15)


@pytest.mark.parametrize(("seconds", "minutes"), [(1, 1), (60, 1), (61, 2), (600, 10),
                                                   (601, 15), (1500, 25), (1501, 30)])
def test_estimates_are_rounded_up(seconds: int, minutes: int) -> None:
    assert selectors.rounded_minutes(seconds) == minutes


# --- Hourly figures -----------------------------------------------------------------------------

def _recomputed() -> dict[tuple[object, ...], dict[str, int]]:
    """The hourly figures computed again from the visits (by local hour of arrival)."""
    figures: dict[tuple[object, ...], dict[str, int]] = {}
    for visit in Visit.objects.all():
        taken = visit.taken_at.astimezone(CASABLANCA)
        row = figures.setdefault((visit.agency_id, visit.reason, taken.date(), taken.hour), {
            "visitors": 0, "called": 0, "served": 0, "absent": 0, "total_wait_seconds": 0,
            "max_wait_seconds": 0, "total_service_seconds": 0})
        row["visitors"] += 1
        if visit.first_called_at:
            wait = int((visit.first_called_at - visit.taken_at).total_seconds())
            row["called"] += 1
            row["total_wait_seconds"] += wait
            row["max_wait_seconds"] = max(row["max_wait_seconds"], wait)
        row["served"] += visit.state == Visit.State.SERVED
        row["absent"] += visit.state == Visit.State.ABSENT
        if visit.state == Visit.State.SERVED:
            assert visit.served_at and visit.last_called_at
            row["total_service_seconds"] += int(
                (visit.served_at - visit.last_called_at).total_seconds())
    return figures


def test_the_hourly_figures_equal_a_recomputation_from_the_visits(agency_a, agency_b, agent,
                                                                  supervisor,
                                                                  other_agency_agent) -> None:
    clock = MONDAY_9 - timedelta(minutes=30)
    reasons = list(Reason)
    for index in range(40):
        clock += timedelta(minutes=3)
        agency = agency_b if index % 5 == 0 else agency_a
        _take(agency, reasons[index % 4], at=clock)
        if index % 3 == 0:
            clock += timedelta(minutes=1)
            who = [agent, supervisor, other_agency_agent][index % 2 if agency == agency_a else 2]
            visit = services.call_next(agent=who, desk=1 + index % 2, now=clock)
            if visit is not None and index % 4 == 0:
                services.recall(visit=visit, by=who, now=clock + timedelta(seconds=40))
            if visit is not None and index % 7 == 0:
                services.mark_absent(visit=visit, by=who, now=clock + timedelta(minutes=2))
                if index % 2 == 0:
                    services.call_back(visit=visit, by=who, desk=5,
                                       now=clock + timedelta(minutes=5))
    for who in (agent, supervisor, other_agency_agent):
        for visit in selectors.called_by(who):
            services.mark_served(visit=visit, by=who, now=clock + timedelta(minutes=9))
    fields = ["visitors", "called", "served", "absent", "total_wait_seconds",
              "max_wait_seconds", "total_service_seconds"]
    kept = {(row.agency_id, row.reason, row.date, row.hour): {f: getattr(row, f) for f in fields}
            for row in HourlyLineStats.objects.all()}
    assert kept == _recomputed()
    totals = HourlyLineStats.objects.aggregate(Sum("visitors"), Sum("served"), Sum("absent"),
                                               Max("max_wait_seconds"))
    assert totals["visitors__sum"] == 40
    assert totals["served__sum"] > 0 and totals["absent__sum"] > 0
    assert Visit.objects.aggregate(n=Count("pk", filter=Q(state=Visit.State.WAITING)))["n"] > 0


def test_the_line_is_told_once_per_transaction_and_only_after_commit(
        agency_a, agency_b, django_capture_on_commit_callbacks) -> None:
    from django.db import transaction

    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for minute in range(5):
            _take(agency_a, at=MONDAY_9 + timedelta(minutes=minute))
        _take(agency_b)
    notices = sorted(callback.group for callback in callbacks
                     if isinstance(callback, services._LineNotice))
    assert notices == [f"counter.{agency_a.pk}", f"counter.{agency_b.pk}"]


def test_mobiles_are_forgotten_after_their_day(agency_a, settings) -> None:
    from django.utils.module_loading import import_string

    yesterday = _take(agency_a, mobile="0612345678", at=MONDAY_9 - timedelta(days=1))
    today = _take(agency_a, mobile="0698765432", at=MONDAY_9)
    OutboxMessage.objects.update(status=OutboxMessage.Status.SENT)
    path, _period = settings.PERIODIC_JOBS["counter_mobiles_purge"]
    assert import_string(path)(now=MONDAY_9 + timedelta(hours=2)) == 1
    assert (_fresh(yesterday).mobile, _fresh(today).mobile) == ("", "+212698765432")
    assert list(OutboxMessage.objects.values_list("to", flat=True)) == ["+212698765432"]
