from django.urls import URLPattern

app_name = "sla"
urlpatterns: list[URLPattern] = []
