from __future__ import annotations

from celery import shared_task

from tickets import outbox


@shared_task(name="tickets.deliver_outbox_message", ignore_result=True)
def deliver_outbox_message(message_id: int) -> None:
    """Deliver one outbox row (queued after the commit that wrote it)."""
    outbox.deliver(message_id)


@shared_task(name="tickets.deliver_due_outbox", ignore_result=True)
def deliver_due_outbox() -> None:
    """Deliver every outbox row that is due (after a batch wrote many)."""
    outbox.deliver_due()
