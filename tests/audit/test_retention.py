"""The log is append-only in the database itself; the purge alone deletes, and only what is
older than the retention."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from contactcenter.audit import services
from contactcenter.audit.models import AccessLogEntry
from contactcenter.background import run_job

pytestmark = pytest.mark.django_db


def _entry(*, days_ago: float) -> AccessLogEntry:
    return AccessLogEntry.objects.create(
        at=timezone.now() - timedelta(days=days_ago), user_id=1, username="agent",
        channel="desk", kind="customer", object_id="7", customer_id=7)


def test_the_database_refuses_to_change_an_entry() -> None:
    entry = _entry(days_ago=0)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).update(username="someone")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("UPDATE audit_accesslogentry SET customer_id = 8")
    entry.refresh_from_db()
    assert (entry.username, entry.customer_id) == ("agent", 7)


def test_the_database_refuses_to_delete_an_entry_even_an_old_one() -> None:
    old = _entry(days_ago=settings.ACCESS_LOG_RETENTION_DAYS + 30)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        old.delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_accesslogentry")
    assert AccessLogEntry.objects.filter(pk=old.pk).exists()


def test_the_purge_deletes_only_the_entries_past_the_retention(settings) -> None:
    settings.ACCESS_LOG_RETENTION_DAYS = 90
    old, older = _entry(days_ago=91), _entry(days_ago=400)
    kept = [_entry(days_ago=89), _entry(days_ago=0)]
    assert services.purge_access_log() == 2
    assert list(AccessLogEntry.objects.order_by("at")) == sorted(kept, key=lambda e: e.at)
    assert not AccessLogEntry.objects.filter(pk__in=[old.pk, older.pk]).exists()


def test_the_purge_setting_lasts_only_for_its_transaction(settings) -> None:
    settings.ACCESS_LOG_RETENTION_DAYS = 90
    services.purge_access_log()
    entry = _entry(days_ago=400)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        entry.delete()


def test_even_a_purge_cutoff_in_the_future_cannot_delete_todays_entries() -> None:
    recent = _entry(days_ago=0.5)
    cutoff = (timezone.now() + timedelta(days=1)).isoformat()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [services.PURGE_SETTING, cutoff])
        cursor.execute("DELETE FROM audit_accesslogentry")
    assert AccessLogEntry.objects.filter(pk=recent.pk).exists()


def test_the_purge_is_a_periodic_job(settings) -> None:
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    _entry(days_ago=31)
    assert settings.PERIODIC_JOBS["access_log_purge"][0] == \
        "contactcenter.audit.services.purge_access_log"
    run_job("access_log_purge")
    assert not AccessLogEntry.objects.exists()
