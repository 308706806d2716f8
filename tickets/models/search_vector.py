"""The stored full-text vector of a complaint (see tickets/search.py).

It is derived data, written only by tickets.search (when a complaint is opened and when a
customer's message is recorded), never from a loaded instance: saving a complaint leaves
the column as the database holds it. Otherwise a complaint loaded before a customer's SMS
was indexed, then saved, would put back the vector without the SMS's words.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.search import SearchVectorField
from django.db.models import F, Model


class StoredSearchVectorField(SearchVectorField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("null", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance: Model, add: bool) -> Any:
        # A new row starts without words (tickets.search indexes it once inserted); an
        # update writes the column to itself.
        return None if add else F(self.attname)
