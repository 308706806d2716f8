"""The service-level admin: every page loads, and a calendar change is used at once."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from sla import selectors
from sla.models import (
    Calendar,
    EscalationLevel,
    HolidayOverride,
    SlaPolicy,
    SpecialPeriod,
    WorkingHours,
)

pytestmark = pytest.mark.django_db
SLA_MODELS = [Calendar, HolidayOverride, SpecialPeriod, SlaPolicy]
CASA = ZoneInfo("Africa/Casablanca")




@pytest.fixture
def national() -> Calendar:
    # (in place of the national calendar the migrations create: known hours for the tests)
    Calendar.objects.filter(agency=None, region=None, is_call_centre=False).delete()
    calendar = Calendar.objects.create(name="National")
    for weekday in range(5):
        WorkingHours.objects.create(calendar=calendar, weekday=weekday, start="08:30",
                                    end="16:30")
    SpecialPeriod.objects.create(calendar=calendar, name="Ramadan", start_date=date(2026, 2, 18),
                                 end_date=date(2026, 3, 19), start="09:00", end="15:00")
    HolidayOverride.objects.create(calendar=calendar, date=date(2026, 5, 6), action="add",
                                   name="Journée de test")
    return calendar


def _url(model: type, view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_service_level_model_is_in_the_admin() -> None:
    registered = set(admin.site._registry)
    assert set(SLA_MODELS) <= registered
    inlines = {inline.model for model in (Calendar, SlaPolicy)
               for inline in admin.site._registry[model].inlines}
    assert {WorkingHours, SpecialPeriod, EscalationLevel} <= inlines


@pytest.mark.parametrize("model", SLA_MODELS, ids=lambda m: m.__name__)
def test_each_changelist_add_and_change_page_loads(superuser_client: Client, national,
                                                   model: type) -> None:
    assert superuser_client.get(_url(model, "changelist")).status_code == 200
    add = superuser_client.get(_url(model, "add"))
    assert add.status_code == 200
    obj = model._default_manager.first()
    assert superuser_client.get(_url(model, "change", obj.pk)).status_code == 200


def test_calendar_pages_say_when_other_processes_see_a_change(superuser_client: Client,
                                                              national) -> None:
    for model in (Calendar, HolidayOverride, SpecialPeriod):
        html = superuser_client.get(_url(model, "add")).content.decode()
        assert "5 minutes" in html  # in the language of the page


def _works_on_6_may() -> bool:
    """Whether Wednesday 6 May 2026 is a working day on the national calendar, as cached."""
    calendar = selectors.business_calendar(agency_id=None, region_id=None,
                                           today=date(2026, 5, 1))
    return calendar.is_working(datetime(2026, 5, 6, 10, 0, tzinfo=CASA))


def test_saving_a_holiday_correction_is_used_at_once(superuser_client: Client,
                                                     national) -> None:
    assert not _works_on_6_may()  # cached with the day off
    override = HolidayOverride.objects.get()
    response = superuser_client.post(_url(HolidayOverride, "change", override.pk), {
        "date": "2026-05-07", "action": "add", "name": "Journée de test (déplacée)",
        "calendar": national.pk})
    assert response.status_code == 302
    assert _works_on_6_may()


def test_deleting_a_holiday_correction_is_used_at_once(superuser_client: Client,
                                                       national) -> None:
    assert not _works_on_6_may()
    override = HolidayOverride.objects.get()
    response = superuser_client.post(_url(HolidayOverride, "delete", override.pk),
                                     {"post": "yes"})
    assert response.status_code == 302
    assert _works_on_6_may()


def test_changing_hours_in_a_calendar_inline_is_used_at_once(superuser_client: Client,
                                                             national) -> None:
    friday = datetime(2026, 4, 17, 17, 0, tzinfo=CASA)
    assert not selectors.business_calendar(agency_id=None, region_id=None,
                                           today=friday.date()).is_working(friday)
    hours = list(national.hours.order_by("weekday"))
    data = {"name": "National", "time_zone": "Africa/Casablanca",
            "hours-TOTAL_FORMS": "5", "hours-INITIAL_FORMS": "5",
            "special_periods-TOTAL_FORMS": "0", "special_periods-INITIAL_FORMS": "0",
            "holiday_overrides-TOTAL_FORMS": "0", "holiday_overrides-INITIAL_FORMS": "0"}
    for n, item in enumerate(hours):
        data.update({f"hours-{n}-id": item.pk, f"hours-{n}-calendar": national.pk,
                     f"hours-{n}-weekday": item.weekday, f"hours-{n}-start": "08:30",
                     f"hours-{n}-end": "18:00" if item.weekday == 4 else "16:30"})
    response = superuser_client.post(_url(Calendar, "change", national.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert selectors.business_calendar(agency_id=None, region_id=None,
                                       today=friday.date()).is_working(friday)


def test_adding_a_special_period_is_used_at_once(superuser_client: Client, national) -> None:
    evening = datetime(2026, 6, 10, 16, 0, tzinfo=CASA)
    assert selectors.business_calendar(agency_id=None, region_id=None,
                                       today=evening.date()).is_working(evening)
    response = superuser_client.post(_url(SpecialPeriod, "add"), {
        "name": "Été", "start_date": "2026-06-01", "end_date": "2026-08-31",
        "start": "08:00", "end": "15:00"})
    assert response.status_code == 302
    assert not selectors.business_calendar(agency_id=None, region_id=None,
                                           today=evening.date()).is_working(evening)


def test_the_national_calendar_is_in_the_admin_with_its_hours(superuser_client: Client) -> None:
    """The migrations create it with the hours it stood for (settings.SLA_DEFAULT_HOURS)."""
    calendar = Calendar.objects.get(agency=None, region=None, is_call_centre=False)
    assert [(h.weekday, h.start.isoformat(), h.end.isoformat())
            for h in calendar.hours.order_by("weekday")] == [
        (weekday, "08:30:00", "16:30:00") for weekday in range(5)]
    Calendar.objects.create(name="Appels 24 h", is_call_centre=True)
    listing = superuser_client.get(_url(Calendar, "changelist")).content.decode()
    assert listing.index(f">{calendar.name}<") < listing.index(">Appels 24 h<")
    assert "national" in listing
    page = superuser_client.get(_url(Calendar, "change", calendar.pk)).content.decode()
    assert 'name="hours-0-start"' in page and 'name="special_periods-TOTAL_FORMS"' in page
    assert 'name="holiday_overrides-TOTAL_FORMS"' in page


def test_the_national_calendar_is_editable_and_used_at_once(superuser_client: Client) -> None:
    calendar = Calendar.objects.get(agency=None, region=None, is_call_centre=False)
    friday = datetime(2026, 4, 17, 17, 0, tzinfo=CASA)
    assert not selectors.business_calendar(agency_id=None, region_id=None,
                                           today=friday.date()).is_working(friday)
    data = {"name": calendar.name, "time_zone": "Africa/Casablanca",
            "ramadan_start": "09:00", "ramadan_end": "15:00",
            "hours-TOTAL_FORMS": "5", "hours-INITIAL_FORMS": "5",
            "special_periods-TOTAL_FORMS": "0", "special_periods-INITIAL_FORMS": "0",
            "holiday_overrides-TOTAL_FORMS": "1", "holiday_overrides-INITIAL_FORMS": "0",
            "holiday_overrides-0-date": "2026-05-06", "holiday_overrides-0-action": "add",
            "holiday_overrides-0-name": "Journée nationale"}
    for n, item in enumerate(calendar.hours.order_by("weekday")):
        data.update({f"hours-{n}-id": item.pk, f"hours-{n}-calendar": calendar.pk,
                     f"hours-{n}-weekday": item.weekday, f"hours-{n}-start": "08:30",
                     f"hours-{n}-end": "18:00" if item.weekday == 4 else "16:30"})
    response = superuser_client.post(_url(Calendar, "change", calendar.pk), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    national = selectors.business_calendar(agency_id=None, region_id=None,
                                           today=friday.date())
    assert national.is_working(friday)
    assert not national.is_working(datetime(2026, 5, 6, 10, 0, tzinfo=CASA))
