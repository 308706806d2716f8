"""Pictures or files a customer sent with an SMS answer, attached to the complaint.

When an answer goes onto a complaint (telephony.customer_answers), `fetch_after_commit`
queues `fetch_answer_media` (telephony.tasks): each picture or file the message announced
is downloaded from the carrier (the gateway's `fetch_media`) and attached like a file from
the desk (tickets.attachments, by the system), which checks its type and size. One that is
refused or cannot be downloaded is skipped and logged, the others still go. Each is marked
on the stored message once dealt with, under a lock on the message: running the task again
attaches nothing twice.
"""

from __future__ import annotations

import logging
import threading
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import close_old_connections, transaction

from contactcenter import background
from telephony.gateway import GatewayError, get_gateway
from telephony.models import InboundMessage
from tickets.attachments import add_attachment

logger = logging.getLogger(__name__)
ATTACHED = "attached"
SKIPPED = "skipped"


def fetchable(message: InboundMessage) -> int:
    """How many of the message's pictures or files can be fetched from the carrier."""
    return len(message.media)


def fetch_after_commit(message_ids: list[int], ticket_id: int) -> None:
    """Once the answer is committed, fetch the media of these messages onto the complaint:
    a Celery task, or a thread of this process where no worker runs (the quick start)."""
    for message_id in message_ids:
        transaction.on_commit(partial(_start, message_id, ticket_id))


def _start(message_id: int, ticket_id: int) -> None:
    if settings.BACKGROUND_MODE == "celery":
        from telephony.tasks import fetch_answer_media  # telephony.tasks imports this module

        background.publish_later(lambda: fetch_answer_media.delay(message_id, ticket_id))
        return
    threading.Thread(target=_fetch_in_thread, args=(message_id, ticket_id),
                     name="answer-media", daemon=True).start()


def _fetch_in_thread(message_id: int, ticket_id: int) -> None:
    try:
        fetch(message_id, ticket_id)
    except Exception:  # a thread has no one to tell: log it
        logger.exception("Fetching the media of SMS %s failed", message_id)
    finally:
        close_old_connections()


def fetch(message_id: int, ticket_id: int) -> int:
    """Attach each media of the message not dealt with yet to the complaint; how many were
    attached by this call. Nothing for a message that is not on that complaint."""
    attached = 0
    count = len(InboundMessage.objects.filter(pk=message_id, ticket_id=ticket_id)
                .values_list("media", flat=True).first() or [])
    for index in range(count):
        attached += _fetch_one(message_id, ticket_id, index)
    return attached


@transaction.atomic
def _fetch_one(message_id: int, ticket_id: int, index: int) -> int:
    """1 if media `index` was attached now, else 0 (done before, refused, not reachable)."""
    message = (InboundMessage.objects.select_for_update(of=("self",)).select_related("ticket")
               .filter(pk=message_id, ticket_id=ticket_id).first())
    if (message is None or message.ticket is None or index >= len(message.media)
            or message.media[index].get("done")):
        return 0
    entry = message.media[index]
    outcome = SKIPPED
    try:
        content = get_gateway().fetch_media(str(entry.get("url", "")))
        upload = SimpleUploadedFile(_file_name(message, index), content,
                                    str(entry.get("content_type", "")))
        with transaction.atomic():  # a refusal leaves nothing half saved
            add_attachment(ticket=message.ticket, by=None, uploaded_file=upload)
        outcome = ATTACHED
    except GatewayError as exc:
        logger.warning("Media %s of SMS %s not downloaded: %s", index, message_id, exc)
    except ValidationError as exc:
        logger.warning("Media %s of SMS %s refused: %s", index, message_id,
                       "; ".join(exc.messages))
    message.media[index] = {**entry, "done": outcome}
    message.save(update_fields=["media"])
    return 1 if outcome == ATTACHED else 0


def _file_name(message: InboundMessage, index: int) -> str:
    """The name the desk sees: the sender's number, the day, the rank (the extension is
    set from the content by tickets.attachments)."""
    return f"SMS {message.from_number} {message.received_at:%Y-%m-%d} {index + 1}"
