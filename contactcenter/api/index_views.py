"""The API's index, its category list and its documentation page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from contactcenter.api import documentation
from contactcenter.api import serializers as s
from contactcenter.api.views import ERRORS, AgentAPIView
from tickets import selectors as ticket_selectors
from tickets.models import Category


class ApiRootView(APIView):
    """The API's index: its resources and where they are documented. Open to anyone (it
    holds nothing but addresses); every resource needs a token."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        def link(name: str) -> str:
            return request.build_absolute_uri(reverse(name))
        return Response({
            "customers": link("api:customer-list"),
            "complaints": link("api:complaint-list"),
            "categories": link("api:category-list"),
            "conversations": link("api:conversation-list"),
            "documentation": link("api:docs"),
            "schema": link("api-schema"),
        })


@extend_schema(tags=["categories"])
class CategoryViewSet(AgentAPIView, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The complaint categories: the codes `category` takes when opening or triaging a
    complaint, with their French and Arabic labels, the audience they are for (a category
    must fit the customer: employers, insured persons or pensioners) and whether they are
    still in use."""

    serializer_class = s.CategorySerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[Category]:
        return ticket_selectors.all_categories().order_by("audience", "code")

    @extend_schema(summary="Every complaint category, in use or not",
                   responses={200: s.CategorySerializer(many=True), 400: ERRORS[400]})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)


def documentation_page(request: HttpRequest) -> HttpResponse:
    """The API's documentation, readable in the browser (from the OpenAPI schema)."""
    return render(request, "api/docs.html", {"docs": documentation.documentation()})
