from django.urls import path
from rest_framework.routers import SimpleRouter

from contactcenter.api import (
    conversation_views,
    index_views,
    knowledge_views,
    report_views,
    views,
)

app_name = "api"

router = SimpleRouter()
router.register("customers", views.CustomerViewSet, basename="customer")
router.register("complaints", views.ComplaintViewSet, basename="complaint")
router.register("categories", index_views.CategoryViewSet, basename="category")
router.register("conversations", conversation_views.ConversationViewSet,
                basename="conversation")

urlpatterns = [
    path("", index_views.ApiRootView.as_view(), name="root"),
    path("docs/", index_views.documentation_page, name="docs"),
    path("knowledge/search/", knowledge_views.KnowledgeSearchView.as_view(),
         name="knowledge-search"),
    path("knowledge/usage/", knowledge_views.KnowledgeUsageView.as_view(),
         name="knowledge-usage"),
    path("reports/summary/", report_views.ReportSummaryView.as_view(), name="report-summary"),
    *router.urls,
]
