"""Inbound SMS: stored first, then read as a request and answered.

The carrier drops a webhook that takes more than 15 s and does not retry one answered with a
5xx, so the webhook stores each message with one idempotent insert, committed at once, and
only then answers it (`answer_message`, its own transaction) in the webhook's response.
Processing happens once per carrier message id: a repeated delivery finds the message
processed and gets the stored reply. A message whose processing failed stays pending with
the error; `process_pending` (a periodic job) processes it later and sends the reply as an
outbound SMS.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contactcenter.customers import selectors as customer_selectors
from contactcenter.customers import services as customer_services
from contactcenter.customers.models import Channel, Customer, Interaction
from contactcenter.customers.text import clean_text
from contactcenter.locks import lock_key
from contactcenter.sms_segments import count_segments
from telephony import customer_answers, hooks, status_replies
from telephony.carrier_events import caller_number, store_once
from telephony.gateway import InboundSms, PayloadError
from telephony.models import BODY_MAX_LENGTH, InboundMessage
from telephony.sms_commands import Kind, SmsCommand, detect_language, parse_command
from tickets import outbox
from tickets import selectors as ticket_selectors
from tickets import services as ticket_services
from tickets.models import OutboxMessage, State, Ticket

logger = logging.getLogger(__name__)
Status = InboundMessage.Status

# A message the webhook is still processing is not the job's: the carrier gives up on the
# webhook after 15 s, so anything older than this was left behind.
PROCESSING_GRACE = timedelta(seconds=60)
MAX_ATTEMPTS = 10
# How long after closing a bare digit 1-5 is read as the answer to the satisfaction question.
SATISFACTION_WINDOW = timedelta(days=14)
_CARRIER_ID = re.compile(r"[\x21-\x7e]{1,64}")


@dataclass(frozen=True)
class Outcome:
    """What processing a message led to."""

    reply: str
    language: str
    customer: Customer | None = None
    ticket: Ticket | None = None
    command: str = ""  # stored instead of the command read, when it says more


# --- Storing ----------------------------------------------------------------------------------

def store(sms: InboundSms, *, now: datetime | None = None) -> InboundMessage:
    """The message as stored: inserted now, or as an earlier delivery of the same carrier
    message stored it. One INSERT ... ON CONFLICT DO NOTHING, committed at once when called
    outside a transaction; never raises on a replay. Raises PayloadError on a malformed id."""
    if not _CARRIER_ID.fullmatch(sms.carrier_id):
        raise PayloadError("MessageSid is malformed")
    candidate = InboundMessage(
        carrier_id=sms.carrier_id, from_number=caller_number(sms.from_number),
        to_number=clean_text(sms.to_number)[:40], body=clean_text(sms.body)[:BODY_MAX_LENGTH],
        num_media=max(0, min(sms.num_media, 32767)),
        media=[{"url": url, "content_type": content_type, "done": ""}
               for url, content_type in sms.media],
        received_at=now or timezone.now())
    return store_once(candidate, carrier_id=sms.carrier_id)


# --- Answering the webhook ---------------------------------------------------------------------

def answer(message: InboundMessage) -> str | None:
    """The text to answer the webhook with: the stored reply of a message already processed,
    else the reply of processing it now. None when there is nothing to say in the answer:
    processing failed (the message stays pending with the error, for `process_pending`) or
    the reply already went as an outbound SMS. Never raises."""
    if message.status != Status.PROCESSED:
        try:
            message = answer_message(message)
        except Exception as exc:  # noqa: BLE001 - the message is stored: answer 200 anyway
            logger.exception("Inbound SMS %s not processed", message.carrier_id)
            record_failure(message, exc)
            # A hook run after the commit (queueing a task) may fail once the work is done.
            processed = _processed(message)
            if processed is None:
                return None
            message = processed
    if message.reply_by_sms:
        return None
    return message.reply or None


def record_failure(message: InboundMessage, error: BaseException) -> None:
    """Keep the error on a message still to process (its own statement: the processing
    transaction was rolled back). Never raises."""
    try:
        InboundMessage.objects.filter(pk=message.pk).exclude(status=Status.PROCESSED).update(
            status=Status.FAILED, attempts=F("attempts") + 1,
            last_error=f"{type(error).__name__}: {error}"[:2000])
    except Exception:  # noqa: BLE001 - the database itself may be what failed
        logger.exception("Failure of inbound SMS %s not recorded", message.carrier_id)


def _processed(message: InboundMessage) -> InboundMessage | None:
    try:
        return InboundMessage.objects.filter(pk=message.pk, status=Status.PROCESSED).first()
    except Exception:  # noqa: BLE001 - the database itself may be what failed
        logger.exception("Inbound SMS %s not read again", message.carrier_id)
        return None


def process_pending(*, now: datetime | None = None, limit: int = 100) -> int:
    """Process the messages left pending (the webhook failed or died), oldest first, and
    send their replies as outbound SMS (periodic job). Returns how many were processed."""
    now = now or timezone.now()
    pending = list(InboundMessage.objects.filter(
        status__in=[Status.RECEIVED, Status.FAILED], attempts__lt=MAX_ATTEMPTS,
        received_at__lte=now - PROCESSING_GRACE).order_by("received_at", "pk")[:limit])
    processed = 0
    for message in pending:
        try:
            answer_message(message, reply_by_sms=True, now=now)
        except Exception as exc:  # noqa: BLE001 - one bad message must not stop the others
            logger.exception("Inbound SMS %s not processed", message.carrier_id)
            record_failure(message, exc)
        else:
            processed += 1
    return processed


# --- Processing --------------------------------------------------------------------------------

# Questions that change nothing but the timeline: answered without locking the message.
READ_ONLY = frozenset({Kind.STATUS, Kind.LIST, Kind.EMPTY})


def answer_message(message: InboundMessage, *, reply_by_sms: bool = False,
            now: datetime | None = None) -> InboundMessage:
    """Do what the message asks, once, and store the reply. With `reply_by_sms` the reply
    is also sent as an outbound SMS after commit. Raises whatever fails (nothing is kept
    then)."""
    now = now or timezone.now()
    command = parse_command(message.body)
    if command.kind in READ_ONLY and not reply_by_sms and not _may_choose(message, command,
                                                                          now=now):
        return _answer_question(message, command, now=now)
    return _process_locked(message, command, reply_by_sms=reply_by_sms, now=now)


def _answer_question(message: InboundMessage, command: SmsCommand, *,
                     now: datetime) -> InboundMessage:
    """A status, a list or a request for help: nothing to do once only but to record the
    contact (idempotent on the carrier id) and the reply, so no lock and no transaction
    (the webhook's common case, kept to a few statements). Two deliveries at once both
    answer; the first to store its reply wins and the other returns it."""
    outcome = _act(message, command, now=now)
    _record_contact(message, outcome)
    return _store_outcome(message, command, outcome, now=now)


# What processing a message led to, stored unless another delivery stored its own first
# (plain SQL, prepared once per connection: it runs for every message).
_STORE_OUTCOME = f"""
    UPDATE {InboundMessage._meta.db_table}
    SET status = '{Status.PROCESSED.value}', processed_at = %s, last_error = '', command = %s,
        language = %s, reply = %s, customer_id = %s, ticket_id = %s, reply_by_sms = %s,
        attempts = attempts + 1
    WHERE id = %s AND status <> '{Status.PROCESSED.value}'
    RETURNING attempts
"""
_LOCK = f"SELECT status FROM {InboundMessage._meta.db_table} WHERE id = %s FOR UPDATE"


def _store_outcome(message: InboundMessage, command: SmsCommand, outcome: Outcome, *,
                   now: datetime, reply_by_sms: bool = False) -> InboundMessage:
    """The message as processed: with this outcome, or as another delivery stored it."""
    with connection.cursor() as cursor:
        cursor.execute(_STORE_OUTCOME, [
            now, outcome.command or command.kind, outcome.language, outcome.reply,
            outcome.customer.pk if outcome.customer else None,
            outcome.ticket.pk if outcome.ticket else None, reply_by_sms, message.pk])
        stored = cursor.fetchone()
    if stored is None:
        return InboundMessage.objects.get(pk=message.pk)
    message.status, message.processed_at, message.last_error = Status.PROCESSED, now, ""
    message.command = outcome.command or command.kind
    message.language, message.reply = outcome.language, outcome.reply
    message.customer, message.ticket = outcome.customer, outcome.ticket
    message.reply_by_sms, message.attempts = reply_by_sms, stored[0]
    return message


def _record_contact(message: InboundMessage, outcome: Outcome) -> None:
    if outcome.customer is not None:
        customer_services.record_interaction(
            customer=outcome.customer, channel=Channel.SMS,
            direction=Interaction.Direction.INBOUND, summary=message.body,
            occurred_at=message.received_at, carrier_id=message.carrier_id,
            ticket=outcome.ticket)


@transaction.atomic
def _process_locked(message: InboundMessage, command: SmsCommand, *, reply_by_sms: bool,
                    now: datetime) -> InboundMessage:
    """Anything that may change something (a new complaint, a satisfaction score, an
    opt-out): under a lock on the stored message, so that it happens once however many
    deliveries arrive together."""
    with connection.cursor() as cursor:
        cursor.execute(_LOCK, [message.pk])
        (status,) = cursor.fetchone()
    if status == Status.PROCESSED:
        return InboundMessage.objects.get(pk=message.pk)
    outcome = _act(message, command, now=now, locked=True)
    _record_contact(message, outcome)
    message = _store_outcome(message, command, outcome, now=now,
                             reply_by_sms=reply_by_sms and bool(outcome.reply))
    if message.reply_by_sms:
        _send_reply(message)
    return message


def _may_choose(message: InboundMessage, command: SmsCommand, *, now: datetime) -> bool:
    """A reference alone from a number with messages kept until it says which complaint
    they answer: it chooses (a change, processed under the lock), not a plain question.
    So may pictures without text: the document a complaint waits for."""
    if command.kind == Kind.EMPTY:
        return message.num_media > 0
    return (command.kind == Kind.STATUS and command.reference_valid
            and customer_answers.has_pending(message, now=now))


def _act(message: InboundMessage, command: SmsCommand, *, now: datetime,
         locked: bool = False) -> Outcome:
    if command.kind == Kind.STATUS:
        chosen = _choice(message, command, now=now) if locked else None
        return chosen or _status(message, command)
    senders = customer_selectors.records_with_phone(message.from_number)
    language = _reply_language(senders, message.body)
    if command.kind == Kind.COMPLAINT:
        score = _satisfaction_score(command.body)
        ticket = (_awaiting_satisfaction(message, senders, now=now) if score is not None
                  else None)
        if ticket is not None and score is not None:
            return _record_satisfaction(message, ticket, score, language=language, now=now)
        threaded = customer_answers.thread(message, senders, language=language, now=now)
        if threaded is not None:
            return _threaded_outcome(threaded, language)
        return _open_complaint(message, senders, now=now)
    if command.kind == Kind.EMPTY and message.num_media and locked:
        threaded = customer_answers.thread(message, senders, language=language, now=now,
                                           may_open=False)
        if threaded is not None:
            return _threaded_outcome(threaded, language)
    first = senders[0] if senders else None
    with translation.override(language):
        if command.kind == Kind.LIST:
            return Outcome(status_replies.list_text(senders), language, first)
        if command.kind in (Kind.STOP, Kind.START):
            return Outcome(_set_opt_out(message, command.kind == Kind.STOP, now=now),
                           language, first)
        return Outcome(_help_text(message), language, first)


def _choice(message: InboundMessage, command: SmsCommand, *, now: datetime) -> Outcome | None:
    if not (command.reference and _may_choose(message, command, now=now)):
        return None
    senders = customer_selectors.records_with_phone(message.from_number)
    language = _reply_language(senders, message.body)
    threaded = customer_answers.choose(message, command.reference, senders,
                                       language=language, now=now)
    return _threaded_outcome(threaded, language) if threaded is not None else None


def _threaded_outcome(threaded: customer_answers.Threaded, language: str) -> Outcome:
    return Outcome(threaded.reply, language, threaded.customer, threaded.ticket,
                   threaded.command)


def _reply_language(senders: list[Customer], body: str) -> str:
    """The customer's preferred language when the number belongs to identified records
    that agree on it, else the script of the message; for a message without letters, the
    language its provisional record was given, else French."""
    identified = {c.preferred_language for c in senders if not c.to_identify}
    if len(identified) == 1:
        return identified.pop()
    if any(ch.isalpha() for ch in body):
        return detect_language(body)
    provisional = {c.preferred_language for c in senders}
    return provisional.pop() if len(provisional) == 1 else detect_language(body)


# --- A new complaint ---------------------------------------------------------------------------

def _open_complaint(message: InboundMessage, senders: list[Customer], *,
                    now: datetime) -> Outcome:
    language: str = detect_language(message.body)
    # One number's new complaints are counted under a lock on the number: two messages
    # processed together cannot both take the last place.
    lock_key(f"sms-complaints:{message.from_number}")
    if senders and _too_many_complaints(senders, now=now):
        limit, hours = settings.SMS_COMPLAINTS_PER_NUMBER, settings.SMS_COMPLAINT_WINDOW_HOURS
        with translation.override(language):
            # The message stays on the customer's record (the contact): nothing is lost.
            return Outcome(ngettext(
                "You have already sent %(count)s new complaint by SMS in the last "
                "%(hours)s hours: an agent will read your message. To follow your complaints, "
                "text SUIVI.",
                "You have already sent %(count)s new complaints by SMS in the last "
                "%(hours)s hours: an agent will read your message. To follow your complaints, "
                "text SUIVI.", limit) % {"count": limit, "hours": hours}, language, senders[0])
    identification = None
    if not senders:  # (records holding the number are found already: no lock, no query)
        try:
            identification = customer_services.identify_or_provision(
                phone=message.from_number)
        except ValidationError:
            pass  # not a mobile: only records already holding it could have been used
    customers = identification.customers if identification else senders
    if not customers:
        with translation.override(language):
            return Outcome(_("We could not register your complaint from this number. Please "
                             "call us or visit an agency."), language)
    # A number shared by several records: the identified one first, the desk can correct.
    customer = next((c for c in customers if not c.to_identify), customers[0])
    if identification and identification.provisional and language != customer.preferred_language:
        customer = customer_services.update_customer(customer=customer,
                                                     preferred_language=language)
    ticket = ticket_services.open_complaint(
        customer=customer, channel=Channel.SMS, description=message.body, by=None,
        actor_label=message.from_number, notify=False, now=now)
    # The answer to the SMS is the confirmation: the same text as the notification.
    confirmation = outbox.sms(ticket=ticket, event="received", answer=True, now=now)
    language = confirmation.language or customer.preferred_language
    reply = confirmation.body
    if not reply:  # no notification text configured: the customer still needs the reference
        with translation.override(language):
            reply = (_("Your complaint is registered under reference %(ref)s. Follow it by "
                       "texting SUIVI %(ref)s.") % {"ref": ticket.reference})
    reply = _with_help_link(reply, message.body, language=language)
    return Outcome(reply, language, customer, ticket)


# A help link may make the reply at most this many segments longer.
HELP_LINK_EXTRA_SEGMENTS = 1


def _with_help_link(reply: str, body: str, *, language: str) -> str:
    """The reply ending with the public help article that answers the message, when one
    matches well (telephony.hooks.help_link_for) and the reply stays short enough."""
    link = hooks.help_link_for(body, detect_language(body))
    if not link:
        return reply
    with translation.override(language):
        longer = reply + " " + _("Help: %(link)s") % {"link": link}
    if (count_segments(longer).segments
            > count_segments(reply).segments + HELP_LINK_EXTRA_SEGMENTS):
        return reply
    return longer


def _too_many_complaints(senders: list[Customer], *, now: datetime) -> bool:
    since = now - timedelta(hours=settings.SMS_COMPLAINT_WINDOW_HOURS)
    opened = ticket_selectors.complaints_opened_by_sms(senders, since=since)
    return opened >= settings.SMS_COMPLAINTS_PER_NUMBER


# --- Satisfaction ------------------------------------------------------------------------------

def _satisfaction_score(text: str) -> int | None:
    """1 to 5 when the text is that one digit (in any script), else None."""
    if len(text) != 1:
        return None
    digit = unicodedata.decimal(text, None)
    return digit if digit is not None and 1 <= digit <= 5 else None


def _awaiting_satisfaction(message: InboundMessage, senders: list[Customer], *,
                           now: datetime) -> Ticket | None:
    """The complaint whose satisfaction question was the last one sent to the number (not
    the sender's newest complaint: they may have opened another since), else, with no
    question on record, the sender's latest complaint; if it was closed lately and not yet
    rated."""
    since = now - SATISFACTION_WINDOW
    latest = ticket_selectors.last_satisfaction_question(message.from_number, senders,
                                                         since=since)
    if latest is None and senders:
        latest = ticket_selectors.latest_complaint_of(senders)
    if (latest is None or latest.state != State.CLOSED or latest.satisfaction is not None
            or latest.closed_at is None or latest.closed_at < since):
        return None
    return latest


def _record_satisfaction(message: InboundMessage, ticket: Ticket, score: int, *,
                         language: str, now: datetime) -> Outcome:
    ticket_services.record_satisfaction(ticket=ticket, score=score,
                                        actor_label=message.from_number, now=now)
    with translation.override(language):
        reply = _("Thank you for rating complaint %(ref)s.") % {"ref": ticket.reference}
    return Outcome(reply, language, ticket.customer, ticket)


# --- Following complaints ----------------------------------------------------------------------

def _status(message: InboundMessage, command: SmsCommand) -> Outcome:
    """The state of the complaint asked about, only if it belongs to a record holding the
    sender's number: anyone else learns nothing, not even that it exists (two queries: the
    records holding the number, then the complaint)."""
    found = ticket_selectors.phone_status(
        phone=message.from_number,
        reference=command.reference if command.reference_valid else None)
    language = _reply_language(found.senders, message.body)
    with translation.override(language):
        if found.ticket is None:
            return Outcome(status_replies.unknown_reference_text(), language,
                           found.senders[0] if found.senders else None)
        reply = status_replies.status_text(found.ticket, found.last_step)
    return Outcome(reply, language, found.ticket.customer, found.ticket)


# --- Opt-out and help --------------------------------------------------------------------------

def _set_opt_out(message: InboundMessage, opted_out: bool, *, now: datetime) -> str:
    try:
        customer_services.set_sms_opt_out(phone=message.from_number, opted_out=opted_out,
                                          channel="sms", at=now)
    except ValidationError:
        # Not a mobile number: nothing is ever sent to it, so the answer still holds.
        logger.warning("Opt-out of %s not recorded: not a mobile number", message.from_number)
    if opted_out:
        return _("You will no longer receive SMS notifications. Text START to receive them "
                 "again.")
    return _("You will receive SMS notifications again. Text STOP to stop them.")


def _help_text(message: InboundMessage) -> str:
    text = _("To follow a complaint, text SUIVI followed by its reference. To make a "
             "complaint, write it in a message.")
    if message.num_media:
        return _("We cannot read pictures or files sent by SMS.") + " " + text
    return text


# --- Replies sent late -------------------------------------------------------------------------

def _send_reply(message: InboundMessage) -> None:
    """Send the reply of a message processed late as an outbound SMS, through the outbox:
    delivered after commit and retried like any notification, but as an answer (not held
    at night, sent to an opted-out number too)."""
    outbox.add(OutboxMessage(
        kind=OutboxMessage.Kind.SMS, ticket=message.ticket, event="reply",
        to=message.from_number, language=message.language, body=message.reply,
        is_answer=True))
