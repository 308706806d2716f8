"""Who may read the access log, and its entries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from contactcenter.audit.models import AccessLogEntry
from contactcenter.org import selectors as org_selectors
from contactcenter.org.models import Agent

READER_ROLES = frozenset({Agent.Role.ADMINISTRATOR, Agent.Role.AUDITOR})


def may_read_access_log(request: Any) -> bool:
    """Signed-in staff who are site superusers, or administrators and auditors by their
    agent role (not by a Django permission: no group can widen it quietly). Read once per
    request: the admin asks on every page."""
    if not hasattr(request, "_may_read_access_log"):
        user = request.user
        request._may_read_access_log = bool(
            user.is_active and user.is_staff and (
                user.is_superuser
                or org_selectors.user_has_role(user.pk, READER_ROLES)))
    may: bool = request._may_read_access_log
    return may


def list_entries(*, customer_id: int | None = None, since: datetime | None = None,
                 until: datetime | None = None) -> QuerySet[AccessLogEntry]:
    """Entries, oldest first, about one customer record and within dates if given."""
    entries = AccessLogEntry.objects.order_by("at", "id")
    if customer_id is not None:
        entries = entries.filter(customer_id=customer_id)
    if since is not None:
        entries = entries.filter(at__gte=since)
    if until is not None:
        entries = entries.filter(at__lt=until)
    return entries
