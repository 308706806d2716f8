from __future__ import annotations

from celery import shared_task

from telephony import inbound


@shared_task(name="telephony.process_pending_sms", ignore_result=True)
def process_pending_sms() -> None:
    """Process the inbound SMS the webhook left pending, and send their replies."""
    inbound.process_pending()
