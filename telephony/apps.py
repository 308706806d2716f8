from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TelephonyConfig(AppConfig):
    name = "telephony"
    verbose_name = _("Telephony and SMS")

    def ready(self) -> None:
        # Imported once the app registry is ready (they import models); downwards.
        from telephony import delivery
        from tickets import outbox
        from tickets.models import OutboxMessage

        outbox.register_sender(OutboxMessage.Kind.SMS, delivery.send_sms)
