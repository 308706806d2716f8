"""A regional manager opens the dashboard: every chart is drawn (Chart.js, no script error,
nothing the Content-Security-Policy refuses), in French left to right and in Arabic right to
left with time flowing from the right."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from contactcenter.org.models import Agent
from tests import factories
from tests.e2e.conftest import new_tab
from tests.reports.fake_figures import install, sample_charts

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Per canvas: whether Chart.js drew it, its datasets, its x axis reversed, pixels painted.
_DRAWN = """() => Array.from(document.querySelectorAll("canvas[data-chart]")).map((canvas) => {
  const chart = window.Chart.getChart(canvas);
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted += 1;
  return {slug: canvas.dataset.chart, drawn: Boolean(chart),
          datasets: chart ? chart.data.datasets.length : 0,
          reversed: chart ? Boolean(chart.options.scales.x.reverse) : null,
          width: canvas.getBoundingClientRect().width, painted};
})"""


def _open_dashboard(page: Page, base: str) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # The live server (WSGI) has no /ws/desk/ nor favicon: their 404s are not the page's.
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and not any(
                text in message.text for text in ("Failed to load resource", "/ws/desk/"))
            else None)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "manager")
    page.fill("input[name=password]", "pass-for-tests")
    page.locator("form:has(input[name=password]) [type=submit]").click()
    expect(page.locator(".whoami-name")).to_be_visible()
    page.goto(f"{base}/reports/")
    expect(page.locator("html")).to_have_attribute("data-charts-drawn", "4")
    return errors


@pytest.fixture
def manager(region_a) -> Agent:
    return factories.AgentFactory(user__username="manager", role=Agent.Role.REGIONAL_MANAGER,
                                  agency=None, region=region_a)


def test_the_dashboard_draws_every_chart_in_french(page: Page, live_server, manager,
                                                   monkeypatch) -> None:
    install(monkeypatch)
    errors = _open_dashboard(page, live_server.url)
    drawn = page.evaluate(_DRAWN)
    expected = {chart.slug: len(chart.series) + (chart.baseline is not None)
                for chart in sample_charts()}
    assert {item["slug"].removeprefix("chart-data-"): item["datasets"] for item in drawn} == (
        expected)
    assert all(item["drawn"] and item["painted"] > 1000 and item["width"] > 300
               for item in drawn), drawn
    assert not any(item["reversed"] for item in drawn)
    page.locator("#chart-delays summary").click()
    expect(page.locator("#chart-delays .report-figures table")).to_contain_text("52")
    page.emulate_media(media="print")  # printed: no menu nor filters, each table shown
    expect(page.locator("#report-filters")).to_be_hidden()
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.locator("#chart-regions .report-print-table table")).to_be_visible()
    expect(page.locator(".report-shown")).to_contain_text("Votre périmètre")
    assert errors == []


def test_the_dashboard_runs_right_to_left_in_arabic(browser: Browser, live_server, manager,
                                                    monkeypatch) -> None:
    install(monkeypatch)
    page = new_tab(browser, locale="ar-MA")
    try:
        errors = _open_dashboard(page, live_server.url)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        drawn = {item["slug"].removeprefix("chart-data-"): item
                 for item in page.evaluate(_DRAWN)}
        assert all(item["drawn"] and item["painted"] > 1000 for item in drawn.values())
        assert drawn["received-resolved"]["reversed"] is True  # time flows from the right
        assert drawn["regions"]["reversed"] is True  # horizontal bars grow leftwards
        assert errors == []
        assert page.csp_violations == []  # type: ignore[attr-defined]
    finally:
        page.context.close()
