from __future__ import annotations

from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _


class RuleViolation(Exception):
    """A guard of the workflow refused the action; the message says why, for the agent."""


class ConcurrentEdit(Exception):
    """The complaint was saved by someone else since it was loaded."""

    def __init__(self, message: str, *, by: str = "", at: Any = None) -> None:
        super().__init__(message)
        self.by, self.at = by, at

    @classmethod
    def for_ticket(cls, current: Any) -> ConcurrentEdit:
        by = str(current.updated_by) if current.updated_by_id else _("someone else")
        at = timezone.localtime(current.updated_at)
        when = formats.date_format(at, "H:i:s")
        return cls(_("Changed by %(by)s at %(at)s, reload the complaint.")
                   % {"by": by, "at": when}, by=by, at=at)
