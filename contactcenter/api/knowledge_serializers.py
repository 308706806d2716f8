"""What the knowledge base's endpoints read and answer (contactcenter/api/knowledge_views.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from knowledge.models import Language, SearchWithoutResult, Topic

QUERY_MAX_LENGTH = 200
USAGE_DEFAULT_LIMIT = 100
USAGE_MAX_LIMIT = 1000


class KnowledgeSearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=QUERY_MAX_LENGTH, help_text=_(
        "The words searched: accents, Arabic diacritics and small typos do not matter."))
    language = serializers.ChoiceField(choices=Language.choices, default=Language.FRENCH,
                                       help_text=_("The language searched and answered in."))
    topic = serializers.ChoiceField(choices=Topic.choices, required=False, help_text=_(
        "Only the articles of this topic."))


class ArticleHitSerializer(serializers.Serializer):
    slug = serializers.SlugField(help_text=_("The article's stable name."))
    title = serializers.CharField()
    summary = serializers.CharField()
    score = serializers.FloatField(help_text=_("How well the article matches; higher first."))


class UsageQuerySerializer(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=USAGE_MAX_LIMIT,
                                     default=USAGE_DEFAULT_LIMIT, help_text=_(
                                         "How many articles and searches at most."))


class ArticleUsageSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    views = serializers.IntegerField(source="view_count")
    uses = serializers.IntegerField(source="use_count", help_text=_(
        "Times agents inserted it into a reply."))
    helpful = serializers.IntegerField(source="helpful_count")
    unhelpful = serializers.IntegerField(source="unhelpful_count")


class SearchWithoutResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = SearchWithoutResult
        fields = ["query", "language", "place", "count", "first_at", "last_at"]
        read_only_fields = fields


class KnowledgeUsageSerializer(serializers.Serializer):
    articles = ArticleUsageSerializer(many=True, help_text=_("The most read first."))
    searches_without_result = SearchWithoutResultSerializer(many=True, help_text=_(
        "The most repeated first: what editors should write next."))
