"""The dashboard's filters: presets and dates, what each role may choose, and clear errors
for a period or a choice that cannot be shown."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from contactcenter.org.models import Agent
from contactcenter.reports.forms import ReportFilterForm, months_before
from tests import factories

TODAY = date(2026, 12, 3)


def _form(agent: Agent, **data) -> ReportFilterForm:
    return ReportFilterForm(data, agent=agent, today=TODAY)


def _errors(form: ReportFilterForm) -> str:
    assert not form.is_valid()
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


@pytest.fixture
def world(agency_a, agency_b, region_a):
    """Agency A and a neighbour in region A, agency B in region B, a queue in each."""
    neighbour = factories.AgencyFactory(code="AG-N", region=region_a, name_fr="Agence voisine")
    return {"neighbour": neighbour,
            "queue_a": factories.QueueFactory(agency=agency_a, code="Q-A"),
            "queue_n": factories.QueueFactory(agency=neighbour, code="Q-N"),
            "queue_b": factories.QueueFactory(agency=agency_b, code="Q-B")}


def test_months_before_keeps_the_day_or_takes_the_months_last() -> None:
    assert months_before(date(2026, 12, 3), 12) == date(2025, 12, 3)
    assert months_before(date(2026, 5, 31), 3) == date(2026, 2, 28)
    assert months_before(date(2024, 3, 31), 1) == date(2024, 2, 29)


@pytest.mark.django_db
def test_without_filters_the_last_twelve_months_of_the_agents_scope(administrator) -> None:
    form = ReportFilterForm(None, agent=administrator, today=TODAY)
    filters = form.filters()
    assert (filters.start, filters.end) == (date(2025, 12, 4), TODAY)
    assert filters.scope.everything
    assert filters.region_id is None and filters.channel == ""


@pytest.mark.django_db
@pytest.mark.parametrize(("period", "start"), [
    ("last-30-days", date(2026, 11, 4)), ("last-3-months", date(2026, 9, 4)),
    ("this-year", date(2026, 1, 1)), ("two-years", date(2024, 12, 4))])
def test_each_preset_ends_today(administrator, period: str, start: date) -> None:
    filters = _form(administrator, period=period, start="2020-01-01").filters()
    assert (filters.start, filters.end) == (start, TODAY)


@pytest.mark.django_db
def test_dates_typed_without_a_preset_are_the_period(administrator) -> None:
    filters = _form(administrator, start="2026-03-01", end="2026-03-31").filters()
    assert (filters.start, filters.end) == (date(2026, 3, 1), date(2026, 3, 31))


@pytest.mark.django_db
def test_a_period_ending_before_it_starts_is_refused(administrator) -> None:
    form = _form(administrator, period="custom", start="2026-03-31", end="2026-03-01")
    assert _errors(form) == "La période se termine avant de commencer."
    assert "end" in form.errors


@pytest.mark.django_db
def test_a_period_over_three_years_is_refused(administrator) -> None:
    form = _form(administrator, period="custom", start="2023-03-01", end="2026-03-02")
    assert "plus de 3 ans" in _errors(form)
    assert _form(administrator, period="custom", start="2023-03-02",
                 end="2026-03-02").is_valid()


@pytest.mark.django_db
def test_a_future_date_is_refused(administrator) -> None:
    form = _form(administrator, period="custom", start="2026-11-01", end="2026-12-04")
    assert "dans le futur" in _errors(form)


@pytest.mark.django_db
def test_custom_dates_need_both_ends(administrator) -> None:
    form = _form(administrator, period="custom", start="2026-11-01")
    assert "les deux dates" in _errors(form)


@pytest.mark.django_db
def test_a_date_that_is_no_date_is_refused(administrator) -> None:
    form = _form(administrator, period="custom", start="31/02/2026", end="2026-03-01")
    assert "start" in form.errors


@pytest.mark.django_db
def test_national_staff_choose_any_region_agency_and_queue(administrator, world, agency_b
                                                          ) -> None:
    form = _form(administrator, region=str(agency_b.region_id), agency=str(agency_b.pk),
                 queue=str(world["queue_b"].pk), channel="sms", audience="employer")
    filters = form.filters()
    assert (filters.region_id, filters.agency_id, filters.queue_id) == (
        agency_b.region_id, agency_b.pk, world["queue_b"].pk)
    assert (filters.channel, filters.audience) == ("sms", "employer")
    assert len(form.fields["region"].choices) == 3  # "All" and both regions


@pytest.mark.django_db
def test_a_regional_manager_chooses_only_within_their_region(regional_manager, world,
                                                             agency_a, agency_b) -> None:
    form = _form(regional_manager)
    assert [label for _value, label in form.fields["region"].choices] == ["Indifférent",
                                                                           "Région A"]
    agencies = {value.instance for value, _label in list(form.fields["agency"].choices)[1:]}
    assert agencies == {agency_a, world["neighbour"]}
    assert "region" in _form(regional_manager, region=str(agency_b.region_id)).errors
    other = _form(regional_manager, agency=str(agency_b.pk))
    assert "hors de ce que vous pouvez voir" in _errors(other)
    assert "queue" in _form(regional_manager, queue=str(world["queue_b"].pk)).errors
    filters = _form(regional_manager, agency=str(world["neighbour"].pk)).filters()
    assert filters.agency_id == world["neighbour"].pk
    assert filters.scope.region_ids == frozenset({agency_a.region_id})


@pytest.mark.django_db
def test_an_agency_supervisor_chooses_only_their_agency(supervisor, world, agency_a) -> None:
    form = _form(supervisor)
    names = [field.name for field in form.slice_fields]
    assert "region" not in names and "agency" in names  # their agency, no region to choose
    assert len(form.fields["agency"].choices) == 2
    assert "agency" in _form(supervisor, agency=str(world["neighbour"].pk)).errors
    assert "queue" in _form(supervisor, queue=str(world["queue_n"].pk)).errors
    assert "region" in _form(supervisor, region=str(agency_a.region_id)).errors
    filters = _form(supervisor, agency=str(agency_a.pk), queue=str(world["queue_a"].pk)
                    ).filters()
    assert (filters.agency_id, filters.queue_id) == (agency_a.pk, world["queue_a"].pk)
    assert filters.scope.agency_ids == frozenset({agency_a.pk})


@pytest.mark.django_db
def test_an_agency_outside_the_region_chosen_is_refused(administrator, world, agency_a,
                                                        agency_b) -> None:
    form = _form(administrator, region=str(agency_a.region_id), agency=str(agency_b.pk))
    assert _errors(form) == "Cette agence n'est pas dans la direction régionale choisie."
    form = _form(administrator, agency=str(agency_a.pk), queue=str(world["queue_b"].pk))
    assert _errors(form) == "Cette file n'est pas une file de l'agence choisie."


@pytest.mark.django_db
def test_an_unknown_channel_or_category_is_refused(administrator) -> None:
    assert "channel" in _form(administrator, channel="pigeon").errors
    assert "category" in _form(administrator, category="987654").errors


@pytest.mark.django_db
def test_invalid_filters_give_no_report_filters(administrator) -> None:
    with pytest.raises(ValueError):
        _form(administrator, channel="pigeon").filters()


@pytest.mark.django_db
def test_a_choice_outside_the_scope_is_explained_in_the_pages_language(supervisor, agency_b
                                                                       ) -> None:
    with translation.override("ar"):
        assert "خارج ما يمكنك الاطلاع عليه" in _errors(_form(supervisor, agency=str(agency_b.pk)))
    assert "hors de ce que vous pouvez voir" in _errors(_form(supervisor,
                                                              agency=str(agency_b.pk)))
