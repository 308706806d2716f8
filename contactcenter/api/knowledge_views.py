"""The knowledge base through the API: searching it (open to anyone, throttled for the
anonymous; agents also find the internal articles) and how it is used (agents only).

Both read through knowledge.search and knowledge.selectors; a search that finds nothing
is counted for the editors (search_articles with place "api").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from contactcenter.api import knowledge_serializers as ks
from contactcenter.api import serializers as s
from contactcenter.api.errors import handle_exception
from contactcenter.api.views import ERRORS, AgentAPIView
from contactcenter.org.selectors import request_agent
from knowledge import selectors
from knowledge.models import SearchWithoutResult
from knowledge.search import search_articles

SEARCH_LIMIT = 10


class AnonymousSearchThrottle(AnonRateThrottle):
    """Anonymous callers (the public help pages' partners, bots): 60 searches a minute per
    address; agents are not throttled."""

    scope = "knowledge_search"
    rate = "60/min"


TOO_MANY = OpenApiResponse(s.ErrorSerializer, description=(
    "Anonymous callers only: more than 60 searches a minute from this address; "
    "`Retry-After` says when to try again."))


class KnowledgeSearchView(APIView):
    """Search the knowledge base's published articles in force."""

    permission_classes = [AllowAny]
    throttle_classes = [AnonymousSearchThrottle]

    def get_exception_handler(self) -> Callable[..., Response | None]:
        return handle_exception

    @extend_schema(
        tags=["knowledge"], summary="Search the knowledge base, best first",
        description=("Published articles in force matching the words, at most "
                     f"{SEARCH_LIMIT}, their title and summary in `language`. Anonymous "
                     "callers find the public articles; agents find the internal ones "
                     "too. Accent- and case-insensitive, French stemming, Arabic with or "
                     "without diacritics. A search finding nothing is counted for the "
                     "editors (see /knowledge/usage/)."),
        parameters=[ks.KnowledgeSearchQuerySerializer],
        responses={200: ks.ArticleHitSerializer(many=True), 400: ERRORS[400],
                   429: TOO_MANY})
    def get(self, request: Request) -> Response:
        query = ks.KnowledgeSearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        words, language = query.validated_data["q"], query.validated_data["language"]
        hits = search_articles(words, language=language,
                               include_internal=request_agent(request) is not None,
                               topic=query.validated_data.get("topic"), limit=SEARCH_LIMIT,
                               place=SearchWithoutResult.Place.API)
        return Response(ks.ArticleHitSerializer(hits, many=True).data)


class KnowledgeUsageView(AgentAPIView, APIView):
    """How the knowledge base is used: per article, and the searches that found nothing."""

    @extend_schema(
        tags=["knowledge"], summary="Usage of the knowledge base",
        description=("Per article (every state), the most read first: views, uses in "
                     "replies, helpful and unhelpful votes; and the searches that found "
                     "nothing (desk, public pages, API), the most repeated first."),
        parameters=[ks.UsageQuerySerializer],
        responses={200: ks.KnowledgeUsageSerializer, 400: ERRORS[400], 403: ERRORS[403]})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = ks.UsageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        limit = query.validated_data["limit"]
        return Response(ks.KnowledgeUsageSerializer({
            "articles": selectors.usage_by_article(limit=limit),
            "searches_without_result": selectors.top_searches_without_result(limit=limit),
        }).data)
