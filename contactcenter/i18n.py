from __future__ import annotations

from django.utils.translation import get_language


def localized(*, fr: str, ar: str) -> str:
    """The Arabic text when the active language is Arabic, else the French one."""
    return ar if (get_language() or "").startswith("ar") and ar else fr
