"""Exports of complaint lists (/reports/complaints.csv and .xlsx): who may export, what rows
and columns, formula neutralising, the log of each export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from asgiref.sync import async_to_sync
from django.http import StreamingHttpResponse
from django.test import Client
from django.utils import timezone

from contactcenter.org.models import Agent
from contactcenter.reports import services
from contactcenter.reports.models import ExportLog
from contactcenter.reports.streams import AsyncExportStream, ExportStream
from tests import factories
from tests.conftest import client_for
from tickets.models import Ticket

CSV_URL = "/reports/complaints.csv"
XLSX_URL = "/reports/complaints.xlsx"


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _csv(response) -> list[list[str]]:
    text = _body(response).decode("utf-8")
    assert text.startswith("\ufeff")  # the byte-order mark Excel needs
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.fixture
def tickets(agency_a, agency_b, region_a):
    """Two complaints in agency A, one in another agency of region A, one in region B."""
    neighbour = factories.AgencyFactory(code="AG-N", region=region_a, name_fr="Agence voisine")
    return {
        "a1": factories.TicketFactory(agency=agency_a, priority=Ticket.Priority.HIGH,
                                      sla_elapsed=timedelta(hours=3, minutes=30),
                                      sla_breached=True),
        "a2": factories.TicketFactory(agency=agency_a, channel="counter"),
        "neighbour": factories.TicketFactory(agency=neighbour),
        "elsewhere": factories.TicketFactory(agency=agency_b),
    }


def _references(rows: list[list[str]]) -> set[str]:
    return {row[0] for row in rows[1:]}


@pytest.mark.django_db
def test_a_front_office_agent_may_not_export(agent, tickets) -> None:
    client = client_for(agent)
    assert client.get(CSV_URL).status_code == 403
    assert client.get(XLSX_URL).status_code == 403
    assert not ExportLog.objects.exists()


@pytest.mark.django_db
def test_the_signed_out_are_sent_to_sign_in() -> None:
    response = Client().get(CSV_URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_a_regional_manager_exports_their_region_only(regional_manager, tickets) -> None:
    rows = _csv(client_for(regional_manager).get(CSV_URL))
    assert _references(rows) == {tickets[k].reference for k in ("a1", "a2", "neighbour")}


@pytest.mark.django_db
def test_a_supervisor_exports_their_agency_only(supervisor, tickets) -> None:
    rows = _csv(client_for(supervisor).get(CSV_URL))
    assert _references(rows) == {tickets["a1"].reference, tickets["a2"].reference}


@pytest.mark.django_db
def test_an_administrator_exports_everything(administrator, tickets) -> None:
    rows = _csv(client_for(administrator).get(CSV_URL))
    assert _references(rows) == {ticket.reference for ticket in tickets.values()}


@pytest.mark.django_db
def test_the_desks_filters_apply(administrator, tickets, agency_a) -> None:
    client = client_for(administrator)
    rows = _csv(client.get(CSV_URL, {"agency": agency_a.pk, "channel": "counter"}))
    assert _references(rows) == {tickets["a2"].reference}
    rows = _csv(client.get(CSV_URL, {"priority": "high"}))
    assert _references(rows) == {tickets["a1"].reference}
    assert _csv(client.get(CSV_URL, {"opened_after": "2999-01-01"}))[1:] == []


@pytest.mark.django_db
def test_the_columns_in_french_without_customer_data(administrator, tickets) -> None:
    rows = _csv(client_for(administrator).get(CSV_URL, {"priority": "high"}))
    header, row = rows[0], rows[1]
    assert header[:3] == ["Référence", "Ouverte le", "Canal"]
    assert len(header) == len(row) == 18
    ticket = tickets["a1"]
    assert row[0] == ticket.reference
    assert row[1] == timezone.localtime(ticket.created_at).strftime("%Y-%m-%d %H:%M")
    assert row[3] == ticket.category.label_fr
    assert row[5] == ticket.agency.name_fr
    assert row[6] == ticket.agency.region.name_fr
    assert row[9] == "Haute"
    assert row[16] == "Oui" and row[17] == "3.50"
    text = ",".join(",".join(r) for r in rows)
    customer = ticket.customer
    for personal in (customer.last_name, customer.cin, customer.immatriculation):
        assert personal not in text


@pytest.mark.django_db
def test_the_headers_in_arabic(administrator, tickets) -> None:
    client = client_for(administrator)
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    rows = _csv(client.get(CSV_URL, {"priority": "high"}))
    assert rows[0][0] == "المرجع"
    assert rows[1][3] == tickets["a1"].category.label_ar


@pytest.mark.django_db
def test_formulas_are_neutralised_in_csv(administrator, agency_a) -> None:
    category = factories.CategoryFactory(label_fr="=HYPERLINK(\"http://x\")")
    hostile_agency = factories.AgencyFactory(name_fr="+33 Agence", region=agency_a.region)
    factories.TicketFactory(category=category, agency=hostile_agency)
    rows = _csv(client_for(administrator).get(CSV_URL))
    assert rows[1][3] == "'=HYPERLINK(\"http://x\")"
    assert rows[1][5] == "'+33 Agence"


@pytest.mark.django_db
def test_each_export_is_logged_with_who_the_filter_and_the_rows(
        administrator, tickets, agency_a) -> None:
    client = client_for(administrator)
    response = client.get(CSV_URL, {"agency": agency_a.pk, "page": "3", "scope": "all"})
    assert not ExportLog.objects.exists()  # written when the stream ends
    _body(response)
    log = ExportLog.objects.get()
    assert (log.agent, log.format, log.rows, log.completed) == (
        administrator, "csv", 2, True)
    assert log.query == f"agency={agency_a.pk}"  # the filter only


def test_an_export_cut_short_counts_what_was_written() -> None:
    """A chunk counts once the server asks for the next one (it wrote the previous); the
    server closes the response when the client goes away (Django's test client cannot play
    that: it closes the database connection with the response)."""
    ends: list[tuple[int, bool]] = []
    stream = ExportStream(iter([(b"a", 2), (b"b", 2), (b"c", 1)]),
                          lambda rows, completed: ends.append((rows, completed)))
    chunks = iter(stream)
    assert next(chunks) == b"a"
    assert next(chunks) == b"b"
    stream.close()
    stream.close()  # once only
    assert ends == [(2, False)]


def test_a_stream_never_started_is_logged_when_closed() -> None:
    ends: list[tuple[int, bool]] = []
    ExportStream(iter([(b"a", 2)]), lambda rows, completed: ends.append((rows, completed))
                 ).close()
    assert ends == [(0, False)]


def test_a_finished_stream_logs_every_row() -> None:
    ends: list[tuple[int, bool]] = []
    stream = ExportStream(iter([(b"a", 2), (b"b", 1)]),
                          lambda rows, completed: ends.append((rows, completed)))
    assert b"".join(stream) == b"ab"
    stream.close()
    assert ends == [(3, True)]


def test_an_asgi_server_reads_the_stream_chunk_by_chunk() -> None:
    ends: list[tuple[int, bool]] = []
    stream = AsyncExportStream(iter([(b"a", 2), (b"b", 1)]),
                               lambda rows, completed: ends.append((rows, completed)))

    async def read() -> list[bytes]:
        return [chunk async for chunk in stream]

    assert async_to_sync(read)() == [b"a", b"b"]
    assert ends == [(3, True)]
    # Django serves it as async (a sync iterator would be read whole into memory first).
    assert StreamingHttpResponse(AsyncExportStream(iter([]), lambda *_: None)).is_async
    assert not StreamingHttpResponse(ExportStream(iter([]), lambda *_: None)).is_async


@pytest.mark.django_db
def test_a_bad_filter_is_refused_with_why_and_not_logged(administrator, tickets) -> None:
    client = client_for(administrator)
    for params in ({"opened_after": "not-a-date"}, {"agency": "999999"},
                   {"state": "nonsense"}):
        response = client.get(CSV_URL, params)
        assert response.status_code == 400
        assert "nothing was exported" in response.content.decode() or (
            "rien n'a été exporté" in response.content.decode())
    assert client.get(XLSX_URL, {"opened_before": "31/02/2026"}).status_code == 400
    assert not ExportLog.objects.exists()


@pytest.mark.django_db
def test_the_xlsx_opens_and_holds_the_rows(administrator, tickets) -> None:
    response = client_for(administrator).get(XLSX_URL)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(_body(response)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "Référence"
    assert {row[0] for row in rows[1:]} == {ticket.reference for ticket in tickets.values()}
    a1 = next(row for row in rows if row[0] == tickets["a1"].reference)
    opened = timezone.localtime(tickets["a1"].created_at).replace(tzinfo=None)
    assert abs(a1[1] - opened) < timedelta(seconds=1)  # a date, in the fund's time zone
    assert a1[17] == 3.5
    log = ExportLog.objects.get()
    assert (log.format, log.rows, log.completed) == ("xlsx", 4, True)


@pytest.mark.django_db
def test_texts_stay_texts_in_xlsx(administrator, agency_a) -> None:
    factories.TicketFactory(category=factories.CategoryFactory(label_fr="=1+1"),
                            agency=agency_a)
    response = client_for(administrator).get(XLSX_URL)
    sheet = openpyxl.load_workbook(io.BytesIO(_body(response))).active
    cell = sheet.cell(row=2, column=4)
    assert cell.value == "=1+1" and cell.data_type == "s"


@pytest.mark.django_db
def test_the_queue_offers_the_exports_with_its_filters(supervisor, agent) -> None:
    page = client_for(supervisor).get("/desk/", {"scope": "all", "priority": "high"})
    assert 'href="/reports/complaints.csv?scope=all&amp;priority=high"' in page.content.decode()
    assert "/reports/" not in client_for(agent).get("/desk/").content.decode()


@pytest.mark.django_db
def test_the_log_refuses_a_bad_count(administrator) -> None:
    with pytest.raises(ValueError):
        services.log_export(agent=administrator, format="pdf", query="", rows=1,
                            completed=True)
    with pytest.raises(ValueError):
        services.log_export(agent=administrator, format="csv", query="", rows=-1,
                            completed=True)
    assert not ExportLog.objects.exists()
    assert Agent.objects.filter(pk=administrator.pk).exists()
