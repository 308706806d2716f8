"""A stand-in for contactcenter.reports.figures in the dashboard's tests: a few charts of
each kind, built in the active language, and the filters each call was given."""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

from django.utils.translation import gettext as _

from contactcenter.reports.charts import Baseline, Chart, Series
from contactcenter.reports.dashboard_views import FIGURES_MODULE
from contactcenter.reports.filters import ReportFilters

MONTHS = ["janv. 2026", "févr. 2026", "mars 2026", "avr. 2026"]


def sample_charts() -> list[Chart]:
    return [
        Chart(slug="received-resolved", title=_("Complaints"), kind="line", labels=MONTHS,
              series=[Series("Reçues", [1234.0, 980.0, 1100.0, 1010.0]),
                      Series("Résolues", [800.0, 1020.5, None, 990.0])],
              unit="réclamations", note="Par mois d'ouverture."),
        Chart(slug="delays", title="Délai médian", kind="bar", labels=MONTHS,
              series=[Series("Médiane", [52.0, 31.5, 12.0, 4.0])], unit="jours",
              baseline=Baseline("Étude : 3 mois", 90.0), axis="Mois", in_time=True),
        Chart(slug="outcomes", title="Issues", kind="stacked-bar", labels=["A", "B"],
              series=[Series("Acceptées", [10.0, 20.0]), Series("Rejetées", [5.0, 1.0])]),
        Chart(slug="regions", title="=Régions", kind="horizontal-bar",
              labels=["=Oriental", "Casablanca"], series=[Series("En retard", [45.5, 12.0])],
              unit="%"),
    ]


class FakeFigures(ModuleType):
    def __init__(self) -> None:
        super().__init__(FIGURES_MODULE)
        self.calls: list[ReportFilters] = []

    def dashboard(self, filters: ReportFilters) -> list[Chart]:
        self.calls.append(filters)
        return sample_charts()

    def chart(self, slug: str, filters: ReportFilters) -> Chart:
        self.calls.append(filters)
        return {chart.slug: chart for chart in sample_charts()}[slug]


def install(monkeypatch: Any) -> FakeFigures:
    """The fake answers `import contactcenter.reports.figures` until the test ends."""
    fake = FakeFigures()
    monkeypatch.setitem(sys.modules, FIGURES_MODULE, fake)
    return fake
