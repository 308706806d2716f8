"""The managers' dashboard: the filters, every chart of the period and slice chosen (each
with its figures as a table), and each chart's data as a CSV or Excel file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format, get_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from contactcenter.org.decorators import AgentRequest, agent_required
from contactcenter.reports import figures
from contactcenter.reports.chart_files import chart_file
from contactcenter.reports.charts import Chart
from contactcenter.reports.forms import ReportFilterForm
from tickets.permissions import may_export_complaints


@dataclass(frozen=True)
class ShownChart:
    """A chart as the page shows it: its data for the script, its table, its files."""

    chart: Chart
    element_id: str
    headers: list[str]
    rows: list[list[str]]
    csv_url: str
    xlsx_url: str

    @property
    def data(self) -> dict[str, Any]:
        return self.chart.to_json()


def _allowed(request: AgentRequest) -> None:
    if not may_export_complaints(request.agent):
        raise PermissionDenied("Reports are for supervisors and managers.")


def _form(request: AgentRequest) -> ReportFilterForm:
    return ReportFilterForm(request.GET, agent=request.agent)


@never_cache
@agent_required
def dashboard(request: AgentRequest) -> HttpResponse:
    _allowed(request)
    form = _form(request)
    if not form.is_valid():
        return render(request, "reports/dashboard.html",
                      {"form": form, "charts": [], "shown": None}, status=400)
    filters = form.filters()
    query = _query(form)
    charts = [shown_chart(chart, query) for chart in figures.dashboard(filters)]
    return render(request, "reports/dashboard.html", {
        "form": form, "charts": charts, "shown": describe(form),
        # The charts' numbers grouped by thousands as the tables' are (French yes, Arabic no).
        "grouping": int(get_format("NUMBER_GROUPING")) > 0})


@never_cache
@agent_required
def chart_csv(request: AgentRequest, slug: str) -> HttpResponse:
    return _chart_file(request, slug, "csv")


@never_cache
@agent_required
def chart_xlsx(request: AgentRequest, slug: str) -> HttpResponse:
    return _chart_file(request, slug, "xlsx")


def _chart_file(request: AgentRequest, slug: str, format: str) -> HttpResponse:
    _allowed(request)
    form = _form(request)
    if not form.is_valid():
        problems = " ".join(str(message) for messages in form.errors.values()
                            for message in messages)
        return HttpResponseBadRequest(
            _("The filters are not valid, no file was made. %(problems)s")
            % {"problems": problems}, content_type="text/plain; charset=utf-8")
    filters = form.filters()
    try:
        chart = figures.chart(slug, filters)
    except KeyError:
        raise Http404("No such chart.") from None
    return chart_file(chart, filters, format)


def _query(form: ReportFilterForm) -> str:
    """The filters as the files' links repeat them (the period as dates when custom)."""
    return urlencode({name: value for name, value in form.data.items() if value})


def shown_chart(chart: Chart, query: str) -> ShownChart:
    """A chart as a page shows it: its data for the script, its table, and its files with
    the page's filters (`query`)."""
    headers, rows = chart.table()
    suffix = f"?{query}" if query else ""
    return ShownChart(
        chart=chart, element_id=f"chart-data-{chart.slug}", headers=headers, rows=rows,
        csv_url=reverse("reports:chart_csv", kwargs={"slug": chart.slug}) + suffix,
        xlsx_url=reverse("reports:chart_xlsx", kwargs={"slug": chart.slug}) + suffix)


@dataclass(frozen=True)
class Shown:
    """What the page says it shows: the period and the slice, in words."""

    period: str
    slice: str

    def __str__(self) -> str:
        return f"{self.period} · {self.slice}"


def describe(form: ReportFilterForm) -> Shown:
    data = form.cleaned_data
    period = _("From %(start)s to %(end)s") % {
        "start": date_format(data["start"], "DATE_FORMAT"),
        "end": date_format(data["end"], "DATE_FORMAT")}
    parts = []
    if data.get("region") is not None:
        regions = dict(form.fields["region"].choices)  # type: ignore[attr-defined]
        parts.append(str(regions.get(data["region"], "")))
    for name in ("agency", "queue", "category"):
        if data.get(name) is not None:
            parts.append(str(data[name]))
    for name in ("channel", "audience"):
        if data.get(name):
            choices = dict(form.fields[name].choices)  # type: ignore[attr-defined]
            parts.append(_("%(what)s: %(value)s") % {"what": form.fields[name].label,
                                                     "value": choices[data[name]]})
    return Shown(period=period, slice=" · ".join(parts) or _scope_in_words(form))


def _scope_in_words(form: ReportFilterForm) -> str:
    scope = form.scope
    if scope.everything:
        return _("The whole fund")
    agent = form.agent
    unit = agent.region if scope.region_ids else agent.agency
    return _("Your scope: %(unit)s") % {"unit": unit.name} if unit else _("Your scope")
