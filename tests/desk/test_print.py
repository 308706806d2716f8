"""The complaint printed for the customer: in their language, only what they may see (never
a note, a referral's note or an agent-only step), scoped and audited like the page."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, pgettext

from contactcenter.audit.models import AccessLogEntry
from tests import factories
from tests.conftest import client_for
from tests.desk.helpers import fr, in_progress, open_ticket
from tests.telephony.conftest import (  # noqa: F401 (a fixture)
    SENDER,
    sms_webhook,
    text_sms,
)
from tickets import services
from tickets.models import OutboxMessage, Ticket

pytestmark = pytest.mark.django_db

NOTE = "Employeur injoignable, dossier douteux"
REFERRAL_NOTE = "Vérifier la déclaration de salaire 2024"


def _print(agent, ticket: Ticket, status: int = 200) -> str:  # type: ignore[no-untyped-def]
    response = client_for(agent).get(f"/desk/tickets/{ticket.reference}/print/")
    assert response.status_code == status
    return response.content.decode()


def _handled(customer, handler, category, back_office) -> Ticket:  # type: ignore[no-untyped-def]
    ticket = in_progress(customer, handler, category)
    services.add_note(ticket=ticket, by=handler, text=NOTE)
    services.refer_ticket(ticket=Ticket.objects.get(pk=ticket.pk), by=handler,
                          direction=back_office.direction, note=REFERRAL_NOTE)
    services.answer_referral(ticket=Ticket.objects.get(pk=ticket.pk), by=back_office,
                             answer="Déclaration corrigée par l'employeur")
    services.reply_to_customer(ticket=Ticket.objects.get(pk=ticket.pk), by=handler,
                               text="Nous avons relancé votre employeur.")
    return services.resolve_ticket(ticket=Ticket.objects.get(pk=ticket.pk), by=handler,
                                   outcome="accepted", explanation="Versement le 10 avril.",
                                   rule="Dahir 1-72-184, art. 40")


def test_the_print_shows_what_the_customer_may_see_and_never_a_note(
        mobile_customer, handler, category, back_office) -> None:
    ticket = _handled(mobile_customer, handler, category, back_office)
    OutboxMessage.objects.filter(ticket=ticket, event="reply").update(
        status=OutboxMessage.Status.SENT)
    OutboxMessage.objects.filter(ticket=ticket, event="received").update(
        status=OutboxMessage.Status.FAILED)
    html = _print(handler, ticket)
    assert NOTE not in html and REFERRAL_NOTE not in html
    assert "Déclaration corrigée" not in html  # the back office's answer is internal
    assert handler.display_name not in html  # nor who handled it
    assert ticket.reference in html and ticket.description in html
    assert fr("National Social Security Fund") in html
    assert "Versement le 10 avril." in html and "Dahir 1-72-184, art. 40" in html
    assert "Nous avons relancé votre employeur." in html
    assert html.count('class="sheet-list"') == 2  # steps, and the SMS sent
    sent = html[html.index(fr("Messages sent to you")):]
    assert f"Réclamation {ticket.reference} : Nous avons relancé" in sent
    assert "Votre réclamation est enregistrée" not in sent  # never left
    assert '<html lang="fr" dir="ltr">' in html


def test_the_print_is_in_the_customers_language(mobile_customer, handler, category,
                                                 back_office) -> None:
    mobile_customer.preferred_language = "ar"
    mobile_customer.save()
    ticket = _handled(mobile_customer, handler, category, back_office)
    html = _print(handler, ticket)
    assert '<html lang="ar" dir="rtl">' in html
    with translation.override("ar"):
        assert gettext("National Social Security Fund") in html
        assert gettext("What you asked") in html
        assert pgettext("state for the customer", "answered") in html
    assert fr("What you asked") not in html
    assert NOTE not in html


def test_the_print_is_scoped_and_audited_like_the_page(customer, handler, category,
                                                       other_agency_agent) -> None:
    ticket = open_ticket(customer, handler, category)
    _print(other_agency_agent, ticket, status=404)
    assert not AccessLogEntry.objects.exists()
    _print(handler, ticket)
    entry = AccessLogEntry.objects.get()
    assert (entry.kind, entry.object_id, entry.customer_id) == (
        "complaint", str(ticket.pk), customer.pk)
    assert entry.detail == "printed for the customer"


def test_the_complaint_page_offers_the_print_and_hides_notes_on_paper(
        customer, handler, category) -> None:
    ticket = open_ticket(customer, handler, category)
    html = client_for(handler).get(f"/desk/tickets/{ticket.reference}/").content.decode()
    assert f'href="/desk/tickets/{ticket.reference}/print/"' in html
    assert fr("Print for the customer") in html


@pytest.mark.usefixtures("sms_webhook")
def test_the_print_lists_the_registration_of_a_complaint_opened_by_sms(customer,
                                                                       handler) -> None:
    factories.ContactPointFactory(customer=customer, value=SENDER, is_primary=True)
    reply = text_sms("Je n'ai pas reçu mes allocations familiales depuis trois mois")
    ticket = Ticket.objects.get(customer=customer)
    html = _print(handler, ticket)
    sent = html[html.index(fr("Messages sent to you")):]
    assert escape(reply or "-") in sent
