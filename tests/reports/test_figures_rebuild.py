"""The figures rebuilt from every complaint (summed in SQL from the complaints' facts) equal
the figures counted again in Python, and those kept up to date change by change, whatever the
sequence of changes (property-based)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from contactcenter.reports import facts, services, upkeep
from contactcenter.reports.models import ComplaintFact
from contactcenter.reports.models.complaint_stats import ALL_CATEGORIES, ALL_CHANNELS
from tests.reports.test_figures_upkeep import STEPS, _advance, _deliver, _now, _rounded
from tickets import services as ticket_services
from tickets.escalation import sweep
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(steps=STEPS)
def test_rebuilt_figures_equal_those_kept_and_a_full_recount(steps, mobile_customer, handler,
                                                             category) -> None:
    tickets: list[Ticket] = []
    services.update_figures(now=_now())
    for step in steps:
        if step[0] == "open":
            tickets.append(ticket_services.open_complaint(
                customer=mobile_customer, channel=step[1], by=handler, category=category,
                description="Allocations non reçues", now=_now()))
        elif step[0] == "advance" and tickets:
            _advance(tickets[step[1] % len(tickets)], handler, step[2])
        elif step[0] == "deliver" and tickets:
            _deliver(tickets[step[1] % len(tickets)], step[2])
        elif step[0] == "later":
            for _hour in range(step[1] // 8):
                _now()
            sweep(now=_now())
    services.update_figures(now=_now())
    kept = _rounded(upkeep.stored_figures())
    facts = set(ComplaintFact.objects.values_list())

    assert services.rebuild_figures(now=_now()) == Ticket.objects.count()
    assert _rounded(upkeep.stored_figures()) == kept == _rounded(upkeep.recounted_figures())
    assert set(ComplaintFact.objects.values_list()) == facts
    _assert_same_figures(_every_slice(kept), _summed_over_slices(kept))


def _assert_same_figures(found: dict, expected: dict) -> None:
    """Equal, but for the last digits of sums of hours added in another order."""
    assert found.keys() == expected.keys()
    for key, measures in found.items():
        for name, value in measures.items():
            assert value == pytest.approx(expected[key][name], abs=1e-4), (key, name)


def _every_slice(figures: dict) -> dict:
    return {key: measures for key, measures in figures.items()
            if key[6] == ALL_CATEGORIES}


def _summed_over_slices(figures: dict) -> dict:
    """The rows by region and of the whole fund added up over their categories and
    channels, by hand: what the rows over every slice must hold."""
    sums: dict = {}
    for key, measures in figures.items():
        grain, day, by_agency, region, _agency, _queue, category, audience, _channel = key
        if by_agency or category == ALL_CATEGORIES:
            continue
        total = sums.setdefault((grain, day, False, region, 0, 0, ALL_CATEGORIES, audience,
                                 ALL_CHANNELS), facts.zero())
        facts.add(total, measures, 1)
    return sums


def test_a_rebuild_with_no_complaint_leaves_no_figure() -> None:
    assert services.rebuild_figures(now=_now()) == 0
    assert upkeep.stored_figures() == {}
