"""Read serializers whose fields are built once per class instead of once per answer.

A DRF serializer builds its fields on first use, per instance: a ModelSerializer inspects
its model and deep-copies a field object for each column, every time. For answers that is
most of what rendering costs (about 0.5 ms a complaint with its history, for a few
microseconds of values). `BuiltOnce` keeps one bound copy of the fields per class and
writes the answer with them, exactly as Serializer.to_representation does; what needs the
serializer itself (SerializerMethodField methods, which may read `self.context`, and nested
serializers, which get the caller's context) still runs on the instance. The fields of an
instance (`serializer.fields`, the schema, input validation) are untouched.

Only for serializers whose fields do not depend on the instance or its context.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, ClassVar, cast

from django.db.models.manager import BaseManager
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

_METHOD, _MANY, _ONE, _FIELD = range(4)
_lock = threading.Lock()


class BuiltOnce(serializers.Serializer):
    _plans: ClassVar[dict[type, list[tuple[int, str, Any, Any]]]] = {}

    @classmethod
    def _plan(cls) -> list[tuple[int, str, Any, Any]]:
        plan = BuiltOnce._plans.get(cls)
        if plan is None:
            with _lock:
                plan = BuiltOnce._plans.get(cls) or cls._build_plan()
                BuiltOnce._plans[cls] = plan
        return plan

    @classmethod
    def _build_plan(cls) -> list[tuple[int, str, Any, Any]]:
        plan: list[tuple[int, str, Any, Any]] = []
        for field in cls()._readable_fields:
            name = cast(str, field.field_name)  # set once bound
            if isinstance(field, serializers.SerializerMethodField):
                plan.append((_METHOD, name, field.method_name, None))
            elif (isinstance(field, serializers.ListSerializer)
                  and isinstance(field.child, BuiltOnce)):
                plan.append((_MANY, name, field, type(field.child)))
            elif isinstance(field, BuiltOnce):
                plan.append((_ONE, name, field, type(field)))
            else:
                plan.append((_FIELD, name, field, None))
        return plan

    def to_representation(self, instance: Any) -> dict[str, Any]:
        answer: dict[str, Any] = {}
        for kind, name, field, nested in self._plan():
            if kind == _METHOD:
                method: Callable[[Any], Any] = getattr(self, field)
                answer[name] = method(instance)
                continue
            try:
                attribute = field.get_attribute(instance)
            except SkipField:
                continue
            if (attribute.pk if isinstance(attribute, PKOnlyObject) else attribute) is None:
                answer[name] = None
            elif kind == _MANY:
                items = attribute.all() if isinstance(attribute, BaseManager) else attribute
                child = nested(context=self.context)
                answer[name] = [child.to_representation(item) for item in items]
            elif kind == _ONE:
                answer[name] = nested(context=self.context).to_representation(attribute)
            else:
                answer[name] = field.to_representation(attribute)
        return answer
