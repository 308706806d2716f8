from __future__ import annotations

from celery import shared_task

from telephony import answer_media, inbound


@shared_task(name="telephony.process_pending_sms", ignore_result=True)
def process_pending_sms() -> None:
    """Process the inbound SMS the webhook left pending, and send their replies."""
    inbound.process_pending()


@shared_task(name="telephony.fetch_answer_media", ignore_result=True)
def fetch_answer_media(message_id: int, ticket_id: int) -> None:
    """Attach the pictures or files of an SMS answer to its complaint (idempotent)."""
    answer_media.fetch(message_id, ticket_id)
