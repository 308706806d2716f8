"""Five complaints of June 2026 whose figures are worked out by hand (in the comments), for
the figures', the API's and the dashboard's tests."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from contactcenter.reports import services
from tests import factories
from tickets import services as ticket_services
from tickets.models import OutboxMessage, State, TicketEvent

LOCAL = ZoneInfo("Africa/Casablanca")


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 6, day, hour, minute, tzinfo=LOCAL)


def _sms(ticket, *delivered: bool) -> None:
    for ok in delivered:
        OutboxMessage.objects.create(
            kind="sms", ticket=ticket, event="received", to="+212661000333",
            status=OutboxMessage.Status.SENT,
            delivery_status="delivered" if ok else "undelivered")


def june_complaints(agency_a, agency_b, category) -> dict:
    """Working hours 08:30-16:30, Monday to Friday (the built-in calendar); 8-12 June 2026
    hold no holiday."""
    resolved = {"state": State.RESOLVED, "explanation": "Réponse"}
    # T1: Mon 09:00 → first response 10:30 (1.5 h) → resolved Wed 09:00: 7.5 + 8 + 0.5 =
    # 16 business hours, 2 days; accepted, in time, both SMS delivered.
    t1 = factories.TicketFactory(agency=agency_a, category=category, channel="phone",
                                 created_at=_at(8, 9), first_responded_at=_at(8, 10, 30),
                                 resolved_at=_at(10, 9), outcome="accepted",
                                 resolution_due=_at(12, 16), **resolved)
    _sms(t1, True, True)
    # T2: Mon 10:00 → Fri 10:00: 6.5 + 8 + 8 + 8 + 1.5 = 32 h, 4 days; rejected, late,
    # one SMS undelivered.
    t2 = factories.TicketFactory(agency=agency_a, category=category, channel="sms",
                                 created_at=_at(8, 10), resolved_at=_at(12, 10),
                                 outcome="rejected", rule="Article 2", sla_breached=True,
                                 resolution_due=_at(10, 10), **resolved)
    _sms(t2, True, False)
    # T3: Tue, still open, escalated twice.
    factories.TicketFactory(agency=agency_a, category=category, channel="phone",
                            created_at=_at(9, 9), state=State.IN_PROGRESS, sla_level=2)
    # T4: Tue 09:00 → Thu 09:00: 7.5 + 8 + 0.5 = 16 h, 2 days; partly accepted, reopened
    # once before; no SMS.
    t4 = factories.TicketFactory(agency=agency_a, category=category, channel="counter",
                                 created_at=_at(9, 9), resolved_at=_at(11, 9),
                                 outcome="partly_accepted", **resolved)
    TicketEvent.objects.create(ticket=t4, kind="transition", action="reopen",
                               from_state="resolved", to_state="in_progress", at=_at(10, 12))
    # T5: in another region.
    factories.TicketFactory(agency=agency_b, category=category, channel="email",
                            created_at=_at(10, 9))
    # Two answers about T1 (insured persons): 4 and 2.
    for score in (4, 2):
        ticket_services.record_survey_answer(score=score, channel="sms", ticket=t1,
                                             answered_at=_at(11, 12))
    services.rebuild_all_figures()
    return {"t1": t1, "t2": t2, "t4": t4}
