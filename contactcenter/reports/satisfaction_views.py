"""The satisfaction barometer's pages: the charts with the dashboard's filters and the
customers' comments, and the printable quarterly report beside the study's figures."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from contactcenter.org.decorators import AgentRequest, agent_required
from contactcenter.org.selectors import scope_of
from contactcenter.reports import satisfaction_figures as figures
from contactcenter.reports import stats
from contactcenter.reports.dashboard_views import describe, shown_chart
from contactcenter.reports.filters import ReportFilters
from contactcenter.reports.forms import ReportFilterForm
from contactcenter.reports.quarters import BadQuarter, Quarter, last_full_quarter, parse_quarter
from tickets import reporting
from tickets.models import Category
from tickets.permissions import may_export_complaints

COMMENTS_PER_PAGE = 50
TOP_COMMENTS = 10


def _allowed(request: AgentRequest) -> None:
    if not may_export_complaints(request.agent):
        raise PermissionDenied("The satisfaction barometer is for supervisors and managers.")


def _comments(filters: ReportFilters) -> Any:
    return reporting.survey_comments(
        start=filters.start, end=filters.end, scope=filters.scope,
        region_id=filters.region_id, agency_id=filters.agency_id,
        category_id=filters.category_id, channel=filters.channel, audience=filters.audience)


@never_cache
@agent_required
def satisfaction(request: AgentRequest) -> HttpResponse:
    _allowed(request)
    form = ReportFilterForm(request.GET, agent=request.agent)
    if not form.is_valid():
        return render(request, "reports/satisfaction.html", {"form": form}, status=400)
    filters = form.filters()
    comments = Paginator(_comments(filters), COMMENTS_PER_PAGE).get_page(
        request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    with stats.one_reading():
        charts = [shown_chart(chart, query.urlencode())
                  for chart in figures.satisfaction_charts(filters)]
        scores, response = figures.total(filters), figures.response_share(filters)
    return render(request, "reports/satisfaction.html", {
        "form": form, "shown": describe(form), "charts": charts, "scores": scores,
        "response": response, "comments": comments, "query": query.urlencode()})


@dataclass(frozen=True)
class AudienceLine:
    label: str
    now: figures.Scores
    before: figures.Scores
    study: float


@dataclass(frozen=True)
class QuarterFigures:
    quarter: Quarter
    scores: figures.Scores
    response: figures.ResponseShare
    told_every_step: float | None


def _quarter_figures(quarter: Quarter, base: ReportFilters) -> QuarterFigures:
    filters = replace(base, start=quarter.start, end=quarter.end)
    told = stats.sums(filters, ["resolved", "told_every_step"])[0]
    return QuarterFigures(quarter, figures.total(filters), figures.response_share(filters),
                          figures.ResponseShare.share(told["told_every_step"],
                                                      told["resolved"]))


@never_cache
@agent_required
def satisfaction_quarter(request: AgentRequest) -> HttpResponse:
    _allowed(request)
    today = timezone.localdate()
    try:
        quarter = (parse_quarter(request.GET["quarter"], today=today)
                   if request.GET.get("quarter") else last_full_quarter(today))
    except BadQuarter as problem:
        return render(request, "reports/satisfaction_quarter.html",
                      {"problem": str(problem)}, status=400)
    base = ReportFilters(start=quarter.start, end=quarter.end, scope=scope_of(request.agent))
    before = replace(base, start=quarter.previous.start, end=quarter.previous.end)
    now_by, before_by = (figures.scores_by(base, "audience"),
                         figures.scores_by(before, "audience"))
    audiences = [AudienceLine(str(label), now_by.get(value, figures.Scores()),
                              before_by.get(value, figures.Scores()),
                              figures.STUDY_SATISFIED[value])
                 for value, label in Category.Audience.choices]
    return render(request, "reports/satisfaction_quarter.html", {
        "quarter": quarter, "current": _quarter_figures(quarter, base),
        "previous": _quarter_figures(quarter.previous, base), "audiences": audiences,
        "study_informed": figures.STUDY_INFORMED,
        "top_comments": _comments(base)[:TOP_COMMENTS],
        "earlier": quarter.previous, "later": (quarter.following
                                               if quarter.following.start <= today else None)})
