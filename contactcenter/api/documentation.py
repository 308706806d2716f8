"""The API's documentation page, written on the server from the OpenAPI schema
drf-spectacular generates (the one served at /api/schema/): no script and nothing from
another site, so the pages' Content-Security-Policy needs no exception."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language
from drf_spectacular.generators import SchemaGenerator

from contactcenter import process_cache

_METHODS = ("get", "post", "put", "patch", "delete")
CACHE_SECONDS = 3600


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    description: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    parameters: tuple[Field, ...]
    body: str  # the name of the request body's schema, or ""
    responses: tuple[tuple[str, str, str], ...]  # (status, description, schema name)


@dataclass
class Section:
    tag: str
    operations: list[Operation] = field(default_factory=list)


@dataclass(frozen=True)
class Documentation:
    title: str
    description: str
    version: str
    sections: tuple[Section, ...]
    schemas: tuple[tuple[str, tuple[Field, ...]], ...]


def documentation() -> Documentation:
    """The documentation in the active language (the schema's labels and help texts are
    translated), built once per process and language."""
    return process_cache.cached("api-docs", get_language() or "", CACHE_SECONDS,
                                lambda: read(SchemaGenerator().get_schema(public=True)))


def read(schema: dict[str, Any]) -> Documentation:
    sections: dict[str, Section] = {}
    for path, operations in schema.get("paths", {}).items():
        for method in _METHODS:
            if method not in operations:
                continue
            operation = operations[method]
            tag = (operation.get("tags") or ["api"])[0]
            sections.setdefault(tag, Section(tag)).operations.append(_operation(
                method, path, operation))
    components = schema.get("components", {}).get("schemas", {})
    return Documentation(
        title=schema.get("info", {}).get("title", ""),
        description=schema.get("info", {}).get("description", ""),
        version=str(schema.get("info", {}).get("version", "")),
        sections=tuple(sections.values()),
        schemas=tuple((name, _fields(definition)) for name, definition in sorted(
            components.items())))


def _operation(method: str, path: str, operation: dict[str, Any]) -> Operation:
    body = operation.get("requestBody", {}).get("content", {})
    return Operation(
        method=method.upper(), path=path, anchor=operation.get("operationId", ""),
        summary=operation.get("summary", ""), description=operation.get("description", ""),
        parameters=tuple(Field(name=p["name"], type=_type(p.get("schema", {})),
                               required=bool(p.get("required")),
                               description=p.get("description", "").split("\n\n")[0],
                               choices=tuple(map(str, p.get("schema", {}).get("enum", ()))))
                         for p in operation.get("parameters", [])),
        body=_content_schema(body),
        responses=tuple(
            (status, answer.get("description", ""), _content_schema(answer.get("content", {})))
            for status, answer in operation.get("responses", {}).items()))


def _content_schema(content: dict[str, Any]) -> str:
    """The schema name of a request's or answer's first media type ("" without one)."""
    for media in content.values():
        return _schema_name(media.get("schema", {}))
    return ""


def _fields(definition: dict[str, Any]) -> tuple[Field, ...]:
    required = set(definition.get("required", ()))
    return tuple(Field(name=name, type=_type(spec), required=name in required,
                       description=spec.get("description", "").split("\n\n")[0],
                       choices=tuple(map(str, spec.get("enum", ()))))
                 for name, spec in definition.get("properties", {}).items())


def _schema_name(schema: dict[str, Any]) -> str:
    reference = schema.get("$ref") or schema.get("items", {}).get("$ref", "")
    return reference.rsplit("/", 1)[-1] if reference else ""


def _type(spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        return _schema_name(spec)
    parts: list[dict[str, Any]] = spec.get("allOf") or spec.get("oneOf") or []
    if parts:
        return " | ".join(_type(part) for part in parts)
    kind = spec.get("type", "")
    if kind == "array":
        return f"[{_type(spec.get('items', {}))}]"
    return f"{kind} ({spec['format']})" if spec.get("format") else str(kind)
