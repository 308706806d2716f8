"""Token authentication for the API, with the token's user and agent kept in the cache.

DRF's TokenAuthentication reads the token and its user on every request, and the views then
read the user's agent: two queries and their ORM work each time, most of what an API call
costs besides its own work. Here a token's (user, agent) is kept in Django's cache (Redis in
production, shared by every process; the process's memory in the quick start) under a keyed
hash of the token, never the token itself, for TOKEN_CACHE_SECONDS.

Every process forgets an entry as soon as the token, its user or their agent is saved or
deleted through the ORM (signals, connected by contactcenter.api.apps): a revoked token, a
deactivated user or a changed role takes effect on the next request. An UPDATE that bypasses
the ORM's signals (QuerySet.update) takes effect within TOKEN_CACHE_SECONDS. When the cache
cannot be reached, every request reads the database, as DRF's does.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token
from rest_framework.request import Request

from contactcenter.org.models import Agent
from contactcenter.org.selectors import agent_for_user

TOKEN_CACHE_SECONDS = 300
_SALT = "contactcenter.api.authentication.token"
logger = logging.getLogger(__name__)


def cache_key(token_key: str) -> str:
    """The cache key of a token: a keyed hash (SECRET_KEY), so that the cache never holds
    a usable token."""
    return "api-token:" + salted_hmac(_SALT, token_key, algorithm="sha256").hexdigest()


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>`, as DRF's, answering from the cache when it can. The
    request's agent is found with the user (contactcenter.org.selectors.request_agent)."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        found = super().authenticate(request)
        if found is None:
            return None
        user, agent = found
        request._cached_agent = agent  # what request_agent() would look up
        return user, None

    def authenticate_credentials(self, key: str) -> tuple[Any, Agent | None]:
        entry_key = cache_key(key)
        entry = _cache_call(cache.get, entry_key)
        if entry is None:
            token = Token.objects.select_related("user").filter(key=key).first()
            if token is None:
                raise exceptions.AuthenticationFailed(_("Invalid token."))
            entry = (token.user, agent_for_user(token.user))
            _cache_call(cache.set, entry_key, entry, TOKEN_CACHE_SECONDS)
        user, agent = entry
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return user, agent


def _cache_call(method: Any, *args: Any) -> Any:
    """The cache only saves work: when it cannot be reached, say so and carry on."""
    try:
        return method(*args)
    except Exception:  # noqa: BLE001 (any backend's connection error)
        logger.warning("API token cache unreachable", exc_info=True)
        return None


def forget_user(user_id: int) -> None:
    """Forget the cached entries of a user's tokens (the next request reads them again)."""
    keys = Token.objects.filter(user_id=user_id).values_list("key", flat=True)
    _cache_call(cache.delete_many, [cache_key(key) for key in keys])


def _token_changed(instance: Token, **_kwargs: object) -> None:
    _cache_call(cache.delete, cache_key(instance.key))


def _user_changed(instance: Any, update_fields: frozenset[str] | None = None,
                  **_kwargs: object) -> None:
    if update_fields == {"last_login"}:  # every sign-in at the desk: nothing to forget
        return
    forget_user(instance.pk)


def _agent_changed(instance: Agent, **_kwargs: object) -> None:
    forget_user(instance.user_id)


def forget_on_change() -> None:
    """Connect the signals that forget a cached token when it, its user or their agent is
    saved or deleted (called once per process, by the app's ready())."""
    for model, receiver in ((Token, _token_changed), (get_user_model(), _user_changed),
                            (Agent, _agent_changed)):
        uid = f"api-token-cache-{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
