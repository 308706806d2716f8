"""Writing thousands of rows at once (the escalation sweep): PostgreSQL's COPY, several times
faster than `bulk_create`, whose model instances and per-value preparation dominate at that
size. Also the upsert by natural key that the demo data set is written with."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection
from django.db.models import Field, JSONField, Model
from psycopg.types.json import Jsonb


def copy_insert(model: type[Model], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows given as {field attname: value}; a field left out takes its default (no
    `save()`, no signals; the primary keys are not returned)."""
    if not rows:
        return
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    defaults = {field.attname: field.get_default() for field in fields}
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    as_json = [isinstance(field, JSONField) for field in fields]
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
        for row in rows:
            values = ({**defaults, **row}[field.attname] for field in fields)
            copy.write_row([Jsonb(value) if json else value
                            for value, json in zip(values, as_json, strict=True)])


def upsert(model: type[Model], rows: Sequence[Model], *, unique: Sequence[str],
           update: Sequence[str], batch_size: int = 2_000) -> None:
    """Insert unsaved rows, or update the `update` fields of those whose natural key (the
    `unique` fields, which a unique constraint must cover) exists already: one
    `INSERT ... ON CONFLICT DO UPDATE` per batch. Sets every row's primary key."""
    model._default_manager.bulk_create(rows, batch_size=batch_size, update_conflicts=True,
                                       unique_fields=unique, update_fields=update)


def insert(*rows: Model) -> None:
    """INSERT unsaved instances of one model in one statement and set their primary keys:
    what bulk_create does, without compiling the query on every call (the statement for a
    given number of rows is built once, and prepared by the connection)."""
    if rows:
        _insert(rows, on_conflict="")


def insert_or_ignore(row: Model) -> bool:
    """INSERT an unsaved instance unless a unique constraint already holds its twin
    (`ON CONFLICT DO NOTHING`), in one statement: no savepoint, no read back. Sets its primary
    key when inserted. Returns True if inserted, False if the twin was there."""
    return bool(_insert([row], on_conflict="ON CONFLICT DO NOTHING"))


def _insert(rows: Sequence[Model], *, on_conflict: str) -> int:
    """Insert the rows, set the primary keys of those inserted; returns how many were."""
    fields, sql = _insert_sql(type(rows[0]), len(rows), on_conflict)
    for row in rows:  # a related object saved since it was set: take its primary key
        row._prepare_related_fields_for_save(operation_name="insert")  # type: ignore[attr-defined]  # private API
    values = [field.get_db_prep_save(field.pre_save(row, True), connection)
              for row in rows for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        keys = cursor.fetchall()
    # (Ignoring conflicts is done one row at a time: no key then means that row.)
    for row, (key,) in zip(rows, keys, strict=False):
        row.pk = key
        row._state.adding, row._state.db = False, connection.alias
    return len(keys)


@functools.lru_cache(maxsize=64)
def _insert_sql(model: type[Model], count: int, on_conflict: str) -> tuple[list[Field], str]:
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    one_row = f"({', '.join(['%s'] * len(fields))})"
    return fields, (f"INSERT INTO {quote(meta.db_table)} "
                    f"({', '.join(quote(field.column) for field in fields)}) "
                    f"VALUES {', '.join([one_row] * count)} {on_conflict} "
                    f"RETURNING {quote(meta.pk.column)}")
