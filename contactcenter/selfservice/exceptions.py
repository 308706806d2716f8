"""Why the status page refuses to send or to accept a code. str() is the message for the
person, in the active language; `code` names the reason (as ValidationError's does)."""

from __future__ import annotations


class AccessRefused(Exception):
    """A code was not sent or not accepted."""

    #: True when only a new code can help (the one given can no longer be used).
    needs_new_code = False

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


class TooManyRequests(AccessRefused):
    """Too many codes asked for lately, for this number or from this address."""


class WrongCode(AccessRefused):
    """Not the code sent: the try is counted."""


class CodeSpent(AccessRefused):
    """No code to check, or one that can no longer be used: already used, expired, or
    given too many wrong tries. (A code replaced by a newer one is simply wrong.)"""

    needs_new_code = True


class SatisfactionRefused(Exception):
    """The satisfaction question about a complaint cannot be answered (now, or again)."""
