"""manage.py rebuild_figures: counts again, and --check finds kept figures that differ."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from contactcenter.reports.models import ComplaintStats

pytestmark = pytest.mark.django_db


def test_check_finds_a_wrong_figure_and_a_rebuild_mends_it(june, capsys) -> None:
    call_command("rebuild_figures", "--check")
    assert "equal a recount" in capsys.readouterr().out
    ComplaintStats.objects.filter(pk=ComplaintStats.objects.first().pk).update(
        received=F("received") + 1)
    with pytest.raises(CommandError, match="differ from a recount"):
        call_command("rebuild_figures", "--check")
    call_command("rebuild_figures")
    call_command("rebuild_figures", "--check")
