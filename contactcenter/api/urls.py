from django.urls import path
from rest_framework.routers import SimpleRouter

from contactcenter.api import views

app_name = "api"

router = SimpleRouter()
router.register("customers", views.CustomerViewSet, basename="customer")
router.register("complaints", views.ComplaintViewSet, basename="complaint")
router.register("categories", views.CategoryViewSet, basename="category")

urlpatterns = [
    path("", views.ApiRootView.as_view(), name="root"),
    path("docs/", views.documentation_page, name="docs"),
    *router.urls,
]
