from __future__ import annotations

import pytest

from tests.reports.fake_figures import FakeFigures, install


@pytest.fixture
def fake_figures(monkeypatch) -> FakeFigures:
    return install(monkeypatch)
