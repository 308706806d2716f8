"""The managers' headline figures through the API: the same filters, scope and figures as
the dashboard (/reports/), read from the kept daily figures."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from contactcenter.api.views import ERRORS, AgentAPIView
from contactcenter.reports import figures
from contactcenter.reports.forms import CUSTOM, ReportFilterForm
from tickets.permissions import may_export_complaints

# The API's parameter names, and the dashboard form's fields they fill.
PARAMETERS = {"from": "start", "to": "end", "region": "region", "agency": "agency",
              "queue": "queue", "category": "category", "channel": "channel",
              "audience": "audience"}
FIELDS = {field: parameter for parameter, field in PARAMETERS.items()}


class _Percentiles(serializers.Serializer):
    median = serializers.FloatField(allow_null=True)
    p90 = serializers.FloatField(allow_null=True)


class _Satisfaction(serializers.Serializer):
    mean = serializers.FloatField(allow_null=True)
    count = serializers.IntegerField()


class ReportSummarySerializer(serializers.Serializer):
    """The headline figures (the schema of the answer)."""

    from_ = serializers.DateField()
    to = serializers.DateField()
    received = serializers.IntegerField()
    resolved = serializers.IntegerField()
    resolution_business_hours = _Percentiles()
    resolution_calendar_days = _Percentiles()
    within_sla_percent = serializers.FloatField(allow_null=True)
    told_every_step_percent = serializers.FloatField(allow_null=True)
    satisfaction = serializers.DictField(child=_Satisfaction())

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


class ReportSummaryView(AgentAPIView, APIView):
    """The headline figures of a period, within the caller's scope."""

    @extend_schema(
        tags=["reports"], summary="Headline figures of a period",
        description=(
            "Complaints received and resolved from `from` to `to` (both included), the median "
            "and 90th percentile of the time to resolution in business hours and calendar "
            "days, the share resolved within the service level, the share whose every step "
            "SMS was delivered, and the satisfaction (mean score 1-5 and number of answers) "
            "per audience. Supervisors, regional managers and administrators only, each "
            "within what they may see; a region, agency or queue outside it is refused."),
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, required=True),
            OpenApiParameter("to", OpenApiTypes.DATE, required=True),
            *(OpenApiParameter(name, OpenApiTypes.INT) for name in
              ("region", "agency", "queue", "category")),
            OpenApiParameter("channel", OpenApiTypes.STR),
            OpenApiParameter("audience", OpenApiTypes.STR,
                             enum=["employer", "insured", "pensioner"]),
        ],
        responses={200: ReportSummarySerializer, 400: ERRORS[400], 403: ERRORS[403]})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not may_export_complaints(self.agent):
            raise PermissionDenied("The figures are for supervisors and managers.")
        data = {field: request.query_params[name] for name, field in PARAMETERS.items()
                if name in request.query_params}
        errors = {name: ["This parameter is required."] for name in ("from", "to")
                  if name not in request.query_params}
        form = ReportFilterForm({**data, "period": CUSTOM}, agent=self.agent)
        if errors or not form.is_valid():
            for field, messages in ({} if errors else form.errors).items():
                errors[FIELDS.get(field, "non_field_errors")] = [str(m) for m in messages]
            return Response(errors, status=400)
        return Response(figures.summary(form.filters()))
