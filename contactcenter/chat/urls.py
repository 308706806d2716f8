"""The public chat page and its snippet (`/chat/`)."""

from django.urls import URLPattern, path

from contactcenter.chat import views

app_name = "chat"
urlpatterns: list[URLPattern] = [
    path("", views.page, name="page"),
]
