"""Additions to the generated OpenAPI schema."""

from __future__ import annotations

from typing import Any

UNAUTHENTICATED = {
    "description": "No valid token or session: authenticate (`Authorization: Token <key>`).",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def document_unauthenticated(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Every operation of the API answers 401 to a request without credentials: say so
    once here rather than in each view (drf-spectacular postprocessing hook)."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict) and "responses" in operation:
                operation["responses"].setdefault("401", UNAUTHENTICATED)
    return result
