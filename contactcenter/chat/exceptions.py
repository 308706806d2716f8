"""Why the chat refuses something. `code` is the protocol's error code (README, "The web
chat's protocol"); `detail` a translated sentence for the person."""

from __future__ import annotations


class ChatRefusal(Exception):
    """A frame or a request the chat does not carry out; nothing was changed."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


class InvalidMessage(ChatRefusal):
    """Empty, too long, or not text."""


class WrongState(ChatRefusal):
    """The conversation is not in a state that allows it (closed, no longer waiting)."""


class NotAllowed(ChatRefusal):
    """The agent may not do this: not in the chat queue, at capacity, not their chat."""


class RateLimited(ChatRefusal):
    """Too much, too fast: wait a little."""
