"""The sentences the complaint services store in events (who acted when no agent did, and
notes the system writes), as message ids: stored with contactcenter.i18n.system_text and
translated when shown. The data migration 0017_system_texts keeps a frozen copy of this list."""

from __future__ import annotations

from django.utils.translation import gettext_noop

# Who acted, when no agent did.
SYSTEM = gettext_noop("system")
AUTOMATIC_ASSIGNMENT = gettext_noop("automatic assignment")
AUTOMATIC_CLOSING = gettext_noop("automatic closing")
SERVICE_LEVELS = gettext_noop("service levels")
CUSTOMER = gettext_noop("customer")
ACTORS = (SYSTEM, AUTOMATIC_ASSIGNMENT, AUTOMATIC_CLOSING, SERVICE_LEVELS, CUSTOMER)

# Notes the system writes.
SATISFACTION = gettext_noop("Satisfaction: %(score)s/5")
MERGED_INTO_THIS = gettext_noop("Complaint %(ref)s merged into this one.")
RELATED_TO = gettext_noop("Related to %(ref)s.")
RESOLUTION_TIME_USED = gettext_noop("%(percent)s %% of the resolution time used")
MOVED_TO_MERGED_RECORD = gettext_noop(
    "Moved from the record of %(old)s (no. %(old_pk)s) to that of %(new)s (no. %(new_pk)s), "
    "the same person.")
PRIORITY_CHANGED = gettext_noop("Priority: %(old)s → %(new)s")
NOTES = (SATISFACTION, MERGED_INTO_THIS, RELATED_TO, RESOLUTION_TIME_USED,
         MOVED_TO_MERGED_RECORD)
