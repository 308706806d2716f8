"""Every change the status page makes: asking for a one-time code, checking it, and the
purge of old codes.

A code is six random digits, kept only as a keyed hash (SECRET_KEY) and sent by SMS through
the outbox, and only to a number on record with a complaint: the page answers the same
either way, so it never tells whether a number is known. Only a number's latest code
works, once, for CODE_VALIDITY and MAX_TRIES wrong tries. The rate limits count every
code asked for, known number or not.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contactcenter.customers import services as customer_services
from contactcenter.customers.models import Channel, ContactPoint
from contactcenter.locks import lock_key
from contactcenter.selfservice import selectors
from contactcenter.selfservice.exceptions import (
    AccessRefused,
    CodeSpent,
    SatisfactionRefused,
    TooManyRequests,
    WrongCode,
)
from contactcenter.selfservice.models import AccessCode
from tickets import outbox
from tickets import selectors as ticket_selectors
from tickets import services as ticket_services
from tickets.models import OutboxMessage, State, SurveyAnswer, Ticket

CODE_DIGITS = 6
CODE_VALIDITY_MINUTES = 10
CODE_VALIDITY = timedelta(minutes=CODE_VALIDITY_MINUTES)
MAX_TRIES = 5
CODES_PER_NUMBER, NUMBER_WINDOW = 3, timedelta(minutes=15)
CODES_PER_ADDRESS, ADDRESS_WINDOW = 10, timedelta(hours=1)
# Codes are kept a day (the rate limits look back an hour at most), then purged: they name
# a number and an address.
KEPT_FOR = timedelta(days=1)
SMS_EVENT = "access_code"
CODE_MASK = "*" * CODE_DIGITS
# OutboxMessage.last_error of a code asked for a number without complaints.
NOT_SENT_NO_COMPLAINT = "no complaint"
_HASH_SALT = "contactcenter.selfservice.access-code"


def hash_code(*, phone: str, code: str) -> str:
    """The keyed hash stored for `code` sent to `phone` (the same code for another number
    hashes differently)."""
    return salted_hmac(_HASH_SALT, f"{phone}:{code}", algorithm="sha256").hexdigest()


@transaction.atomic
def request_code(*, phone: str, client_ip: str | None, language: str,
                 now: datetime | None = None, require_complaint: bool = True) -> AccessCode:
    """Create a new code for the mobile `phone` (which makes the earlier ones useless) and
    queue it by SMS, in `language`, if the number is on a record with a complaint (the
    returned code's `sms` is that outbox row, written "not sent" otherwise).
    `require_complaint=False` sends it to any number (the chat's caller has found the
    number on a customer's record: identifying someone needs no complaint). Raises
    ValidationError (not a mobile number) or TooManyRequests; nothing is stored or sent
    then. Serialised per number and per address (advisory locks), so the limits hold
    under concurrent requests."""
    now = now or timezone.now()
    e164 = customer_services.normalize_contact(ContactPoint.Kind.MOBILE, phone)
    lock_key(f"selfservice.number:{e164}")
    if client_ip:
        lock_key(f"selfservice.address:{client_ip}")
    if (selectors.codes_asked_for_number(e164, since=now - NUMBER_WINDOW) >= CODES_PER_NUMBER
            or (client_ip and selectors.codes_asked_from_address(
                client_ip, since=now - ADDRESS_WINDOW) >= CODES_PER_ADDRESS)):
        raise TooManyRequests(_("Too many codes were asked for. Wait a few minutes before "
                                "asking for a new one."), code="too_many")
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    access = AccessCode.objects.create(
        phone=e164, code_hash=hash_code(phone=e164, code=code), created_at=now,
        expires_at=now + CODE_VALIDITY, client_ip=client_ip or None)
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    # The same work whether or not the number has complaints, so that the time the page
    # takes does not tell an outsider which numbers are customers': the SMS row is written
    # either way, and only sent to a number with complaints. An answer to the person's own
    # request: sent at night and to an opted-out number. The code leaves the row once sent.
    message = OutboxMessage(
        kind=OutboxMessage.Kind.SMS, ticket=None, event=SMS_EVENT, to=e164,
        language=language, body=code_sms_text(code, language=language),
        redacted_body=code_sms_text(CODE_MASK, language=language),
        is_answer=True, created_at=now, next_attempt_at=now)
    if require_complaint and not ticket_selectors.number_has_complaints(e164):
        message.body, message.status = message.redacted_body, OutboxMessage.Status.SKIPPED
        message.last_error = NOT_SENT_NO_COMPLAINT
    outbox.add(message)
    access.sms = message
    return access


def code_sms_text(code: str, *, language: str) -> str:
    minutes = CODE_VALIDITY_MINUTES
    with translation.override(language):
        return ngettext(
            "Your code to follow your complaints: %(code)s. Valid %(minutes)s minute. "
            "Never give it to anyone.",
            "Your code to follow your complaints: %(code)s. Valid %(minutes)s minutes. "
            "Never give it to anyone.", minutes) % {"code": code, "minutes": minutes}


def verify_code(*, phone: str, code: str, now: datetime | None = None) -> AccessCode:
    """Accept `code` for `phone` once: the number's latest code, unused, unexpired and
    with fewer than MAX_TRIES wrong tries; it is marked used. Raises WrongCode (the try is
    counted and kept) or CodeSpent. Locks the code row while checking it."""
    now = now or timezone.now()
    with transaction.atomic():
        access = (AccessCode.objects.select_for_update().filter(phone=phone)
                  .order_by("-created_at", "-pk").first())
        refusal = _check(access, code=code, now=now)
    if refusal is not None:  # raised once the counted try is committed
        raise refusal
    assert access is not None
    return access


def _check(access: AccessCode | None, *, code: str, now: datetime) -> AccessRefused | None:
    if access is None:
        return CodeSpent(_("No code is waiting for this number: ask for a code."),
                         code="none")
    if access.used_at is not None:
        return CodeSpent(_("This code was already used: ask for a new code."), code="used")
    if access.tries >= MAX_TRIES:
        return CodeSpent(_("Too many wrong codes were typed: ask for a new code."),
                         code="dead")
    if access.expires_at <= now:
        return CodeSpent(_("This code has expired: ask for a new code."), code="expired")
    if not constant_time_compare(access.code_hash, hash_code(phone=access.phone, code=code)):
        access.tries += 1
        access.save(update_fields=["tries"])
        left = MAX_TRIES - access.tries
        if not left:
            return CodeSpent(_("Wrong code, and that was the last try: ask for a new code."),
                             code="dead")
        return WrongCode(ngettext("Wrong code. %(count)s try left.",
                                  "Wrong code. %(count)s tries left.", left) % {"count": left},
                         code="wrong")
    access.used_at = now
    access.save(update_fields=["used_at"])
    return None


def purge_access_codes(*, now: datetime | None = None) -> int:
    """Delete the codes asked for more than KEPT_FOR ago, and the SMS rows that carried
    them (periodic job). Returns how many codes."""
    now = now or timezone.now()
    deleted, _by_model = AccessCode.objects.filter(created_at__lt=now - KEPT_FOR).delete()
    outbox.purge_finished(event=SMS_EVENT, before=now - KEPT_FOR)
    return deleted


@transaction.atomic
def answer_satisfaction(*, ticket: Ticket, score: int, comment: str = "") -> SurveyAnswer:
    """The customer's answer, on the status page, to "are you satisfied with the handling of
    your complaint?": once per complaint, when it is resolved or closed. Raises
    SatisfactionRefused (not yet resolved, already answered on any channel) or RuleViolation
    (not a score from 1 to 5, a comment too long); then nothing is saved."""
    lock_key(f"satisfaction:{ticket.pk}")
    if not ticket_selectors.awaits_satisfaction(ticket):
        raise SatisfactionRefused(
            _("Your satisfaction about this complaint was already recorded.")
            if ticket.state in (State.RESOLVED, State.CLOSED)
            else _("You can say how satisfied you are once the complaint is answered."))
    return ticket_services.record_survey_answer(score=score, channel=Channel.WEB,
                                                ticket=ticket, comment=comment)
