from django.urls import path

from telephony import simulator, webhooks

app_name = "telephony"
urlpatterns = [
    path("sms/inbound/", webhooks.sms_inbound, name="sms_inbound"),
    path("sms/status/", webhooks.sms_status, name="sms_status"),
    path("voice/inbound/", webhooks.voice_inbound, name="voice_inbound"),
    path("voice/menu/", webhooks.voice_menu, name="voice_menu"),
    path("voice/status/", webhooks.voice_status, name="voice_status"),
    path("simulator/", simulator.page, name="simulator"),
    path("simulator/sign/", simulator.sign, name="simulator_sign"),
    path("simulator/messages/", simulator.messages, name="simulator_messages"),
]
