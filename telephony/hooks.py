"""What telephony asks of the apps beside it without importing them (telephony and
knowledge are siblings: neither imports the other). Each hook has a default that asks
nothing of anyone; the wiring registers the real one once, at start-up, in
contactcenter/desk/apps.py (DeskConfig.ready: the desk is the layer above both).

- help_link_for(text, language): the short public address of the help article that
  answers an SMS, or None. Registered: knowledge.sms_links.public_link_for.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)

HelpLinkFinder = Callable[[str, str], "str | None"]


def _no_link(text: str, language: str) -> str | None:
    return None


_help_link_finder: HelpLinkFinder = _no_link


def register_help_link(finder: HelpLinkFinder | None) -> None:
    """Set the finder of help links (None: back to the default, no link)."""
    global _help_link_finder
    _help_link_finder = finder or _no_link


def help_link_for(text: str, language: str) -> str | None:
    """The public address of the help article answering `text` ("fr" or "ar"), or None.
    Never raises: a failing finder costs the SMS its link, not its answer (it runs in a
    savepoint, so a failed query leaves the SMS's transaction usable)."""
    try:
        with transaction.atomic():
            return _help_link_finder(text, language)
    except Exception:  # noqa: BLE001 - the reply goes without the link
        logger.exception("No help link for an SMS: the finder failed")
        return None
