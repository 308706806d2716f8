"""Model instances read with plain SQL, for the few reads on a hot path (the SMS webhook)
where compiling the ORM query costs several times more than running it: the statement
text never changes, so the connection prepares it once."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model

M = TypeVar("M", bound=Model)


def instances(model: type[M], condition: str, params: Sequence[Any]) -> list[M]:
    """The rows of `model`'s table that meet `condition` (SQL after FROM: `WHERE …
    ORDER BY …`, the table named by itself), as full instances, as a QuerySet gives them."""
    names, select = _select(model)
    with connection.cursor() as cursor:
        cursor.execute(f"{select} {condition}", params)
        rows = cursor.fetchall()
    return [model.from_db(connection.alias, names, row) for row in rows]


@functools.cache
def _select(model: type[Model]) -> tuple[list[str], str]:
    meta = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(meta.db_table)}.{quote(field.column)}"
                        for field in meta.concrete_fields)
    return ([field.attname for field in meta.concrete_fields],
            f"SELECT {columns} FROM {quote(meta.db_table)}")
