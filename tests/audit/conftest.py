from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db.models import QuerySet

from contactcenter.audit.models import AccessLogEntry
from contactcenter.org.models import Agent
from tests import factories
from tests.telephony.conftest import (  # noqa: F401 (fixtures shared with the call tests)
    call_centre_agent,
    call_centre_queue,
)


@pytest.fixture
def auditor() -> Agent:
    """An auditor: staff (signs into the administration), no agency, no queue."""
    return factories.AgentFactory(user__username="auditeur", user__is_staff=True,
                                  role=Agent.Role.AUDITOR, agency=None)


def only_entry() -> AccessLogEntry:
    """The one entry written (fails if there are none or several)."""
    entries = list(AccessLogEntry.objects.all())
    assert len(entries) == 1, entries
    return entries[0]


def permissions(app_label: str, *codenames: str) -> QuerySet[Permission]:
    return Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
