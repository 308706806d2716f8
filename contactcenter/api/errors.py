"""Domain exceptions as HTTP answers, the same for every endpoint.

    400  bad input: {"field": ["message", ...], "non_field_errors": [...]}
    401  no or bad credentials; 403  the role does not allow the action
    404  no such record, or one outside the agent's scope (the same answer)
    409  ConcurrentEdit: the complaint changed since the `version` the client read
    422  RuleViolation: a guard of the workflow refused, {"detail": reason}
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler, set_rollback

from tickets.exceptions import ConcurrentEdit, RuleViolation


def handle_exception(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, ConcurrentEdit):
        set_rollback()
        return Response({"detail": str(exc), "changed_by": exc.by,
                         "changed_at": exc.at.isoformat() if exc.at else None},
                        status=status.HTTP_409_CONFLICT)
    if isinstance(exc, RuleViolation):
        set_rollback()
        return Response({"detail": str(exc)}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
    return exception_handler(exc, context)
