"""The editors' administration: creating and editing an article goes through the services
(a new version per change of text, the text in force kept until published), the workflow's
actions (publishing and archiving for editors only), templates refused with an unknown
placeholder, usage read only."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from knowledge import services
from knowledge.models import Article, ArticleVersion, ReplyTemplate, SearchWithoutResult
from tests import factories

pytestmark = pytest.mark.django_db
TEXTS = {"title_fr": "Allocations familiales", "summary_fr": "Qui y a droit.",
         "body_fr": "Les **conditions**.", "title_ar": "التعويضات العائلية",
         "summary_ar": "من يستحقها.", "body_ar": "الشروط."}


def _form(**changes: Any) -> dict[str, Any]:
    return {"slug": "allocations-familiales", **TEXTS, "note": "", "topic": "family",
            "audience": "public", "categories": [], "source": "Étude 2026",
            "facts_date": "2026-01-15", "valid_from": "", "valid_until": "",
            "versions-TOTAL_FORMS": "0", "versions-INITIAL_FORMS": "0", **changes}


def _editor(*, publisher: bool) -> Client:
    user = factories.UserFactory(username="editor", is_staff=True)
    codenames = ["view_article", "add_article", "change_article"]
    if publisher:
        codenames.append("publish_article")
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="knowledge",
                                                        codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client


def _published() -> Article:
    article = services.create_article(slug="allocations-familiales", topic="family",
                                      audience="public", texts=TEXTS, source="Étude",
                                      facts_date=date(2026, 1, 15))
    return services.publish_now(article)


def test_adding_an_article_creates_its_first_version(superuser_client: Client) -> None:
    category = factories.CategoryFactory()
    response = superuser_client.post(reverse("admin:knowledge_article_add"),
                                     _form(categories=[category.pk]))
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get()
    assert article.state == Article.State.DRAFT and list(article.categories.all()) == [category]
    version = article.versions.get()
    assert version.number == 1 and version.changed_by is not None


def test_an_end_of_validity_before_its_start_is_refused(superuser_client: Client) -> None:
    response = superuser_client.post(reverse("admin:knowledge_article_add"),
                                     _form(valid_from="2026-06-01", valid_until="2026-01-01"))
    assert response.status_code == 200 and not Article.objects.exists()


def test_editing_a_published_text_makes_a_draft_and_keeps_the_text_in_force(
        superuser_client: Client) -> None:
    article = _published()
    url = reverse("admin:knowledge_article_change", args=[article.pk])
    response = superuser_client.post(url, _form(title_fr="Allocations familiales 2027",
                                                note="Nouveau barème", audience="internal"))
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert article.title_fr == "Allocations familiales"  # in force until published
    assert article.audience == "internal"  # not a text: at once
    latest = article.versions.order_by("-number").first()
    assert (latest.number, latest.state, latest.note) == (2, "draft", "Nouveau barème")
    assert latest.title_fr == "Allocations familiales 2027"
    # The change form goes on from the draft.
    assert "Allocations familiales 2027" in superuser_client.get(url).content.decode()


def test_saving_without_a_change_of_text_makes_no_version(superuser_client: Client) -> None:
    article = _published()
    superuser_client.post(reverse("admin:knowledge_article_change", args=[article.pk]),
                          _form(source="Circulaire 2026"))
    article.refresh_from_db()
    assert article.source == "Circulaire 2026" and article.versions.count() == 1


def test_the_actions_follow_the_workflow() -> None:
    article = services.create_article(slug="a", topic="family", audience="public",
                                      texts=TEXTS, source="x", facts_date=date(2026, 1, 1))
    client = _editor(publisher=True)
    url = reverse("admin:knowledge_article_changelist")
    client.post(url, {"action": "send_for_review", "_selected_action": [article.pk]})
    assert ArticleVersion.objects.get().state == ArticleVersion.State.IN_REVIEW
    client.post(url, {"action": "publish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.state == Article.State.PUBLISHED
    assert article.versions.get().published_by is not None
    client.post(url, {"action": "archive", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.state == Article.State.ARCHIVED


def test_only_editors_may_publish() -> None:
    article = services.create_article(slug="a", topic="family", audience="public",
                                      texts=TEXTS, source="x", facts_date=date(2026, 1, 1))
    client = _editor(publisher=False)
    url = reverse("admin:knowledge_article_changelist")
    page = client.get(url).content.decode()
    assert 'value="send_for_review"' in page and 'value="publish"' not in page
    client.post(url, {"action": "publish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.state == Article.State.DRAFT


def test_a_template_with_an_unknown_placeholder_is_refused(superuser_client: Client) -> None:
    data = {"name": "Refus", "language": "fr", "outcome": "rejected", "category": "",
            "body": "Refusé car {regle}.", "is_active": "on"}
    url = reverse("admin:knowledge_replytemplate_add")
    response = superuser_client.post(url, data)
    assert response.status_code == 200 and "{regle}" in response.content.decode()
    assert not ReplyTemplate.objects.exists()
    response = superuser_client.post(url, {**data, "body": "Refusé car {rule}."})
    assert response.status_code == 302 and ReplyTemplate.objects.get().body == "Refusé car {rule}."


def test_usage_is_read_only(superuser_client: Client) -> None:
    services.record_search_without_result("vignette", language="fr", place="desk")
    row = SearchWithoutResult.objects.get()
    assert superuser_client.get(
        reverse("admin:knowledge_searchwithoutresult_changelist")).status_code == 200
    assert superuser_client.get(
        reverse("admin:knowledge_searchwithoutresult_add")).status_code == 403
    url = reverse("admin:knowledge_searchwithoutresult_change", args=[row.pk])
    superuser_client.post(url, {"query": "autre", "language": "fr", "place": "desk",
                                "count": 9})
    row.refresh_from_db()
    assert (row.query, row.count) == ("vignette", 1)


def test_the_demo_supervisor_edits_and_publishes_in_the_administration() -> None:
    from contactcenter import demo
    from knowledge.demo_editors import EDITORS_GROUP

    demo.seed_demo(persons=20, employers=2)
    demo.seed_demo(persons=20, employers=2)  # again: the same
    user = get_user_model().objects.get(username="superviseur")
    assert user.check_password("demo-cnss")
    client = Client()
    client.force_login(user)
    assert client.get(reverse("admin:knowledge_article_add")).status_code == 200
    assert client.get(reverse("admin:knowledge_replytemplate_changelist")).status_code == 200
    assert client.get(reverse("admin:customers_customer_changelist")).status_code == 403
    assert user.has_perm("knowledge.publish_article") and user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == [EDITORS_GROUP]
    assert not get_user_model().objects.get(username="guichet").is_staff
