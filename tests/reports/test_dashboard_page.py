"""The managers' dashboard page and its charts' files: who may see them, the charts' data
islands and tables, the filters given to the figures, the CSV and Excel contents."""

from __future__ import annotations

import csv
import io
import json
import re

import openpyxl
import pytest
from django.test import Client

from contactcenter.org.models import Agent
from contactcenter.reports.models import ExportLog
from tests import factories
from tests.conftest import client_for

URL = "/reports/"


def _island(body: str, slug: str) -> dict:
    found = re.search(rf'<script id="chart-data-{slug}" type="application/json">(.*?)</script>',
                      body, re.S)
    assert found, f"no data island for {slug}"
    return json.loads(found.group(1))


@pytest.mark.django_db
@pytest.mark.parametrize("url", [URL, "/reports/charts/delays.csv",
                                 "/reports/charts/delays.xlsx"])
def test_the_signed_out_are_sent_to_the_login(url: str, fake_figures) -> None:
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Agent.Role.FRONT_OFFICE, Agent.Role.BACK_OFFICE,
                                  Agent.Role.CALL_CENTRE])
@pytest.mark.parametrize("url", [URL, "/reports/charts/delays.csv",
                                 "/reports/charts/delays.xlsx"])
def test_agents_who_do_not_manage_are_refused(role: str, url: str, agency_a,
                                              fake_figures) -> None:
    direction = None if role == Agent.Role.FRONT_OFFICE else factories.DirectionFactory()
    agent = factories.AgentFactory(role=role, agency=agency_a, direction=direction)
    assert client_for(agent).get(url).status_code == 403
    assert fake_figures.calls == []


@pytest.mark.django_db
def test_the_page_shows_every_chart_with_its_data_table_and_files(administrator,
                                                                   fake_figures) -> None:
    response = client_for(administrator).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    for slug in ("received-resolved", "delays", "outcomes", "regions"):
        assert f'<canvas data-chart="chart-data-{slug}"' in body
        assert f'href="/reports/charts/{slug}.csv?period=last-12-months"' in body
        assert f'href="/reports/charts/{slug}.xlsx?period=last-12-months"' in body
    assert _island(body, "delays")["baseline"] == {"label": "Étude : 3 mois", "value": 90.0}
    assert _island(body, "received-resolved")["series"][1]["values"] == [800.0, 1020.5,
                                                                         None, 990.0]
    assert "<figcaption" in body and "Voir les chiffres" in body
    assert '<th scope="row">janv. 2026</th><td class="num">1\xa0234</td>' in body
    assert "Par mois d&#x27;ouverture." in body
    assert "Toute la caisse" in body
    assert 'src="/static/vendor/chartjs/chart-4.6.1.umd.min.js"' in body
    assert ExportLog.objects.count() == 0  # aggregates: nothing personal, nothing logged


@pytest.mark.django_db
def test_the_page_says_the_period_and_slice_and_passes_them_to_the_figures(
        regional_manager, agency_a, fake_figures) -> None:
    response = client_for(regional_manager).get(URL, {
        "period": "custom", "start": "2026-01-01", "end": "2026-03-31",
        "agency": agency_a.pk, "channel": "sms"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Du 1 janvier 2026 au 31 mars 2026" in body
    assert f"{agency_a.name_fr} · Canal : SMS" in body
    assert "<title>Rapports · Du 1 janvier 2026 au 31 mars 2026" in body
    [filters] = fake_figures.calls
    assert (str(filters.start), str(filters.end)) == ("2026-01-01", "2026-03-31")
    assert filters.agency_id == agency_a.pk and filters.channel == "sms"
    assert filters.scope.region_ids == frozenset({agency_a.region_id})
    assert (f"/reports/charts/delays.csv?period=custom&amp;start=2026-01-01&amp;"
            f"end=2026-03-31&amp;agency={agency_a.pk}&amp;channel=sms") in body


@pytest.mark.django_db
def test_invalid_filters_show_the_errors_and_no_chart(regional_manager, agency_b,
                                                      fake_figures) -> None:
    response = client_for(regional_manager).get(URL, {"agency": agency_b.pk,
                                                      "period": "custom", "start": "2026-02-01",
                                                      "end": "2026-01-01"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "La période se termine avant de commencer." in body
    assert "hors de ce que vous pouvez voir" in body
    assert "<canvas" not in body and fake_figures.calls == []


@pytest.mark.django_db
def test_the_page_is_in_arabic_right_to_left(administrator, fake_figures) -> None:
    client = client_for(administrator)
    client.cookies["django_language"] = "ar"
    body = client.get(URL).content.decode()
    assert 'dir="rtl"' in body and 'data-locale="ar-MA"' in body
    assert "اطلع على الأرقام" in body


@pytest.mark.django_db
def test_the_menu_offers_the_reports_to_managers_only(supervisor, agent, fake_figures
                                                      ) -> None:
    assert 'href="/reports/"' in client_for(supervisor).get("/desk/").content.decode()
    assert 'href="/reports/"' not in client_for(agent).get("/desk/").content.decode()


@pytest.mark.django_db
def test_a_charts_csv_holds_its_table_with_the_same_filters(supervisor, agency_a,
                                                            fake_figures) -> None:
    response = client_for(supervisor).get("/reports/charts/delays.csv", {
        "period": "custom", "start": "2026-01-01", "end": "2026-04-30"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="delays-20260101-20260430.csv"')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows == [["Mois", "Médiane (jours)", "Étude : 3 mois (jours)"],
                    ["janv. 2026", "52", "90"], ["févr. 2026", "31.50", "90"],
                    ["mars 2026", "12", "90"], ["avr. 2026", "4", "90"]]
    [filters] = fake_figures.calls
    assert filters.scope.agency_ids == frozenset({agency_a.pk})
    assert ExportLog.objects.count() == 0


@pytest.mark.django_db
def test_a_charts_excel_file_holds_numbers_and_neutralised_texts(administrator,
                                                                 fake_figures) -> None:
    response = client_for(administrator).get("/reports/charts/regions.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "=Régions"
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Élément", "En retard (%)"], ["=Oriental", 45.5], ["Casablanca", 12]]
    assert sheet["A2"].data_type == "s"  # a text, never a formula


@pytest.mark.django_db
def test_a_missing_value_is_an_empty_cell(administrator, fake_figures) -> None:
    response = client_for(administrator).get("/reports/charts/received-resolved.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8")[1:])))
    assert rows[3] == ["mars 2026", "1100", ""]


@pytest.mark.django_db
def test_an_unknown_chart_is_not_found(administrator, fake_figures) -> None:
    assert client_for(administrator).get("/reports/charts/nothing.csv").status_code == 404
    assert client_for(administrator).get("/reports/charts/nothing.xlsx").status_code == 404


@pytest.mark.django_db
def test_a_chart_file_with_invalid_filters_is_refused_with_why(supervisor, agency_b,
                                                               fake_figures) -> None:
    response = client_for(supervisor).get("/reports/charts/delays.csv",
                                          {"agency": agency_b.pk})
    assert response.status_code == 400
    assert "hors de ce que vous pouvez voir" in response.content.decode()
    assert fake_figures.calls == []


@pytest.mark.django_db
def test_the_page_costs_a_few_queries_whatever_the_organisation(
        administrator, fake_figures, django_assert_max_num_queries) -> None:
    for number in range(6):
        agency = factories.AgencyFactory(region=factories.RegionFactory(code=f"DR-{number}"))
        factories.QueueFactory(agency=agency)
        factories.CategoryFactory()
    client = client_for(administrator)
    with django_assert_max_num_queries(14):
        assert client.get(URL).status_code == 200
