"""What the visitor's session holds: the number waiting for its code, then the number
proven by the code, for SESSION_VALIDITY. Nothing else: the complaints are read again
on every page."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest

SESSION_VALIDITY = timedelta(minutes=30)
PENDING_KEY = "selfservice_pending"
PHONE_KEY = "selfservice_phone"
UNTIL_KEY = "selfservice_until"


def set_pending(session: SessionBase, phone: str) -> None:
    """The number a code was just asked for (E.164)."""
    session[PENDING_KEY] = phone


def pending_phone(session: SessionBase) -> str | None:
    return session.get(PENDING_KEY) or None


def open_verified(request: HttpRequest, *, phone: str, now: datetime) -> None:
    """The code was right: a new session key (the one seen before the code is worthless),
    holding the number until SESSION_VALIDITY from now."""
    request.session.cycle_key()
    request.session.pop(PENDING_KEY, None)
    request.session[PHONE_KEY] = phone
    request.session[UNTIL_KEY] = (now + SESSION_VALIDITY).isoformat()


def has_verified(session: SessionBase) -> bool:
    """A number was proven in this session, expired or not."""
    return PHONE_KEY in session


def verified_phone(session: SessionBase, *, now: datetime) -> str | None:
    """The number proven by a code, while the session is valid; an expired one is
    forgotten."""
    phone, until = session.get(PHONE_KEY), session.get(UNTIL_KEY)
    try:
        valid = bool(phone) and isinstance(until, str) and datetime.fromisoformat(until) > now
    except (TypeError, ValueError):
        valid = False
    if not valid:
        close(session)
        return None
    return phone


def close(session: SessionBase) -> None:
    """Forget the numbers (leaving, or the session expired). The rest of the session (an
    agent's sign-in in the same browser) stays."""
    for key in (PENDING_KEY, PHONE_KEY, UNTIL_KEY):
        session.pop(key, None)
