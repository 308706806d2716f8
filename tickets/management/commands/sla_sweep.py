"""Fire the escalation levels that are due (also run every minute by Celery beat)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tickets import escalation


class Command(BaseCommand):
    help = "Escalate the complaints whose next escalation level is due."

    def handle(self, *args: Any, **options: Any) -> None:
        result = escalation.sweep()
        self.stdout.write(f"Examined {result.examined}, escalated {result.escalated} "
                          f"complaints ({result.levels_fired} levels).")
