from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from contactcenter import health, views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("customers/", include("contactcenter.desk.customer_urls")),
    path("desk/", include("contactcenter.desk.urls")),
    path("tickets/", include("tickets.urls")),
    path("sla/", include("contactcenter.board.urls")),
    path("reports/", include("contactcenter.reports.urls")),
    path("telephony/", include("telephony.urls")),
    path("suivi/", include("contactcenter.selfservice.urls")),
    path("aide/", include("knowledge.public_urls")),
    path("chat/", include("contactcenter.chat.urls")),
    path("counter/", include("contactcenter.counter.urls")),
    path("api/v1/", include("contactcenter.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
]

handler404 = views.not_found
