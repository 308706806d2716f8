"""Token authentication for the API, with the token's user and agent kept in the cache.

DRF's TokenAuthentication reads the token and its user on every request, and the views then
read the user's agent: two queries and their ORM work each time, most of what an API call
costs besides its own work. Here a token's (user, agent) is kept in Django's cache (Redis in
production, shared by every process; the process's memory in the quick start) under a keyed
hash of the token, never the token itself, for TOKEN_CACHE_SECONDS.

The agent's scope (contactcenter.org.selectors.scope_of: their agency, region and queues) is
kept with it. Every process forgets an entry as soon as the token, its user, their agent or
the agent's queues are saved or deleted through the ORM (signals, connected by
contactcenter.api.apps): a revoked token, a deactivated user, a changed role or queue takes
effect on the next request. An UPDATE that bypasses
the ORM's signals (QuerySet.update) takes effect within TOKEN_CACHE_SECONDS. When the cache
cannot be reached, every request reads the database, as DRF's does.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token
from rest_framework.request import Request

from contactcenter.org import selectors as org_selectors
from contactcenter.org.models import Agent, Queue
from contactcenter.org.selectors import agent_for_user, remember_scope

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
        request._cached_agent = agent  # type: ignore[attr-defined]  # read by request_agent()
        return user, None

    def authenticate_credentials(self, key: str) -> tuple[Any, Agent | None]:
        entry_key = cache_key(key)
        entry = _cache_call(cache.get, entry_key)
        if entry is None:
            # The password hash has no business in the cache (read again if ever needed).
            token = (Token.objects.select_related("user").defer("user__password")
                     .filter(key=key).first())
            if token is None:
                raise exceptions.AuthenticationFailed(_("Invalid token."))
            agent = agent_for_user(token.user)
            if agent is not None:
                agent.user = token.user
                remember_scope(agent)
            entry = (token.user, agent)
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


def forget_users(user_ids: Iterable[int]) -> None:
    """Forget the cached entries of these users' tokens (the next request reads them)."""
    keys = Token.objects.filter(user_id__in=list(user_ids)).values_list("key", flat=True)
    _forget([cache_key(key) for key in keys])


def _forget(entry_keys: list[str]) -> None:
    """Now, and again once the change is committed: a request that read the database in
    between would otherwise keep what the change replaces."""
    if entry_keys:
        _cache_call(cache.delete_many, entry_keys)
        transaction.on_commit(lambda: _cache_call(cache.delete_many, entry_keys))


def _token_changed(instance: Token, **_kwargs: object) -> None:
    _forget([cache_key(instance.key)])


def _user_changed(instance: Any, update_fields: frozenset[str] | None = None,
                  **_kwargs: object) -> None:
    if update_fields == {"last_login"}:  # every sign-in at the desk: nothing to forget
        return
    forget_users([instance.pk])


def _agent_changed(instance: Agent, **_kwargs: object) -> None:
    forget_users([instance.user_id])


def _queues_changed(instance: Agent | Queue, action: str, pk_set: set[int] | None,
                    **_kwargs: object) -> None:
    """agent.queues or queue.agents changed: forget the agents concerned."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if isinstance(instance, Agent):
        forget_users([instance.user_id])
        return
    forget_users(org_selectors.user_ids_of_agents(pk_set) if pk_set
                 else org_selectors.user_ids_in_queue(instance))


def forget_on_change() -> None:
    """Connect the signals that forget a cached token when it, its user, their agent or the
    agent's queues change (called once per process, by the app's ready())."""
    for model, receiver in ((Token, _token_changed), (get_user_model(), _user_changed),
                            (Agent, _agent_changed)):
        uid = f"api-token-cache-{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
    m2m_changed.connect(_queues_changed, sender=Agent.queues.through, weak=False,
                        dispatch_uid="api-token-cache-queues")
