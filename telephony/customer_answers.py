"""A customer's SMS that answers one of their complaints, put on that complaint.

An agent who needs something from the customer puts the complaint in wait
(tickets.services.ask_customer; the customer gets the question by SMS). What the customer
then texts from a number held by their record goes onto the complaint as their answer
(tickets.services.record_customer_reply: back in progress, in its holder's queue, the holder
told on their open pages) instead of opening a new complaint:

- a message that starts with the reference of one of the sender's complaints goes to that
  one, the rest of the text being the answer;
- else, with one complaint waiting, it goes to that one;
- with several waiting, it goes to none yet: it is kept as "unthreaded" (on the stored
  message and on the customer's record) and the reply lists the references to choose from;
  the next message from the number that names one (the reference alone, or followed by
  more text) carries the kept messages onto that complaint;
- with none waiting, a message sent within ANSWER_WINDOW of the last question asked on one
  of the sender's complaints still answers it: on that complaint if it is still open; if it
  was closed meanwhile, on the sender's only open complaint when there is exactly one, else
  as a new complaint related to the closed one (the reply gives its reference). A reference
  that names a closed complaint leads to a new related complaint as well.

Pictures or files sent with the SMS (MMS) are fetched from the carrier after commit and
attached to the complaint the answer went to (telephony.answer_media): the answer says how
many, and the customer is told they were received. Those the carrier does not keep on its
media host are not fetched: the answer counts them, and the customer is told they cannot be
read. Pictures without text go the same way to a complaint that is open, never opening one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contactcenter.customers.models import Channel, Customer
from contactcenter.locks import lock_key
from telephony import answer_media
from telephony.models import InboundMessage
from telephony.sms_commands import leading_reference
from tickets import selectors as ticket_selectors
from tickets import services as ticket_services
from tickets.models import State, Ticket

# How long after a question (a complaint put in wait) a message still answers it, and how
# long a message that did not say which complaint it answers is kept for the next one.
ANSWER_WINDOW = timedelta(days=14)
# InboundMessage.command of a message kept until the customer says which complaint it answers.
UNTHREADED = "unthreaded"
ANSWER = "answer"
LISTED = 5


@dataclass(frozen=True)
class Threaded:
    """What became of a message taken as an answer: the reply and where it went."""

    reply: str
    customer: Customer
    ticket: Ticket | None
    command: str = ANSWER


def thread(message: InboundMessage, senders: list[Customer], *, language: str,
           now: datetime, may_open: bool = True) -> Threaded | None:
    """Put the message on the complaint it answers, if it answers one (see the module);
    None when it is not an answer (the caller opens a new complaint). `may_open=False`
    (pictures without text) never opens a complaint: only an open one gets it. Call under
    the lock on the stored message."""
    if not senders:
        return None
    # One number's messages are matched one at a time (the key _open_complaint takes too):
    # a second answer sent together sees the first one's effect.
    lock_key(f"sms-complaints:{message.from_number}")
    leading = leading_reference(message.body)
    if leading is not None:
        reference, rest = leading
        named = ticket_selectors.complaint_of(senders, reference)
        if named is not None and (rest or message.num_media or _has_pending(message, now)):
            return _to_named(message, named, rest, language=language, now=now)
    waiting = ticket_selectors.waiting_complaints_of(senders)
    if len(waiting) == 1:
        return _attach(message, waiting[0], message.body, language=language, now=now)
    if waiting:
        return _ask_which(waiting, language=language)
    return _after_the_wait(message, senders, language=language, now=now, may_open=may_open)


def has_pending(message: InboundMessage, *, now: datetime) -> bool:
    """Whether the number has messages kept until it says which complaint they answer (one
    query on a small partial index): a reference alone from it then chooses."""
    return _has_pending(message, now)


def choose(message: InboundMessage, reference: str, senders: list[Customer], *,
           language: str, now: datetime) -> Threaded | None:
    """The customer named a complaint (the reference alone) after being asked which one
    their kept messages answer: those go onto it. None when the reference is not one of
    theirs (the caller answers with its status as usual)."""
    lock_key(f"sms-complaints:{message.from_number}")
    named = ticket_selectors.complaint_of(senders, reference)
    if named is None:
        return None
    return _to_named(message, named, "", language=language, now=now)


# --- Where it goes -----------------------------------------------------------------------------

def _to_named(message: InboundMessage, named: Ticket, text: str, *, language: str,
              now: datetime) -> Threaded:
    target = _surviving(named)
    if target.is_open:
        return _attach(message, target, text, language=language, now=now)
    return _new_related(message, target, text, language=language, now=now)


def _after_the_wait(message: InboundMessage, senders: list[Customer], *, language: str,
                    now: datetime, may_open: bool) -> Threaded | None:
    asked = ticket_selectors.last_asked_complaint(senders, since=now - ANSWER_WINDOW)
    if asked is None:
        return None
    asked = _surviving(asked)
    if asked.is_open:
        return _attach(message, asked, message.body, language=language, now=now)
    if not may_open:
        return None
    still_open = ticket_selectors.open_complaints_of(senders, limit=2)
    if len(still_open) == 1:
        return _attach(message, still_open[0], message.body, language=language, now=now)
    return _new_related(message, asked, message.body, language=language, now=now)


def _surviving(ticket: Ticket) -> Ticket:
    """A complaint merged into another one lives on in that one."""
    if ticket.state == State.MERGED and ticket.merged_into is not None:
        return ticket.merged_into
    return ticket


def _attach(message: InboundMessage, ticket: Ticket, text: str, *, language: str,
            now: datetime) -> Threaded:
    kept = _kept(message, now=now)
    media = _Media.of([message, *kept])
    answer = _answer_text([*(m.body for m in kept), text], media=media)
    ticket_services.record_customer_reply(ticket=ticket, text=answer,
                                          actor_label=message.from_number, now=now)
    _put_on(kept, ticket, message)
    with translation.override(language):
        reply = _("Thank you: your answer was added to complaint %(ref)s.") % {
            "ref": ticket.reference}
        reply += _media_reply(message)
    return Threaded(reply, ticket.customer, ticket)


def _new_related(message: InboundMessage, closed: Ticket, text: str, *, language: str,
                 now: datetime) -> Threaded:
    kept = _kept(message, now=now)
    description = _answer_text([*(m.body for m in kept), text],
                               media=_Media.of([message, *kept]))
    ticket = ticket_services.open_complaint(
        customer=closed.customer, channel=Channel.SMS, description=description, by=None,
        actor_label=message.from_number, notify=False, now=now)
    ticket_services.link_tickets(ticket=ticket, other=closed, by=None, now=now)
    _put_on(kept, ticket, message)
    with translation.override(language):
        reply = _("Complaint %(old)s is already closed: your message was registered as a new "
                  "complaint under reference %(ref)s.") % {"old": closed.reference,
                                                          "ref": ticket.reference}
        reply += _media_reply(message)
    return Threaded(reply, ticket.customer, ticket)


def _ask_which(waiting: list[Ticket], *, language: str) -> Threaded:
    references = ", ".join(ticket.reference for ticket in waiting[:LISTED])
    with translation.override(language):
        reply = ngettext(
            "%(count)s of your complaints is waiting for your answer: %(refs)s. Send the "
            "reference of the one this message answers; we keep your message until then.",
            "%(count)s of your complaints are waiting for your answer: %(refs)s. Send the "
            "reference of the one this message answers; we keep your message until then.",
            len(waiting)) % {"count": len(waiting), "refs": references}
    return Threaded(reply, waiting[0].customer, None, command=UNTHREADED)


@dataclass(frozen=True)
class _Media:
    """The pictures or files that came with the messages of an answer: those fetched from
    the carrier and attached, and those that cannot be read."""

    attached: int
    unreadable: int

    @classmethod
    def of(cls, messages: list[InboundMessage]) -> _Media:
        attached = sum(answer_media.fetchable(m) for m in messages)
        total = sum(max(m.num_media, answer_media.fetchable(m)) for m in messages)
        return cls(attached, total - attached)


def _answer_text(parts: list[str], *, media: _Media) -> str:
    text = "\n".join(part for part in parts if part)
    with translation.override(settings.LANGUAGE_CODE):  # a stored text: the desk's
        if media.attached:
            text += ("\n" if text else "") + ngettext(
                "(%(count)s picture or file came with this SMS: see the complaint's "
                "attachments.)",
                "(%(count)s pictures or files came with this SMS: see the complaint's "
                "attachments.)",
                media.attached) % {"count": media.attached}
        if media.unreadable:
            text += ("\n" if text else "") + ngettext(
                "(%(count)s picture or file came with this SMS: it cannot be read.)",
                "(%(count)s pictures or files came with this SMS: they cannot be read.)",
                media.unreadable) % {"count": media.unreadable}
    return text


def _media_reply(message: InboundMessage) -> str:
    """What the customer is told about the pictures or files they sent (in the language
    of the reply being written), with a leading space; empty without any."""
    reply = ""
    if answer_media.fetchable(message):
        reply += " " + _("We received your pictures or files.")
    if message.num_media > answer_media.fetchable(message):
        reply += " " + _("We cannot read pictures or files sent by SMS.")
    return reply


# --- Messages kept until the customer says which complaint -------------------------------------

def _pending(message: InboundMessage, now: datetime) -> QuerySet[InboundMessage]:
    return InboundMessage.objects.filter(
        from_number=message.from_number, command=UNTHREADED, ticket__isnull=True,
        received_at__gte=now - ANSWER_WINDOW).exclude(pk=message.pk)


def _has_pending(message: InboundMessage, now: datetime) -> bool:
    return _pending(message, now).exists()


def _kept(message: InboundMessage, *, now: datetime) -> list[InboundMessage]:
    """The kept messages, oldest first (locked until commit)."""
    return list(_pending(message, now).select_for_update().order_by("received_at", "pk")
                .only("pk", "body", "num_media", "media"))


def _put_on(kept: list[InboundMessage], ticket: Ticket, message: InboundMessage) -> None:
    """The kept messages are now on this complaint: no longer waiting for a choice. The
    pictures or files of the message and of the kept ones are fetched onto it after
    commit (the caller stores the message's complaint in the same transaction)."""
    if kept:
        InboundMessage.objects.filter(pk__in=[m.pk for m in kept]).update(ticket=ticket)
    with_media = [m.pk for m in [message, *kept] if answer_media.fetchable(m)]
    if with_media:
        answer_media.fetch_after_commit(with_media, ticket.pk)
