"""A small per-process cache of rarely changing reference rows (calendars, policies, front
office queues), read on every opening and transition.

Each value lives for the `seconds` its caller gives; a namespace is forgotten at once in this
process when one of its rows is saved (signals, see the apps), and in other processes when
their copy expires.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")
_values: dict[tuple[str, Any], tuple[float, Any]] = {}
_lock = threading.Lock()


def cached(namespace: str, key: Any, seconds: float, build: Callable[[], T]) -> T:
    now = time.monotonic()
    with _lock:
        found = _values.get((namespace, key))
        if found and now - found[0] < seconds:
            return found[1]
    value = build()
    with _lock:
        _values[(namespace, key)] = (now, value)
    return value


def forget(namespace: str | None = None) -> None:
    """Forget a namespace's values (all of them when None)."""
    with _lock:
        for entry in [e for e in _values if namespace is None or e[0] == namespace]:
            del _values[entry]


def forget_on_change(namespace: str, models: Iterable[type[Model]]) -> None:
    """Forget the namespace whenever a row of one of these models is saved or deleted."""

    def receiver(**_kwargs: object) -> None:
        forget(namespace)

    for model in models:
        uid = f"process-cache-{namespace}-{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
