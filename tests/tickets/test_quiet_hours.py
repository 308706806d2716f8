"""Quiet hours: notifications written or retried at night wait for the morning of the
complaint's calendar, on either side of midnight and of Morocco's Ramadan change of UTC
offset; answers to the customer's own messages do not wait."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured

from sla.models import Calendar
from telephony.gateway import fake_gateway
from tests import factories
from tickets import outbox
from tickets.models import OutboxMessage, Ticket

CASA = ZoneInfo("Africa/Casablanca")
Status = OutboxMessage.Status


@pytest.fixture(autouse=True)
def _default_quiet_hours(settings) -> None:
    settings.SMS_QUIET_HOURS = "21:00-08:00"
    settings.BACKGROUND_MODE = "in-process"


def casa(*args: int) -> datetime:
    return datetime(*args, tzinfo=CASA)  # type: ignore[misc]


@pytest.mark.parametrize(("written", "due"), [
    (casa(2026, 5, 12, 14, 0), casa(2026, 5, 12, 14, 0)),   # daytime: at once
    (casa(2026, 5, 12, 20, 59), casa(2026, 5, 12, 20, 59)),  # just before
    (casa(2026, 5, 12, 21, 0), casa(2026, 5, 13, 8, 0)),     # quiet from 21:00
    (casa(2026, 5, 12, 23, 45), casa(2026, 5, 13, 8, 0)),    # before midnight: next morning
    (casa(2026, 5, 13, 0, 30), casa(2026, 5, 13, 8, 0)),     # after midnight: this morning
    (casa(2026, 5, 13, 7, 59), casa(2026, 5, 13, 8, 0)),
    (casa(2026, 5, 13, 8, 0), casa(2026, 5, 13, 8, 0)),      # the morning itself
    (casa(2026, 12, 31, 22, 0), casa(2027, 1, 1, 8, 0)),     # across the year
], ids=["afternoon", "20:59", "21:00", "23:45", "00:30", "07:59", "08:00", "new year"])
def test_a_notification_at_night_waits_for_eight_in_the_morning(written: datetime,
                                                                due: datetime) -> None:
    assert outbox.after_quiet_hours(written, tz=CASA) == due


# Morocco leaves UTC+1 for UTC+0 during Ramadan: 2026-02-15 03:00 -> 02:00, and back
# on 2026-03-22 02:00 -> 03:00. The morning is 08:00 local time on the clock of that morning.
@pytest.mark.parametrize(("written_utc", "due_utc"), [
    (datetime(2026, 2, 14, 21, 0, tzinfo=UTC), datetime(2026, 2, 15, 8, 0, tzinfo=UTC)),
    (datetime(2026, 2, 15, 1, 30, tzinfo=UTC), datetime(2026, 2, 15, 8, 0, tzinfo=UTC)),
    (datetime(2026, 3, 21, 22, 0, tzinfo=UTC), datetime(2026, 3, 22, 7, 0, tzinfo=UTC)),
    (datetime(2026, 3, 22, 3, 0, tzinfo=UTC), datetime(2026, 3, 22, 7, 0, tzinfo=UTC)),
], ids=["evening before Ramadan", "night Ramadan starts", "evening before it ends",
        "night it ends"])
def test_the_morning_follows_the_ramadan_change_of_utc_offset(written_utc: datetime,
                                                              due_utc: datetime) -> None:
    due = outbox.after_quiet_hours(written_utc, tz=CASA)
    assert due == due_utc
    assert due.astimezone(CASA).hour == 8


def test_quiet_hours_within_one_day_are_understood(settings) -> None:
    settings.SMS_QUIET_HOURS = "12:00-14:00"
    assert outbox.after_quiet_hours(casa(2026, 5, 12, 13, 0), tz=CASA) == casa(2026, 5, 12, 14)
    assert outbox.after_quiet_hours(casa(2026, 5, 12, 23, 0), tz=CASA) == casa(2026, 5, 12, 23)


@pytest.mark.parametrize("value", ["", "  ", "08:00-08:00"])
def test_empty_quiet_hours_hold_nothing(settings, value: str) -> None:
    settings.SMS_QUIET_HOURS = value
    assert outbox.after_quiet_hours(casa(2026, 5, 12, 23, 0), tz=CASA) == casa(2026, 5, 12, 23)


@pytest.mark.parametrize("value", ["21h-8h", "21:00", "25:00-08:00", "night"])
def test_unreadable_quiet_hours_fail_loudly(settings, value: str) -> None:
    settings.SMS_QUIET_HOURS = value
    with pytest.raises(ImproperlyConfigured, match="SMS_QUIET_HOURS"):
        outbox.after_quiet_hours(casa(2026, 5, 12, 23, 0), tz=CASA)


# --- Rows written at night --------------------------------------------------------------------

@pytest.fixture
def ticket(mobile_customer) -> Ticket:
    return factories.TicketFactory(customer=mobile_customer, waiting_for="Votre RIB")


@pytest.mark.django_db
def test_an_sms_written_at_night_is_due_in_the_morning(ticket: Ticket) -> None:
    message = outbox.sms(ticket=ticket, event="waiting", now=casa(2026, 5, 12, 23, 10))
    assert message.status == Status.PENDING
    assert message.next_attempt_at == casa(2026, 5, 13, 8, 0)


@pytest.mark.django_db
def test_an_sms_written_in_the_day_is_due_at_once(ticket: Ticket) -> None:
    now = casa(2026, 5, 12, 10, 0)
    assert outbox.sms(ticket=ticket, event="waiting", now=now).next_attempt_at == now


@pytest.mark.django_db
def test_an_answer_to_the_customer_is_sent_at_night(ticket: Ticket) -> None:
    now = casa(2026, 5, 12, 23, 10)
    message = outbox.sms(ticket=ticket, event="reply", context={"text": "Bien reçu."},
                         answer=True, now=now)
    assert (message.status, message.next_attempt_at, message.is_answer) == (
        Status.PENDING, now, True)


@pytest.mark.django_db
def test_the_night_is_that_of_the_complaint_s_calendar(ticket: Ticket) -> None:
    Calendar.objects.create(name="Agence A", agency=ticket.agency,
                            time_zone="America/New_York")
    written = casa(2026, 5, 12, 23, 10)  # 18:10 in New York: still the day there
    assert outbox.sms(ticket=ticket, event="waiting", now=written).next_attempt_at == written
    night = casa(2026, 5, 13, 4, 0)  # 23:00 in New York
    assert outbox.sms(ticket=ticket, event="waiting", now=night).next_attempt_at == datetime(
        2026, 5, 13, 8, 0, tzinfo=ZoneInfo("America/New_York"))


# --- Delivery and retries ----------------------------------------------------------------------

def _row(ticket: Ticket, *, at: datetime, answer: bool = False) -> OutboxMessage:
    return OutboxMessage.objects.create(
        kind=OutboxMessage.Kind.SMS, ticket=ticket, event="reply", to="+212661000333",
        body="Bonjour", created_at=at, next_attempt_at=at, is_answer=answer)


@pytest.mark.django_db
def test_a_retry_that_would_fall_at_night_waits_for_the_morning(ticket: Ticket) -> None:
    row = _row(ticket, at=casa(2026, 5, 12, 20, 59, 50))
    fake_gateway.fail_next()
    assert outbox.deliver(row.pk, now=row.next_attempt_at) is False
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.PENDING, 1)
    assert row.next_attempt_at == casa(2026, 5, 13, 8, 0)  # not 21:00:20


@pytest.mark.django_db
def test_a_retry_in_the_day_keeps_its_back_off(ticket: Ticket) -> None:
    row = _row(ticket, at=casa(2026, 5, 12, 15, 0))
    fake_gateway.fail_next()
    outbox.deliver(row.pk, now=row.next_attempt_at)
    row.refresh_from_db()
    assert row.next_attempt_at == casa(2026, 5, 12, 15, 0) + outbox.backoff(1)


@pytest.mark.django_db
def test_an_answer_is_retried_at_night(ticket: Ticket) -> None:
    row = _row(ticket, at=casa(2026, 5, 12, 23, 0), answer=True)
    fake_gateway.fail_next()
    outbox.deliver(row.pk, now=row.next_attempt_at)
    row.refresh_from_db()
    assert row.next_attempt_at == casa(2026, 5, 12, 23, 0) + outbox.backoff(1)


@pytest.mark.django_db
def test_a_notification_caught_up_at_night_is_held_until_morning(ticket: Ticket) -> None:
    row = _row(ticket, at=casa(2026, 5, 12, 20, 30))  # due before the quiet hours, not sent
    night = casa(2026, 5, 12, 22, 0)
    assert outbox.deliver_due(now=night) == 0
    row.refresh_from_db()
    assert (row.status, row.attempts, row.next_attempt_at) == (
        Status.PENDING, 0, casa(2026, 5, 13, 8, 0))
    assert fake_gateway.sent == []

    assert outbox.deliver_due(now=casa(2026, 5, 13, 7, 59)) == 0
    assert outbox.deliver_due(now=casa(2026, 5, 13, 8, 0)) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 1)
    assert [m.key for m in fake_gateway.sent] == [str(row.pk)]


@pytest.mark.django_db
def test_board_updates_are_not_held_at_night(ticket: Ticket) -> None:
    night = casa(2026, 5, 12, 23, 0)
    update = OutboxMessage.objects.create(kind=OutboxMessage.Kind.BOARD, ticket=ticket,
                                          event="assign", payload={"groups": []},
                                          next_attempt_at=night - timedelta(seconds=1))
    assert outbox.deliver(update.pk, now=night) is True
