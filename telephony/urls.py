from django.urls import path

from telephony import views

app_name = "telephony"
urlpatterns = [
    path("sms/inbound/", views.sms_inbound, name="sms_inbound"),
]
