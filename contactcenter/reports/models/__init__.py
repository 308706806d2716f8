"""The reports' own tables: the log of exports, and the daily figures of complaints kept up
to date from their changes (contactcenter.reports.services is their only writer)."""

from contactcenter.reports.models.complaint_stats import ComplaintFact, ComplaintStats, UpkeepMark
from contactcenter.reports.models.exports import ExportLog

__all__ = ["ComplaintFact", "ComplaintStats", "ExportLog", "UpkeepMark"]
