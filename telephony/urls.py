from django.urls import URLPattern

app_name = "telephony"
urlpatterns: list[URLPattern] = []
