"""The complaint page's "messages to the customer": every SMS about the complaint that the
customer was sent, whichever way it left. Most go through the outbox (tickets.outbox) with
their delivery status; the answers to the customer's own SMS go back in the reply to the
carrier's webhook (telephony.sms_answers), among them the registration of a complaint
opened by SMS: left out, the page said "no SMS sent" about a complaint whose registration
the customer had received."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from telephony import sms_answers
from telephony.models import InboundMessage
from tickets import selectors as ticket_selectors
from tickets.models import OutboxMessage, SmsTemplate, Ticket

CUSTOMER_MESSAGES = 20


@dataclass(frozen=True)
class AnswerSms:
    """An answer given in the webhook's reply, shown like an outbox row: sent, no
    carrier's report (the carrier reports only on the messages we send)."""

    created_at: datetime
    event_label: str
    to: str
    body: str
    progress: OutboxMessage.Progress = OutboxMessage.Progress.SENT
    is_problem: bool = False
    problem: str = ""
    next_attempt_at: datetime | None = None
    is_answer: bool = True


def _answer(message: InboundMessage) -> AnswerSms:
    label = (SmsTemplate.Event.RECEIVED.label if sms_answers.opened_the_complaint(message)
             else _("Answer to the customer's SMS"))
    return AnswerSms(created_at=message.processed_at or message.received_at,
                     event_label=str(label), to=message.from_number, body=message.reply)


def customer_messages(ticket: Ticket, *, limit: int = CUSTOMER_MESSAGES
                      ) -> list[OutboxMessage | AnswerSms]:
    """The latest SMS to the customer about this complaint, newest first (two queries)."""
    sent: list[OutboxMessage | AnswerSms] = list(ticket_selectors.sms_about(ticket, limit=limit))
    sent += [_answer(message) for message in sms_answers.answers_about(ticket.pk, limit=limit)]
    sent.sort(key=lambda message: message.created_at, reverse=True)
    return sent[:limit]
