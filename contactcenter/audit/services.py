"""Writing the access log, exporting it, purging what is past its retention.

Higher apps call `record_access` once a page, API answer or admin page has been allowed to
show personal data, before building it: the row is inserted in the request's own connection
(one prepared INSERT, no buffer), so a page is never shown without its entry, and an entry
is never lost with a process."""

from __future__ import annotations

import csv
import ipaddress
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, Protocol

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from contactcenter import bulk
from contactcenter.audit.models import AccessLogEntry, Action, Channel, Kind
from contactcenter.client_address import of_request
from contactcenter.org import selectors as org_selectors
from contactcenter.org.models import Agent

__all__ = ["Action", "Channel", "Kind", "client_address", "export_access_log",
           "purge_access_log", "record_access"]

EXPORT_COLUMNS = ["at", "username", "user_id", "role", "address", "channel", "kind", "action",
                  "object_id", "label", "customer_id", "detail"]


def client_address(request: Any) -> str | None:
    """Where the request came from (behind TRUSTED_PROXIES, the client they name); None
    when that is not an IP address (a server on a Unix socket)."""
    address = of_request(request)
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


def record_access(*, request: Any, channel: Channel, kind: Kind, object_id: object = "",
                  label: str = "", customer_id: int | None = None,
                  action: Action = Action.VIEW, detail: str = "",
                  agent: Agent | None = None) -> None:
    """Log that the signed-in user of `request` (a Django or REST framework request) is being
    shown personal data. `agent` is their profile when the caller has it (else it is read).
    No personal data in `label` or `detail`: numbers, references, counts."""
    user = request.user
    role = agent.role if agent is not None else _role_of(request)
    bulk.insert(AccessLogEntry(
        at=timezone.now(), user_id=user.pk, username=user.get_username(), role=role,
        address=client_address(request), channel=channel, kind=kind, action=action,
        object_id=str(object_id), label=label[:40], customer_id=customer_id,
        detail=detail[:120]))


def _role_of(request: Any) -> str:
    """The user's agent role ("" without a profile), once per request (admin pages)."""
    if not hasattr(request, "_access_log_role"):
        role = org_selectors.role_of_user(request.user.pk)
        request._access_log_role = role or ""
    known: str = request._access_log_role
    return known


class Writer(Protocol):
    def write(self, text: str, /) -> Any: ...


def export_access_log(*, entries: Iterable[AccessLogEntry], out: Writer, detail: str,
                      customer_id: int | None = None, request: HttpRequest | None = None,
                      exported_by: str = "") -> int:
    """Write the entries as CSV (UTF-8, one header row) and log the export itself: from the
    admin (`request`), or from the command line (`exported_by` names who ran it). Returns
    the number of entries written."""
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    for entry in entries:
        values = [getattr(entry, column) for column in EXPORT_COLUMNS]
        values[0] = timezone.localtime(entry.at).isoformat()
        writer.writerow(["" if value is None else value for value in values])
        count += 1
    detail = f"{count} exported; {detail}"[:120]
    if request is not None:
        record_access(request=request, channel=Channel.ADMIN, kind=Kind.EXPORT,
                      action=Action.EXPORT, label="access log", customer_id=customer_id,
                      detail=detail)
    else:
        bulk.insert(AccessLogEntry(
            at=timezone.now(), user_id=None, username=exported_by[:150], role="",
            address=None, channel=Channel.EXPORT, kind=Kind.EXPORT, action=Action.EXPORT,
            label="access log", customer_id=customer_id, detail=detail))
    return count


# The database refuses to delete an entry unless this transaction-local setting names a
# moment after it (and before now): only this function sets it. See migration 0001.
PURGE_SETTING = "audit.purge_before"


@transaction.atomic
def purge_access_log(*, now: datetime | None = None) -> int:
    """Delete the entries older than ACCESS_LOG_RETENTION_DAYS (periodic job). Returns how
    many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    table = connection.ops.quote_name(AccessLogEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [PURGE_SETTING, cutoff.isoformat()])
        cursor.execute(f"DELETE FROM {table} WHERE at < %s", [cutoff])
        deleted: int = cursor.rowcount
        cursor.execute("SELECT set_config(%s, '', true)", [PURGE_SETTING])
    return deleted
