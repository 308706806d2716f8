"""The national working calendar as a row, so that administrators see and edit it like the
call centre's: the hours and Ramadan hours it stood for until now (the settings'
SLA_DEFAULT_HOURS, Monday to Friday, and SLA_RAMADAN_HOURS), so no deadline changes."""

from datetime import time

from django.conf import settings
from django.db import migrations


def _hours(text):
    start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    return start, end


def create_national_calendar(apps, schema_editor):
    ensure_national_calendar(apps.get_model("sla", "Calendar"),
                             apps.get_model("sla", "WorkingHours"))


def ensure_national_calendar(Calendar, WorkingHours):  # noqa: N803 (model classes)
    """The national calendar (no owner), unless there is one already."""
    if Calendar.objects.filter(agency__isnull=True, region__isnull=True,
                               is_call_centre=False).exists():
        return None
    ramadan = _hours(settings.SLA_RAMADAN_HOURS)
    calendar = Calendar.objects.create(
        name="Calendrier national", time_zone=settings.TIME_ZONE,
        ramadan_start=ramadan[0], ramadan_end=ramadan[1])
    WorkingHours.objects.bulk_create(
        WorkingHours(calendar=calendar, weekday=weekday, start=start, end=end)
        for weekday in range(5)
        for start, end in (_hours(text) for text in settings.SLA_DEFAULT_HOURS))
    return calendar


class Migration(migrations.Migration):
    dependencies = [("sla", "0002_national_default_policy")]
    operations = [migrations.RunPython(create_national_calendar, migrations.RunPython.noop)]
