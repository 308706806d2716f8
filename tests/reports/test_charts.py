"""The charts' plain data: tables written for the page's language, JSON for the script, the
files' rows, and charts that cannot be drawn refused."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from contactcenter.reports.charts import Baseline, Chart, Series

MONTHS = ["janv.", "févr.", "mars"]


def _delays(**extra) -> Chart:
    return Chart(slug="delays", title="Délai médian", kind="line", labels=MONTHS,
                 series=[Series("Médiane", [1234.5, 12.0, None])], unit="jours", **extra)


def test_a_french_table_groups_thousands_and_writes_a_decimal_comma() -> None:
    headers, rows = _delays().table()
    assert headers == ["Période", "Médiane (jours)"]
    assert rows == [["janv.", "1\xa0234,5"], ["févr.", "12"], ["mars", "–"]]


def test_an_arabic_table_uses_the_arabic_headers_and_separators() -> None:
    with translation.override("ar"):
        headers, rows = _delays().table()
    assert headers[0] == "الفترة"
    assert rows[0] == ["janv.", "1234,5"]


def test_the_baseline_is_a_column_of_the_table() -> None:
    chart = _delays(baseline=Baseline("Étude", 90.0), axis="Mois")
    headers, rows = chart.table()
    assert headers == ["Mois", "Médiane (jours)", "Étude (jours)"]
    assert [row[-1] for row in rows] == ["90", "90", "90"]


def test_bars_over_categories_do_not_run_in_time_unless_told() -> None:
    bars = Chart(slug="c", title="t", kind="bar", labels=["A"], series=[Series("n", [1.0])])
    assert bars.headers()[0] == "Élément"
    assert bars.to_json()["in_time"] is False
    monthly = Chart(slug="c", title="t", kind="bar", labels=["A"],
                    series=[Series("n", [1.0])], in_time=True)
    assert monthly.to_json()["in_time"] is True


def test_the_json_holds_numbers_and_null_and_survives_a_round_trip() -> None:
    chart = _delays(baseline=Baseline("Étude", 90.0), note="Jours calendaires.")
    data = json.loads(json.dumps(chart.to_json()))
    assert data == {
        "slug": "delays", "title": "Délai médian", "kind": "line", "labels": MONTHS,
        "series": [{"label": "Médiane", "values": [1234.5, 12.0, None]}],
        "unit": "jours", "baseline": {"label": "Étude", "value": 90.0},
        "note": "Jours calendaires.", "axis": "", "in_time": True}


def test_the_rows_keep_the_raw_values_for_the_files() -> None:
    assert _delays().rows() == [["janv.", 1234.5], ["févr.", 12.0], ["mars", None]]


def test_a_series_must_have_a_value_per_label() -> None:
    with pytest.raises(ValueError, match="2 values for 3 labels"):
        Chart(slug="x", title="t", kind="line", labels=MONTHS,
              series=[Series("s", [1.0, 2.0])])


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="pie"):
        Chart(slug="x", title="t", kind="pie", labels=[], series=[])


def test_a_slug_that_cannot_name_a_url_is_refused() -> None:
    with pytest.raises(ValueError, match="slug"):
        Chart(slug="délais/mois", title="t", kind="line", labels=[], series=[])
