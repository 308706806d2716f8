"""The outbox: rows exist only once their transaction commits, each is sent at most once
however many workers try, failures are retried with back-off until a limit, and the real
delivery paths (Redis channel layer, a Celery worker on Redis) carry them."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from channels.layers import get_channel_layer
from channels_redis.core import RedisChannelLayer
from django.db import connection, transaction
from django.utils import timezone

from contactcenter import background
from contactcenter.celery import app as celery_app
from contactcenter.customers.services import set_sms_opt_out
from telephony.gateway import fake_gateway
from tests import factories
from tickets import outbox, services, tasks
from tickets.models import OutboxMessage, Ticket

SMS, BOARD = OutboxMessage.Kind.SMS, OutboxMessage.Kind.BOARD
Status = OutboxMessage.Status


class Boom(Exception):
    pass


@pytest.fixture(autouse=True)
def _no_task_queue(settings) -> None:
    """Rows are delivered by the tests themselves unless a test asks for Celery."""
    settings.BACKGROUND_MODE = "in-process"
    settings.SMS_QUIET_HOURS = ""  # these tests run at any hour: see test_quiet_hours.py


def _open(customer, by, category=None) -> Ticket:  # type: ignore[no-untyped-def]
    return services.open_complaint(customer=customer, channel="phone", by=by,
                                   description="Indemnités journalières non reçues",
                                   category=category)


def _sms(ticket: Ticket, event: str = "received") -> OutboxMessage:
    return OutboxMessage.objects.get(ticket=ticket, kind=SMS, event=event)


# --- Written with the change, or not at all ---------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_rows_are_written_and_queued_only_when_the_change_commits(
        mobile_customer, handler, category, settings, monkeypatch) -> None:
    settings.BACKGROUND_MODE = "celery"
    queued: list[int] = []
    monkeypatch.setattr(tasks.deliver_outbox_message, "delay", queued.append)

    with pytest.raises(Boom), transaction.atomic():
        _open(mobile_customer, handler, category)
        assert OutboxMessage.objects.filter(kind=SMS).count() == 1  # inside, not yet out
        raise Boom  # anything failing after the service, in the same transaction
    assert not Ticket.objects.exists() and not OutboxMessage.objects.exists()
    assert queued == [] and fake_gateway.sent == []

    with transaction.atomic():
        ticket = _open(mobile_customer, handler, category)
        assert queued == []  # nothing leaves before the commit
    background.wait_for_publications()
    pending = OutboxMessage.objects.filter(ticket=ticket, status=Status.PENDING)
    assert sorted(queued) == sorted(pending.values_list("pk", flat=True))
    assert {m.kind for m in pending} == {SMS, BOARD}


@pytest.mark.django_db(transaction=True)
def test_a_frozen_broker_does_not_hold_up_the_request(mobile_customer, handler, category,
                                                      settings, monkeypatch) -> None:
    """The publish after commit runs in a background thread: the service returns at once
    however long the broker takes, and the publish still happens."""
    settings.BACKGROUND_MODE = "celery"
    published: list[int] = []
    release = threading.Event()

    def frozen(message_id: int) -> None:
        release.wait(10)
        published.append(message_id)

    monkeypatch.setattr(tasks.deliver_outbox_message, "delay", frozen)
    began = time.monotonic()
    ticket = _open(mobile_customer, handler, category)
    assert time.monotonic() - began < 5 and published == []
    release.set()
    background.wait_for_publications()
    assert sorted(published) == sorted(OutboxMessage.objects.filter(
        ticket=ticket, status=Status.PENDING).values_list("pk", flat=True))


# --- Sent at most once ------------------------------------------------------------------------

@pytest.mark.django_db
def test_deliver_sends_once_and_a_second_call_does_nothing(mobile_customer, handler) -> None:
    ticket = _open(mobile_customer, handler)
    sms = _sms(ticket)
    assert outbox.deliver(sms.pk) is True
    assert outbox.deliver(sms.pk) is False

    assert [(m.to, m.key) for m in fake_gateway.sent] == [("+212661000333", str(sms.pk))]
    sms.refresh_from_db()
    assert (sms.status, sms.attempts, sms.last_error) == (Status.SENT, 1, "")
    assert sms.carrier_id == fake_gateway.sent[0].carrier_id and sms.sent_at is not None
    assert fake_gateway.sent[0].body == sms.body and ticket.reference in sms.body


@pytest.mark.django_db(transaction=True)
def test_two_workers_delivering_the_same_rows_send_each_once(customer, handler,
                                                             monkeypatch) -> None:
    customers = [factories.CustomerFactory(agency=customer.agency) for _ in range(12)]
    for person in customers:
        factories.ContactPointFactory(customer=person, is_primary=True)
    ids = [_sms(_open(person, handler)).pk for person in customers]
    send = fake_gateway.send_sms

    def slow_send(**kwargs: Any) -> str:  # a carrier round trip, while the other worker runs
        time.sleep(0.02)
        return send(**kwargs)

    monkeypatch.setattr(fake_gateway, "send_sms", slow_send)
    barrier = threading.Barrier(2, timeout=10)
    sent_by: list[list[int]] = [[], []]

    def worker(index: int) -> None:
        try:
            barrier.wait()
            sent_by[index] = [pk for pk in ids if outbox.deliver(pk)]
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(sent_by[0] + sent_by[1]) == sorted(ids)
    assert sorted(int(m.key) for m in fake_gateway.sent) == sorted(ids)
    assert set(OutboxMessage.objects.filter(pk__in=ids).values_list("status", "attempts")) \
        == {(Status.SENT, 1)}


# --- Failures: retried with back-off, or given up -------------------------------------------

def test_back_off_doubles_from_thirty_seconds_up_to_an_hour() -> None:
    assert [outbox.backoff(n).total_seconds() for n in range(1, 9)] == [
        30, 60, 120, 240, 480, 960, 1920, 3600]


@pytest.mark.django_db
def test_a_carrier_failure_is_retried_after_the_back_off(mobile_customer, handler) -> None:
    sms = _sms(_open(mobile_customer, handler))
    fake_gateway.fail_next(2)
    first = timezone.now()

    assert outbox.deliver(sms.pk, now=first) is False
    sms.refresh_from_db()
    assert (sms.status, sms.attempts, sms.last_error) == (Status.PENDING, 1,
                                                          "carrier unavailable")
    assert sms.next_attempt_at == first + outbox.backoff(1)

    assert outbox.deliver(sms.pk, now=sms.next_attempt_at - timedelta(seconds=1)) is False
    sms.refresh_from_db()
    assert sms.attempts == 1  # not due yet: not even tried

    second = sms.next_attempt_at
    assert outbox.deliver(sms.pk, now=second) is False
    sms.refresh_from_db()
    assert (sms.attempts, sms.next_attempt_at) == (2, second + outbox.backoff(2))

    assert outbox.deliver(sms.pk, now=sms.next_attempt_at) is True
    sms.refresh_from_db()
    assert (sms.status, sms.attempts, sms.last_error) == (Status.SENT, 3, "")
    assert len(fake_gateway.sent) == 1


@pytest.mark.django_db
def test_a_permanent_failure_is_not_retried(mobile_customer, handler) -> None:
    sms = _sms(_open(mobile_customer, handler))
    fake_gateway.fail_next(permanent=True)
    assert outbox.deliver(sms.pk) is False
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == (Status.FAILED, 1)
    assert outbox.deliver(sms.pk, now=timezone.now() + timedelta(days=1)) is False
    assert fake_gateway.sent == []


@pytest.mark.django_db
def test_delivery_gives_up_after_max_attempts(mobile_customer, handler) -> None:
    sms = _sms(_open(mobile_customer, handler))
    fake_gateway.fail_next(outbox.MAX_ATTEMPTS + 1)
    at = timezone.now()
    for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
        assert outbox.deliver(sms.pk, now=at) is False
        sms.refresh_from_db()
        assert sms.attempts == attempt
        if attempt < outbox.MAX_ATTEMPTS:
            assert sms.status == Status.PENDING
            assert sms.next_attempt_at == at + outbox.backoff(attempt)
            at = sms.next_attempt_at
    assert sms.status == Status.FAILED
    assert outbox.deliver(sms.pk, now=at + timedelta(days=30)) is False
    outbox.deliver_due(now=at + timedelta(days=30))
    assert len(fake_gateway.failures) == 1 and fake_gateway.sent == []  # no ninth try


# --- Catching up --------------------------------------------------------------------------------

@pytest.mark.django_db
def test_deliver_due_sends_the_due_rows_oldest_first_and_nothing_else(mobile_customer) -> None:
    ticket = factories.TicketFactory(customer=mobile_customer)
    now = timezone.now()

    def row(minutes: int, status: str = Status.PENDING) -> OutboxMessage:
        return OutboxMessage.objects.create(
            kind=SMS, ticket=ticket, event="reply", to="+212661000333", body=f"{minutes}",
            status=status, next_attempt_at=now + timedelta(minutes=minutes))

    due = [row(-3), row(-2), row(0)]
    later = row(5)
    for status in (Status.FAILED, Status.SENT, Status.SKIPPED):
        row(-10, status)
    row(30, Status.SENDING)  # claimed by a worker, its lease running

    assert outbox.deliver_due(now=now, limit=2) == 2
    assert [m.key for m in fake_gateway.sent] == [str(due[0].pk), str(due[1].pk)]
    assert outbox.deliver_due(now=now) == 1
    assert outbox.deliver_due(now=now) == 0
    assert [m.body for m in fake_gateway.sent] == ["-3", "-2", "0"]
    later.refresh_from_db()
    assert later.status == Status.PENDING
    assert outbox.deliver_due(now=now + timedelta(minutes=5)) == 1


@pytest.mark.django_db
def test_a_row_whose_worker_died_after_the_claim_is_sent_when_the_lease_expires(
        mobile_customer, handler, category, monkeypatch) -> None:
    sms = _sms(_open(mobile_customer, handler, category))
    OutboxMessage.objects.exclude(pk=sms.pk).delete()  # the board update
    now = timezone.now()

    def die(_message: OutboxMessage) -> str:
        raise SystemExit("worker killed")  # not caught: the row stays claimed

    monkeypatch.setattr(outbox, "_send", die)
    with pytest.raises(SystemExit):
        outbox.deliver(sms.pk, now=now)
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == (Status.SENDING, 1)
    monkeypatch.undo()

    almost = now + outbox.SENDING_LEASE - timedelta(seconds=1)
    assert outbox.deliver_due(now=almost) == 0 and fake_gateway.sent == []
    assert outbox.deliver_due(now=now + outbox.SENDING_LEASE) == 1
    sms.refresh_from_db()
    assert (sms.status, sms.attempts) == (Status.SENT, 2)
    assert [m.key for m in fake_gateway.sent] == [str(sms.pk)]


@pytest.mark.django_db
def test_an_unexpected_error_while_sending_is_retried_like_a_carrier_error(
        mobile_customer, handler, category, monkeypatch) -> None:
    sms = _sms(_open(mobile_customer, handler, category))
    now = timezone.now()

    def broken(_message: OutboxMessage) -> str:
        raise ValueError("unreadable answer from the carrier")

    monkeypatch.setattr(outbox, "_send", broken)
    assert outbox.deliver(sms.pk, now=now) is False
    sms.refresh_from_db()
    assert sms.status == Status.PENDING and "unreadable" in sms.last_error
    assert sms.next_attempt_at == now + outbox.backoff(1)


# --- The real carriers of live updates and background work -------------------------------------

async def _receive(layer: RedisChannelLayer, channel: str, reference: str) -> dict[str, Any]:
    """The next message about this complaint (others may share the group)."""
    while True:
        message = await asyncio.wait_for(layer.receive(channel), timeout=5)
        if message.get("reference") == reference:
            return message


@pytest.mark.django_db
def test_board_updates_reach_the_boards_through_redis(customer, handler, category) -> None:
    layer = get_channel_layer()
    assert isinstance(layer, RedisChannelLayer)
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)("board.national", channel)
    try:
        ticket = _open(customer, handler, category)
        update = OutboxMessage.objects.filter(ticket=ticket, kind=BOARD).latest("pk")
        assert "board.national" in update.payload["groups"]
        assert outbox.deliver(update.pk) is True
        message = async_to_sync(_receive)(layer, channel, ticket.reference)
    finally:
        async_to_sync(layer.group_discard)("board.national", channel)
    assert message["type"] == "board.update"
    assert message["state"] == ticket.state == "assigned"
    assert OutboxMessage.objects.get(pk=update.pk).status == Status.SENT


@pytest.mark.django_db(transaction=True)
def test_a_celery_worker_on_redis_delivers_what_a_committed_change_queued(
        mobile_customer, handler, settings) -> None:
    settings.BACKGROUND_MODE = "celery"

    def close_worker_connection(**kwargs: Any) -> None:
        connection.close()  # in the worker's thread: leave no session behind

    task_postrun.connect(close_worker_connection, weak=False)
    try:
        with start_worker(celery_app, perform_ping_check=False, pool="solo",
                          loglevel="WARNING"):
            ticket = _open(mobile_customer, handler)  # commits, then queues the tasks
            sms = _sms(ticket)
            deadline = time.monotonic() + 15
            while (OutboxMessage.objects.filter(ticket=ticket, status=Status.PENDING).exists()
                   and time.monotonic() < deadline):
                time.sleep(0.1)
    finally:
        task_postrun.disconnect(close_worker_connection)
    assert set(OutboxMessage.objects.filter(ticket=ticket).values_list("status", flat=True)) \
        == {Status.SENT}
    assert [m.key for m in fake_gateway.sent] == [str(sms.pk)]


# --- Numbers opted out of notifications ----------------------------------------------------------

@pytest.mark.django_db
def test_no_notification_is_written_for_an_opted_out_number(mobile_customer, handler) -> None:
    set_sms_opt_out(phone="+212661000333", opted_out=True, channel="sms")
    sms = _sms(_open(mobile_customer, handler))
    assert (sms.status, sms.last_error) == (Status.SKIPPED, "opted out")
    assert outbox.deliver(sms.pk) is False and fake_gateway.sent == []


@pytest.mark.django_db
def test_a_number_opted_out_after_the_row_was_written_is_not_sent(mobile_customer,
                                                                  handler) -> None:
    sms = _sms(_open(mobile_customer, handler))
    assert sms.status == Status.PENDING
    set_sms_opt_out(phone="0661000333", opted_out=True, channel="counter")
    assert outbox.deliver(sms.pk) is False
    sms.refresh_from_db()
    assert (sms.status, sms.last_error) == (Status.SKIPPED, "opted out")
    assert outbox.deliver(sms.pk, now=timezone.now() + timedelta(days=1)) is False
    assert fake_gateway.sent == []


@pytest.mark.django_db
def test_an_answer_to_the_customer_s_own_message_is_sent_even_when_opted_out(
        mobile_customer) -> None:
    set_sms_opt_out(phone="+212661000333", opted_out=True, channel="sms")
    ticket = factories.TicketFactory(customer=mobile_customer)
    outbox.add_sms(ticket=ticket, event="reply", context={"text": "Bien reçu."}, answer=True)
    sms = _sms(ticket, "reply")
    assert outbox.deliver(sms.pk) is True
    assert [m.to for m in fake_gateway.sent] == ["+212661000333"]


@pytest.mark.django_db
def test_notifications_resume_once_the_number_opts_back_in(mobile_customer, handler) -> None:
    set_sms_opt_out(phone="+212661000333", opted_out=True, channel="sms")
    set_sms_opt_out(phone="+212661000333", opted_out=False, channel="web")
    sms = _sms(_open(mobile_customer, handler))
    assert outbox.deliver(sms.pk) is True
