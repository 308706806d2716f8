from __future__ import annotations

from celery import shared_task

from tickets import outbox


@shared_task(name="tickets.deliver_outbox_message", ignore_result=True)
def deliver_outbox_message(message_id: int) -> None:
    """Deliver one outbox row (queued after the commit that wrote it)."""
    outbox.deliver(message_id)
