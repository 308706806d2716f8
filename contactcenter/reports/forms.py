"""The dashboard's filters: a period (a preset or two dates) and a slice of the fund, offered
only within what the agent may see (contactcenter.org.selectors.scope_of)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from contactcenter.customers.models import Channel
from contactcenter.org import selectors as org_selectors
from contactcenter.org.models import Agency, Agent, Queue
from contactcenter.org.selectors import Scope, scope_of
from contactcenter.reports.filters import ReportFilters
from tickets import selectors as ticket_selectors
from tickets.filters import DAY_VALIDATORS
from tickets.models import Category

MAX_YEARS = 3
CUSTOM = "custom"
DEFAULT_PERIOD = "last-12-months"
ANY = pgettext_lazy("any value of a filter", "All")
SLICE_FIELDS = ("region", "agency", "queue", "category", "channel", "audience")


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the month's last day when it has no such day)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")


# Each preset ends today; its start from today.
PRESETS: dict[str, tuple[Any, Callable[[date], date]]] = {
    "last-30-days": (_("Last 30 days"), lambda today: today - timedelta(days=29)),
    "last-3-months": (_("Last 3 months"),
                      lambda today: months_before(today, 3) + timedelta(days=1)),
    DEFAULT_PERIOD: (_("Last 12 months"),
                     lambda today: months_before(today, 12) + timedelta(days=1)),
    "this-year": (_("This year"), lambda today: date(today.year, 1, 1)),
    "two-years": (_("Last two years"),
                  lambda today: months_before(today, 24) + timedelta(days=1)),
}


class ScopedChoiceField(forms.ModelChoiceField):
    """A region, agency or queue among those the agent may see, by its localized name."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


def _outside_message(what: Any) -> str:
    return gettext("Choose %(what)s from the list: this one is unknown or outside what you "
                   "may see.") % {"what": what}


def _outside(what: Any) -> dict[str, Any]:
    """The error for a choice not offered, in the language of the page that shows it."""
    return {"invalid_choice": lazy(_outside_message, str)(what)}


class ReportFilterForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"), required=False,
        choices=[*((slug, label) for slug, (label, _start) in PRESETS.items()),
                 (CUSTOM, _("Dates chosen below"))])
    start = forms.DateField(label=_("From"), required=False, validators=DAY_VALIDATORS,
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label=_("To"), required=False, validators=DAY_VALIDATORS,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    region = forms.TypedChoiceField(label=_("Regional direction"), required=False, coerce=int,
                                    empty_value=None,
                                    error_messages=_outside(_("a regional direction")))
    agency = ScopedChoiceField(label=_("Agency"), required=False,
                               queryset=org_selectors.agencies().none(), empty_label=ANY,
                               error_messages=_outside(_("an agency")))
    queue = ScopedChoiceField(label=_("Queue"), required=False,
                              queryset=org_selectors.queues().none(), empty_label=ANY,
                              error_messages=_outside(_("a queue")))
    category = ScopedChoiceField(label=_("Category"), required=False,
                                 queryset=ticket_selectors.all_categories().none(),
                                 empty_label=ANY, error_messages=_outside(_("a category")))
    channel = forms.ChoiceField(label=_("Channel"), required=False,
                                choices=[("", ANY), *Channel.choices])
    audience = forms.ChoiceField(label=_("Audience"), required=False,
                                 choices=[("", ANY), *Category.Audience.choices])

    def __init__(self, data: Mapping[str, Any] | None = None, *, agent: Agent,
                 today: date | None = None) -> None:
        """Unfiltered (no data, or no field of this form in it): the default period."""
        # A QueryDict gives each name's last value; other parameters are not the report's.
        given = {name: value for name, value in (data or {}).items() if name in self.base_fields}
        super().__init__(given or {"period": DEFAULT_PERIOD})
        self.agent = agent
        self.scope = scope_of(agent)
        self.today = today or timezone.localdate()
        agencies = _agencies_in(self.scope)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["region"].choices = [  # type: ignore[attr-defined]
            ("", ANY), *_regions_of(self.scope, agencies)]
        self.fields["queue"].queryset = _queues_in(self.scope)  # type: ignore[attr-defined]
        self.fields["category"].queryset = ticket_selectors.all_categories().all()  # type: ignore[attr-defined]

    @property
    def slice_fields(self) -> list[forms.BoundField]:
        """The fields choosing the part of the fund, those with a choice besides "All" (an
        agency's supervisor picks no region)."""
        return [self[name] for name in SLICE_FIELDS
                if len(self.fields[name].choices) > 1]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        period = data.get("period") or (CUSTOM if data.get("start") or data.get("end")
                                         else DEFAULT_PERIOD)
        data["period"] = period
        if period != CUSTOM:
            data["end"] = self.today
            data["start"] = PRESETS[period][1](self.today)
        else:
            self._check_dates(data)
        self._check_slice(data)
        return data

    def _check_dates(self, data: dict[str, Any]) -> None:
        start, end = data.get("start"), data.get("end")
        for name, day in (("start", start), ("end", end)):
            if day is None and name not in self.errors:
                self.add_error(name, _("Give both dates, or choose a preset period."))
            elif day is not None and day > self.today:
                self.add_error(name, _("This date is in the future: the figures stop today."))
        if start is None or end is None or {"start", "end"} & set(self.errors):
            return
        if end < start:
            self.add_error("end", _("The period ends before it starts."))
        elif start < months_before(end, 12 * MAX_YEARS):
            self.add_error(None, _("The period is longer than %(years)d years: choose a "
                                   "shorter one.") % {"years": MAX_YEARS})

    def _check_slice(self, data: dict[str, Any]) -> None:
        region, agency, queue = data.get("region"), data.get("agency"), data.get("queue")
        if region is not None and agency is not None and agency.region_id != region:
            self.add_error("agency", _("This agency is not in the regional direction chosen."))
        if agency is not None and queue is not None and queue.agency_id != agency.pk:
            self.add_error("queue", _("This queue is not one of the agency chosen."))

    def filters(self) -> ReportFilters:
        """What the figures are asked for; only once the form is valid."""
        if not self.is_valid():
            raise ValueError("The report's filters are not valid.")
        data = self.cleaned_data
        return ReportFilters(
            start=data["start"], end=data["end"], scope=self.scope,
            region_id=data.get("region"), agency_id=_pk(data.get("agency")),
            queue_id=_pk(data.get("queue")), category_id=_pk(data.get("category")),
            channel=data.get("channel") or "", audience=data.get("audience") or "")


def _pk(value: Any) -> int | None:
    return None if value is None else int(value.pk)


def _agencies_in(scope: Scope) -> QuerySet[Agency]:
    agencies = org_selectors.agencies().select_related("region")
    if scope.everything:
        return agencies
    return agencies.filter(Q(region_id__in=scope.region_ids) | Q(pk__in=scope.agency_ids))


def _regions_of(scope: Scope, agencies: QuerySet[Agency]) -> list[tuple[int, str]]:
    """The regions of the agencies offered, by name: all of them for national staff, a
    regional manager's own, none for an agency's staff (their agency says it)."""
    if not (scope.everything or scope.region_ids):
        return []
    names = {agency.region_id: agency.region.name for agency in agencies}
    return sorted(names.items(), key=lambda item: item[1])


def _queues_in(scope: Scope) -> QuerySet[Queue]:
    queues = org_selectors.queues()
    if scope.everything:
        return queues
    return queues.filter(Q(agency__region_id__in=scope.region_ids)
                         | Q(agency_id__in=scope.agency_ids) | Q(pk__in=scope.queue_ids))
