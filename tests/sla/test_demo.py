"""The quick start's complaints close to their deadlines: the board changes within minutes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from contactcenter.board.selectors import BREACHED_Q, at_risk_q
from sla import demo, services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def _at_risk(tickets: list[Ticket], when) -> list[bool]:  # type: ignore[no-untyped-def]
    return [Ticket.objects.filter(at_risk_q(when), pk=t.pk).exists() for t in tickets]


def _breached(tickets: list[Ticket]) -> list[bool]:
    return [Ticket.objects.filter(BREACHED_Q, pk=t.pk).exists() for t in tickets]


def test_a_watched_complaint_turns_at_risk_then_others_breach_within_minutes() -> None:
    call_command("seed_demo", persons=200, employers=20, complaints=10, verbosity=0)
    seeded = timezone.now()
    # Youngest first: at risk in 2 minutes, breaching in 10, breaching in 4.
    first, ten, four = Ticket.objects.filter(
        category__code=demo.CALLBACK_CATEGORY).order_by("-created_at")
    services.sweep(now=seeded)  # the catch-up fires the 75 % levels already due
    assert _at_risk([first, ten, four], seeded) == [False, True, True]
    assert _breached([first, ten, four]) == [False, False, False]

    services.sweep(now=seeded + timedelta(minutes=3))
    assert _at_risk([first], seeded + timedelta(minutes=3)) == [True]
    assert _breached([first, ten, four]) == [False, False, False]
    services.sweep(now=seeded + timedelta(minutes=5))
    assert _breached([first, ten, four]) == [False, False, True]
    services.sweep(now=seeded + timedelta(minutes=11))
    assert _breached([first, ten, four]) == [False, True, True]
    services.sweep(now=seeded + timedelta(minutes=95))
    assert _breached([first, ten, four]) == [True, True, True]


def test_watching_again_opens_three_more_and_needs_the_demo() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo", watch_deadlines=True, verbosity=0)
    call_command("seed_demo", persons=200, employers=20, complaints=0, verbosity=0)
    call_command("seed_demo", watch_deadlines=True, verbosity=0)
    assert Ticket.objects.filter(category__code=demo.CALLBACK_CATEGORY).count() == 3
    assert timezone.now() - Ticket.objects.latest("created_at").created_at < timedelta(hours=1)
