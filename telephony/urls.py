from django.urls import path

from telephony import delivery, simulator, views

app_name = "telephony"
urlpatterns = [
    path("sms/inbound/", views.sms_inbound, name="sms_inbound"),
    path("sms/status/", delivery.sms_status, name="sms_status"),
    path("voice/inbound/", views.voice_inbound, name="voice_inbound"),
    path("voice/menu/", views.voice_menu, name="voice_menu"),
    path("voice/status/", views.voice_status, name="voice_status"),
    path("simulator/", simulator.page, name="simulator"),
    path("simulator/sign/", simulator.sign, name="simulator_sign"),
    path("simulator/messages/", simulator.messages, name="simulator_messages"),
]
