"""The log of every export of complaints (who, when, which filter,
how many rows), for the personal-data audit. Written by contactcenter.reports.services only."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportLog(models.Model):
    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"

    agent = models.ForeignKey("org.Agent", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("agent"))
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    query = models.TextField(_("filter"), blank=True)
    rows = models.PositiveIntegerField(_("rows"))
    # False when the client went away before the end: `rows` then counts what was sent.
    completed = models.BooleanField(_("completed"))

    class Meta:
        verbose_name = _("export of complaints")
        verbose_name_plural = _("exports of complaints")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.format} {self.rows}"
