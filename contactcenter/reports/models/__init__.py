"""The reports' own tables: the log of exports, the daily figures of complaints kept up to
date from their changes, of satisfaction answers, and of calls, chats and counter visits
(contactcenter.reports.services is their only writer)."""

from contactcenter.reports.models.complaint_stats import ComplaintFact, ComplaintStats, UpkeepMark
from contactcenter.reports.models.contact_stats import ContactStats
from contactcenter.reports.models.exports import ExportLog
from contactcenter.reports.models.satisfaction_stats import (
    SatisfactionRollup,
    SatisfactionStats,
)

__all__ = ["ComplaintFact", "ComplaintStats", "ContactStats", "ExportLog",
           "SatisfactionRollup", "SatisfactionStats", "UpkeepMark"]
