"""tickets.demo: the complaint categories, the demo complaints and the callback requests
close to their deadlines."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from contactcenter.board.selectors import BREACHED_Q, at_risk_q
from contactcenter.org.demo import seed_organisation
from contactcenter.org.models import Direction
from knowledge import triage_model
from tickets import demo, services
from tickets.escalation import sweep
from tickets.models import Category, OutboxMessage, State, Ticket, TicketEvent
from tickets.outbox import deliver_due

pytestmark = pytest.mark.django_db

ARABIC = re.compile(r"[\u0600-\u06FF]")
# These tests are about the recent complaints (tickets.demo_history has its own).
NO_HISTORY = {"history": 0, "activity_days": 0}


def _at_risk(tickets: list[Ticket], when) -> list[bool]:  # type: ignore[no-untyped-def]
    return [Ticket.objects.filter(at_risk_q(when), pk=t.pk).exists() for t in tickets]


def _breached(tickets: list[Ticket]) -> list[bool]:
    return [Ticket.objects.filter(BREACHED_Q, pk=t.pk).exists() for t in tickets]


def test_categories_cover_the_three_audiences_in_french_and_arabic() -> None:
    rows = demo.seed_categories(seed_organisation().queues)

    categories = Category.objects.all()
    assert len(rows) == categories.count() and all(row.pk for row in rows)
    assert set(categories.values_list("audience", flat=True)) == set(
        Category.Audience.values)
    for category in categories:
        assert category.label_fr and ARABIC.search(category.label_ar), category.code
    routed = categories.filter(default_queue__isnull=False).select_related(
        "default_queue__direction")
    assert routed.exists() and categories.filter(default_queue__isnull=True).exists()
    kinds = {category.code: category.default_queue.direction.kind for category in routed}
    # Callback requests go to the call centre, the other routed ones to headquarters.
    assert kinds.pop(demo.CALLBACK_CATEGORY) == Direction.Kind.CALL_CENTRE
    assert set(kinds.values()) == {Direction.Kind.BACK_OFFICE}


def test_seeding_the_categories_again_restores_them_without_duplicates() -> None:
    queues = seed_organisation().queues
    demo.seed_categories(queues)
    first = list(Category.objects.order_by("pk").values_list())
    Category.objects.filter(code=demo.CALLBACK_CATEGORY).update(label_fr="Changed",
                                                               is_active=False)

    demo.seed_categories(queues)

    assert list(Category.objects.order_by("pk").values_list()) == first


def test_callback_category_id_is_none_until_the_categories_are_loaded() -> None:
    assert demo.callback_category_id() is None

    demo.seed_categories(seed_organisation().queues)

    assert demo.callback_category_id() == Category.objects.get(code=demo.CALLBACK_CATEGORY).pk


def test_watch_deadlines_opens_nothing_without_the_demo() -> None:
    assert demo.watch_deadlines(now=timezone.now()) == []
    assert not Ticket.objects.exists()


def test_the_demo_has_complaints_in_every_stage_each_with_its_history() -> None:
    call_command("seed_demo", persons=300, employers=30, complaints=60, verbosity=0,
                 **NO_HISTORY)
    tickets = list(Ticket.objects.all())
    assert len(tickets) == 60 + len(demo.WATCH_AGES)
    states = {t.state for t in tickets}
    assert {State.ASSIGNED, State.IN_PROGRESS, State.RESOLVED} <= states
    assert Ticket.objects.filter(agency__code="CASA-ANFA", assignee__user__username="guichet"
                                 ).exists()
    untriaged = [t for t in tickets if t.category_id is None]
    # Every UNTRIAGED_SMS_EVERY-th SMS complaint waits for triage (the desk suggests one).
    assert untriaged and all(t.channel == "sms" and t.state == State.NEW for t in untriaged)
    assert triage_model.stored_at() is not None  # the suggestions learnt from the demo
    for ticket in tickets:
        last = TicketEvent.objects.filter(ticket=ticket, kind="transition").last()
        if ticket.category_id is None:
            assert last is None  # opened, nothing done yet
        else:
            assert last is not None and last.to_state == ticket.state
        assert ticket.customer.interactions.filter(ticket=ticket).exists()

    call_command("seed_demo", persons=300, employers=30, complaints=60, verbosity=0,
                 **NO_HISTORY)
    assert Ticket.objects.count() == 60 + len(demo.WATCH_AGES)


def test_a_watched_complaint_turns_at_risk_then_others_breach_within_minutes() -> None:
    call_command("seed_demo", persons=200, employers=20, complaints=10, verbosity=0,
                 **NO_HISTORY)
    seeded = timezone.now()
    # Youngest first: at risk in 2 minutes, breaching in 10, breaching in 4.
    first, ten, four = Ticket.objects.filter(
        category__code=demo.CALLBACK_CATEGORY).order_by("-created_at")
    sweep(now=seeded)  # the catch-up fires the 75 % levels already due
    assert _at_risk([first, ten, four], seeded) == [False, True, True]
    assert _breached([first, ten, four]) == [False, False, False]

    sweep(now=seeded + timedelta(minutes=3))
    assert _at_risk([first], seeded + timedelta(minutes=3)) == [True]
    assert _breached([first, ten, four]) == [False, False, False]
    sweep(now=seeded + timedelta(minutes=5))
    assert _breached([first, ten, four]) == [False, False, True]
    sweep(now=seeded + timedelta(minutes=11))
    assert _breached([first, ten, four]) == [False, True, True]
    sweep(now=seeded + timedelta(minutes=95))
    assert _breached([first, ten, four]) == [True, True, True]


def test_watching_again_opens_three_more_and_needs_the_demo() -> None:
    with pytest.raises(CommandError):
        call_command("seed_demo", watch_deadlines=True, verbosity=0)
    call_command("seed_demo", persons=200, employers=20, complaints=0, verbosity=0,
                 **NO_HISTORY)
    call_command("seed_demo", watch_deadlines=True, verbosity=0)
    assert Ticket.objects.filter(category__code=demo.CALLBACK_CATEGORY).count() == 3
    assert timezone.now() - Ticket.objects.latest("created_at").created_at < timedelta(hours=1)


def test_the_first_start_sends_nothing_for_the_demo_s_past(_fake_sms) -> None:
    """Seeding writes the notifications of the complaints' history (weeks old): they count
    as sent back then; the sweep and the outbox's catch-up of the first start send no SMS
    about them, only about the callback requests opened minutes ago."""
    call_command("seed_demo", persons=300, employers=30, complaints=60, verbosity=0,
                 **NO_HISTORY)
    old = set(Ticket.objects.exclude(category__code=demo.CALLBACK_CATEGORY)
              .values_list("pk", flat=True))
    assert OutboxMessage.objects.filter(ticket_id__in=old, kind="sms", status="sent").exists()
    _fake_sms.reset()
    first_start = timezone.now()
    sweep(now=first_start)  # the past's levels fired at seeding: only the watched ones now
    assert not TicketEvent.objects.filter(ticket_id__in=old, kind="escalation",
                                          at__gte=first_start).exists()
    # Those resolved long ago were closed at seeding: the closing job has nothing to close.
    assert services.close_resolved_tickets(now=first_start) == 0
    deliver_due(now=first_start)
    sent_now = OutboxMessage.objects.filter(kind="sms", sent_at__gte=first_start)
    assert len(_fake_sms.sent) == sent_now.count()  # every SMS of the first start is here,
    assert not {m.ticket_id for m in sent_now} & old  # none about the past
    assert not OutboxMessage.objects.filter(ticket_id__in=old, status="pending").exists()
