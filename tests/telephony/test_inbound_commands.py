"""What an inbound SMS asks for, and the answer: a new complaint (also from an unknown
number), a complaint's status for its own customer only, the list of open complaints, help,
the satisfaction score after closing, opt-out and back. French or Arabic by the customer's
preference, else by the script of the message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from contactcenter import i18n
from contactcenter.customers.models import Customer, Interaction
from contactcenter.customers.services import is_sms_opted_out
from telephony import inbound, status_replies, wording
from telephony.models import InboundMessage
from tests import factories
from tests.telephony.conftest import SENDER, text_sms
from tickets import services
from tickets.exceptions import RuleViolation
from tickets.models import OutboxMessage, Ticket, TicketEvent
from tickets.references import new_reference

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sms_webhook")]
OTHER_NUMBER = "+212662000444"
COMPLAINT = "Ma pension de retraite n'est pas versée depuis deux mois"
ARABIC_COMPLAINT = "لم أتوصل بالتعويضات العائلية منذ شهر مارس"


def _last() -> InboundMessage:
    return InboundMessage.objects.latest("pk")


def _in(language: str, build, *args):  # type: ignore[no-untyped-def]
    """A reply text as the code builds it in `language` (translations may change the words,
    not which text is chosen)."""
    with translation.override(language):
        return build(*args)


def _open_for(customer: Customer, *, due: datetime | None = None) -> Ticket:
    ticket = services.open_complaint(customer=customer, channel="counter", by=None,
                                     description="Indemnités non reçues")
    if due is not None:
        Ticket.objects.filter(pk=ticket.pk).update(resolution_due=due)
        ticket = Ticket.objects.get(pk=ticket.pk)
    return ticket


def _closed_for(customer: Customer, handler, category, *,  # type: ignore[no-untyped-def]
                closed_at: datetime | None = None) -> Ticket:
    ticket = services.open_complaint(customer=customer, channel="counter", by=handler,
                                     description="Indemnités non reçues", category=category)
    services.start_ticket(ticket=ticket, by=handler)
    services.resolve_ticket(ticket=ticket, by=handler, outcome="accepted",
                            explanation="Versement effectué le 2 avril.")
    services.close_ticket(ticket=ticket, by=handler, now=closed_at)
    return ticket


# --- New complaints ---------------------------------------------------------------------------

def test_a_known_customer_complains_and_the_answer_is_the_confirmation(mobile_customer) -> None:
    reply = text_sms(COMPLAINT)
    ticket = Ticket.objects.get()
    assert ticket.customer == mobile_customer and ticket.channel == "sms"
    assert ticket.description == COMPLAINT and ticket.created_by is None
    assert ticket.events.get(kind="opened").actor_label == SENDER
    # The answer is the confirmation: no "received" SMS is queued besides it.
    assert not OutboxMessage.objects.filter(kind="sms").exists()
    assert OutboxMessage.objects.filter(kind="board").exists()
    message = _last()
    assert message.command == "complaint" and message.language == "fr"
    assert ticket.reference in reply
    interaction = Interaction.objects.get()
    assert (interaction.customer, interaction.channel, interaction.direction,
            interaction.ticket, interaction.carrier_id) == (
        mobile_customer, "sms", "in", ticket, message.carrier_id)
    assert interaction.summary == COMPLAINT


def test_an_unknown_number_gets_a_provisional_customer_to_identify() -> None:
    reply = text_sms(COMPLAINT, sender=OTHER_NUMBER)
    ticket = Ticket.objects.get()
    customer = ticket.customer
    assert customer.to_identify
    assert list(customer.contact_points.values_list("value", flat=True)) == [OTHER_NUMBER]
    assert ticket.reference in reply
    assert _last().customer == customer
    text_sms("Toujours rien reçu", sender=OTHER_NUMBER)
    assert Customer.objects.count() == 1 and Ticket.objects.count() == 2


def test_an_arabic_message_from_an_unknown_number_is_answered_in_arabic() -> None:
    text_sms(ARABIC_COMPLAINT, sender=OTHER_NUMBER)
    message = _last()
    assert message.language == "ar"
    assert Ticket.objects.get().customer.preferred_language == "ar"
    text_sms("", sender=OTHER_NUMBER)
    assert _last().language == "ar"  # a provisional record's language is not known


def test_a_french_speaking_customer_is_answered_in_french_whatever_the_script(
        mobile_customer) -> None:
    text_sms(ARABIC_COMPLAINT)
    assert _last().language == "fr"


def test_an_arabic_speaking_customer_is_answered_in_arabic(mobile_customer) -> None:
    Customer.objects.filter(pk=mobile_customer.pk).update(preferred_language="ar")
    text_sms("SUIVI")
    assert _last().language == "ar"
    text_sms("Ma pension n'est pas arrivée")
    assert _last().language == "ar"


def test_a_sender_that_is_not_a_mobile_opens_nothing() -> None:
    reply = text_sms(COMPLAINT, sender="CNSS-INFO")
    assert not Ticket.objects.exists() and not Customer.objects.exists()
    assert reply == _in("fr", gettext, "We could not register your complaint from this "
                        "number. Please call us or visit an agency.")


# --- Empty and media-only messages ------------------------------------------------------------

def test_an_empty_message_gets_help_and_opens_nothing(mobile_customer) -> None:
    reply = text_sms("  \n ")
    assert not Ticket.objects.exists()
    message = _last()
    assert message.command == "empty" and message.status == "processed"
    assert reply == _in("fr", inbound._help_text, message)
    assert "SUIVI" in reply
    assert Interaction.objects.get().customer == mobile_customer


def test_a_media_only_message_gets_help_and_opens_nothing() -> None:
    reply = text_sms("", num_media=1, MediaUrl0="https://api.twilio.com/media/ME1",
                     MediaContentType0="image/jpeg", sender=OTHER_NUMBER)
    message = _last()
    assert message.num_media == 1 and message.command == "empty"
    assert reply == _in("fr", inbound._help_text, message)
    assert reply != _in("fr", inbound._help_text, InboundMessage(num_media=0))
    assert not Ticket.objects.exists() and not Customer.objects.exists()


# --- Status of one complaint ------------------------------------------------------------------

def test_the_customer_gets_the_state_last_step_and_expected_date(mobile_customer) -> None:
    due = datetime(2036, 5, 12, 23, 30, tzinfo=UTC)  # 13 May in Casablanca (UTC+1)
    ticket = _open_for(mobile_customer, due=due)
    reply = text_sms(f"SUIVI {ticket.reference}")
    message = _last()
    assert message.command == "status" and message.ticket == ticket
    opened = _in("fr", wording.day, ticket.created_at)  # the last step's day
    assert reply == (f"Réclamation {ticket.reference} : enregistrée. Dernière étape le {opened} "
                     f": réclamation enregistrée. Réponse prévue au plus tard le 13 mai 2036.")


def test_the_status_reads_in_english_under_english() -> None:
    customer = factories.CustomerFactory()
    ticket = _open_for(customer, due=datetime(2036, 3, 12, 12, tzinfo=UTC))
    with translation.override("en"):
        text = status_replies.status_text(ticket, _last_step(ticket))
        opened = wording.day(ticket.created_at)
    assert text == (f"Complaint {ticket.reference}: registered. Last step on {opened}: "
                    f"complaint registered. Answer expected by March 12, 2036.")


def test_an_answer_past_its_expected_date_is_said_to_be_late(mobile_customer) -> None:
    ticket = _open_for(mobile_customer, due=timezone.now() - timedelta(days=3))
    due = _in("fr", wording.day, ticket.resolution_due)
    reply = text_sms(f"SUIVI {ticket.reference}")
    assert reply.endswith(f"La réponse était prévue au plus tard le {due} : nous sommes en "
                          f"retard, veuillez nous en excuser.")
    assert "Réponse prévue" not in reply
    with translation.override("en"):
        assert status_replies.status_text(ticket, None).endswith(
            f"The answer was expected by {wording.day(ticket.resolution_due)}: we are late, "
            f"please excuse us.")


def test_a_reference_is_read_in_any_form(mobile_customer) -> None:
    ticket = _open_for(mobile_customer)
    spaced = f"{ticket.reference[:3]} {ticket.reference[3:6]}-{ticket.reference[6:]}"
    arabic_digits = ticket.reference.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    for text in (ticket.reference, spaced, f"statut {ticket.reference}",
                 f"تتبع {arabic_digits}"):
        text_sms(text)
        assert _last().ticket == ticket, text


def test_another_number_learns_nothing_about_a_complaint(mobile_customer) -> None:
    ticket = _open_for(mobile_customer, due=timezone.now() + timedelta(days=5))
    unknown = new_reference()
    assert not Ticket.objects.filter(reference=unknown).exists()
    factories.ContactPointFactory(value=OTHER_NUMBER)  # a customer, but another one
    about_it = text_sms(f"SUIVI {ticket.reference}", sender=OTHER_NUMBER)
    about_nothing = text_sms(f"SUIVI {unknown}", sender=OTHER_NUMBER)
    from_nowhere = text_sms(f"SUIVI {ticket.reference}", sender="+212663000555")
    assert about_it == about_nothing == from_nowhere
    assert ticket.reference not in about_it
    assert about_it == _in("fr", status_replies.unknown_reference_text)
    assert _last().ticket is None


def test_a_bad_check_digit_is_answered_as_not_recognised(mobile_customer) -> None:
    ticket = _open_for(mobile_customer)
    wrong = ticket.reference[:-1] + str((int(ticket.reference[-1]) + 1) % 10)
    reply = text_sms(f"SUIVI {wrong}")
    assert reply == _in("fr", status_replies.unknown_reference_text)
    assert _last().command == "status" and _last().ticket is None
    assert Ticket.objects.count() == 1


def test_the_last_step_is_the_last_one_the_customer_may_see(mobile_customer, handler,
                                                            category) -> None:
    ticket = services.open_complaint(customer=mobile_customer, channel="counter", by=handler,
                                     description="Indemnités", category=category)
    services.start_ticket(ticket=ticket, by=handler)
    services.ask_customer(ticket=ticket, by=handler, request="Copie du RIB")
    services.add_note(ticket=ticket, by=handler, text="Interne : vérifier l'employeur")
    step = TicketEvent.objects.filter(ticket=ticket, visibility="customer").last()
    assert step.action == "ask_customer"
    with translation.override("en"):
        text = status_replies.status_text(ticket, step)
    assert "waiting for information from you" in text
    assert "information requested from you" in text
    assert "Interne" not in text


def _last_step(ticket: Ticket) -> TicketEvent:
    return TicketEvent.objects.filter(ticket=ticket, visibility="customer").order_by(
        "at", "id").last()


# --- The sender's open complaints -------------------------------------------------------------

def test_the_keyword_alone_lists_the_senders_open_complaints(mobile_customer, handler,
                                                             category) -> None:
    first = _open_for(mobile_customer, due=datetime(2036, 6, 1, 12, tzinfo=UTC))
    second = _open_for(mobile_customer)
    closed = _closed_for(mobile_customer, handler, category)
    someone_else = _open_for(factories.CustomerFactory())
    reply = text_sms("SUIVI")
    assert _last().command == "list"
    assert first.reference in reply and second.reference in reply
    assert closed.reference not in reply and someone_else.reference not in reply
    assert "1 juin 2036" in reply and "retard" not in reply
    assert reply.index(second.reference) < reply.index(first.reference)  # newest first


def test_the_list_says_which_answers_are_late(mobile_customer) -> None:
    late = _open_for(mobile_customer, due=timezone.now() - timedelta(hours=2))
    on_time = _open_for(mobile_customer, due=timezone.now() + timedelta(days=2))
    with translation.override("en"):
        text = status_replies.list_text([mobile_customer])
        late_day, on_time_day = (wording.day(t.resolution_due) for t in (late, on_time))
    assert f"{late.reference}: registered, expected {late_day}, late" in text
    assert f"{on_time.reference}: registered, expected {on_time_day};" in text


def test_the_list_is_short_and_says_how_many_more(mobile_customer) -> None:
    tickets = [_open_for(mobile_customer) for _ in range(status_replies.LIST_LIMIT + 2)]
    reply = text_sms("suivi")
    assert sum(t.reference in reply for t in tickets) == status_replies.LIST_LIMIT
    with translation.override("en"):
        assert status_replies.list_text([mobile_customer]).endswith("and 2 more.")


def test_no_open_complaint_is_said_so(mobile_customer) -> None:
    # An unknown number is answered in the script of its message; a customer in the
    # language on their record (French here), whatever the script.
    assert text_sms("تتبع", sender=OTHER_NUMBER) == _in("ar", status_replies.list_text, [])
    assert text_sms("STATUT", sender=OTHER_NUMBER) == _in("fr", status_replies.list_text, [])
    assert text_sms("تتبع") == _in("fr", status_replies.list_text, [])
    assert not Customer.objects.filter(to_identify=True).exists()


# --- Satisfaction -----------------------------------------------------------------------------

def test_a_digit_after_closing_is_the_satisfaction_score(mobile_customer, handler,
                                                         category) -> None:
    ticket = _closed_for(mobile_customer, handler, category)
    reply = text_sms("4")
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.satisfaction == 4 and Ticket.objects.count() == 1
    event = ticket.events.last()
    assert (event.kind, event.visibility, event.actor_label) == (
        "customer", "customer", SENDER)
    assert "4/5" in i18n.shown(event.note)
    assert ticket.reference in reply and _last().ticket == ticket
    text_sms("5")  # already rated: a complaint like any other text
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.satisfaction == 4 and Ticket.objects.count() == 2


def test_an_arabic_digit_is_a_score_too(mobile_customer, handler, category) -> None:
    ticket = _closed_for(mobile_customer, handler, category)
    text_sms("٢")
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.satisfaction == 2


@pytest.mark.parametrize("text", ["0", "6", "45"])
def test_a_number_that_is_no_score_is_a_complaint(mobile_customer, handler, category,
                                                  text) -> None:
    ticket = _closed_for(mobile_customer, handler, category)
    text_sms(text)
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.satisfaction is None and Ticket.objects.count() == 2


def test_a_digit_long_after_closing_is_a_complaint(mobile_customer, handler,
                                                   category) -> None:
    closed_at = timezone.now() - inbound.SATISFACTION_WINDOW - timedelta(hours=1)
    ticket = _closed_for(mobile_customer, handler, category, closed_at=closed_at)
    text_sms("3")
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.satisfaction is None and Ticket.objects.count() == 2


def test_a_digit_rates_the_complaint_asked_about_not_the_newest(mobile_customer, handler,
                                                                 category) -> None:
    """The score answers the last satisfaction question sent to the number (the outbox),
    even when the customer opened another complaint since."""
    closed = _closed_for(mobile_customer, handler, category)
    newer = _open_for(mobile_customer)
    text_sms("3")
    closed = Ticket.objects.get(pk=closed.pk)
    assert closed.satisfaction == 3 and Ticket.objects.count() == 2
    assert Ticket.objects.get(pk=newer.pk).satisfaction is None
    assert _last().ticket == closed


def test_record_satisfaction_refuses_what_is_no_score_or_not_asked(mobile_customer, handler,
                                                                   category) -> None:
    with translation.override("en"):
        closed = _closed_for(mobile_customer, handler, category)
        for score in (0, 6, True):
            with pytest.raises(RuleViolation, match="from 1 to 5"):
                services.record_satisfaction(ticket=closed, score=score, actor_label=SENDER)
        with pytest.raises(RuleViolation, match="once the complaint is closed"):
            services.record_satisfaction(ticket=_open_for(mobile_customer), score=3,
                                         actor_label=SENDER)
        services.record_satisfaction(ticket=closed, score=5, actor_label=SENDER)
        with pytest.raises(RuleViolation, match="already"):
            services.record_satisfaction(ticket=closed, score=1, actor_label=SENDER)
    assert Ticket.objects.get(pk=closed.pk).satisfaction == 5


# --- Opt-out ----------------------------------------------------------------------------------

def test_stop_and_start_opt_the_number_out_and_back_in(mobile_customer) -> None:
    stopped = text_sms("STOP")
    assert is_sms_opted_out(SENDER) and _last().command == "stop"
    assert "START" in stopped
    started = text_sms("start")
    assert not is_sms_opted_out(SENDER) and _last().command == "start"
    assert started != stopped
    text_sms("توقف", sender=OTHER_NUMBER)
    assert is_sms_opted_out(OTHER_NUMBER) and _last().language == "ar"
    assert not Ticket.objects.exists()
