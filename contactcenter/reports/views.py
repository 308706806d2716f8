"""Exports of the complaints the desk's filters select, within what the agent may see:
streamed (constant memory), each one logged when its stream ends."""

from __future__ import annotations

from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpResponse, HttpResponseBadRequest, QueryDict, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from contactcenter.org.decorators import AgentRequest, agent_required
from contactcenter.reports import selectors, services
from contactcenter.reports.columns import Columns
from contactcenter.reports.models import ExportLog
from contactcenter.reports.streams import AsyncExportStream, ExportStream
from contactcenter.reports.writers import csv_chunks, xlsx_chunks
from tickets.filters import TicketFilter
from tickets.permissions import may_export_complaints

CONTENT_TYPES: dict[str, str] = {
    ExportLog.Format.CSV: "text/csv; charset=utf-8",
    ExportLog.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@never_cache
@agent_required
def complaints_csv(request: AgentRequest) -> HttpResponse:
    return _export(request, ExportLog.Format.CSV)


@never_cache
@agent_required
def complaints_xlsx(request: AgentRequest) -> HttpResponse:
    return _export(request, ExportLog.Format.XLSX)


def _export(request: AgentRequest, format: str) -> HttpResponse:
    agent = request.agent
    if not may_export_complaints(agent):
        raise PermissionDenied("Exports are for supervisors and managers.")
    filterset = TicketFilter(request.GET, queryset=selectors.exportable_tickets(agent))
    if not filterset.is_valid():
        return HttpResponseBadRequest(_filter_errors(filterset),
                                      content_type="text/plain; charset=utf-8")
    query = QueryDict(mutable=True)
    for name in filterset.form.fields:
        if name in request.GET:
            query.setlist(name, request.GET.getlist(name))
    columns = Columns.for_active_language()
    rows = selectors.export_rows(filterset.qs)
    chunks: Iterator[tuple[bytes, int]] = (
        csv_chunks(rows, columns) if format == ExportLog.Format.CSV
        else xlsx_chunks(rows, columns, sheet_name=_("Complaints")))

    def log(sent: int, completed: bool) -> None:
        services.log_export(agent=agent, format=format, query=query.urlencode(), rows=sent,
                            completed=completed)

    stream_class = AsyncExportStream if isinstance(request, ASGIRequest) else ExportStream
    response = StreamingHttpResponse(stream_class(chunks, log),
                                     content_type=CONTENT_TYPES[format])
    name = f"complaints-{timezone.localtime():%Y%m%d-%H%M}.{format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response  # type: ignore[return-value]  # served as any answer is


def _filter_errors(filterset: TicketFilter) -> str:
    form = filterset.form
    problems = [f"{form.fields[field].label if field in form.fields else field}: "
                f"{' '.join(str(message) for message in messages)}"
                for field, messages in form.errors.items()]
    return _("The filter is not valid, nothing was exported. %(problems)s") % {
        "problems": " ".join(problems)}
