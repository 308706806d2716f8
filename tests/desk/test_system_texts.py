"""Sentences the system stores (who acted, its notes, a call's summary) are shown in the
page's language; text typed by people is shown as typed; old rows stored translated are
moved to the stored form."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.utils import translation

from contactcenter import i18n
from contactcenter.org.models import Agent
from tests import factories
from tests.conftest import client_for
from tests.desk.helpers import in_progress, open_ticket
from tickets import services, system_texts
from tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db

tickets_migration = importlib.import_module("tickets.migrations.0017_system_texts")
calls_migration = importlib.import_module(
    "contactcenter.customers.migrations.0006_call_summaries_as_system_texts")


def _history(agent: Agent, ticket: Ticket, language: str) -> str:
    client = client_for(agent)
    client.cookies["django_language"] = language
    html = client.get(f"/desk/tickets/{ticket.reference}/").content.decode()
    return html[html.index('class="events"'):html.index('class="composers"')]


def test_a_stored_sentence_is_shown_in_the_active_language() -> None:
    stored = i18n.system_text(system_texts.SATISFACTION, score=4)
    assert i18n.is_system_text(stored) and "Satisfaction" in stored
    with translation.override("fr"):
        assert i18n.shown(stored) == "Satisfaction : 4/5"
    with translation.override("ar"):
        assert i18n.shown(stored) == "الرضا: 4/5"
    label = i18n.system_label(fr="AF non payées", ar="التعويضات العائلية غير مؤداة")
    with translation.override("ar"):
        assert i18n.shown(label) == "التعويضات العائلية غير مؤداة"
    with translation.override("fr"):
        assert i18n.shown(label) == "AF non payées"


def test_typed_text_is_shown_as_typed() -> None:
    with translation.override("ar"):
        assert i18n.shown("Satisfaction : 4/5") == "Satisfaction : 4/5"
        assert i18n.shown("") == ""
        assert i18n.shown(i18n.STORED_MARK + "not json") == i18n.STORED_MARK + "not json"


def test_the_complaint_page_in_arabic_names_the_system_actors_and_category_in_arabic(
        customer, handler, category) -> None:
    ticket = open_ticket(customer, handler)
    services.triage_ticket(ticket=ticket, by=handler, category=category)
    arabic = _history(handler, ticket, "ar")
    assert "إسناد تلقائي" in arabic and "affectation automatique" not in arabic
    assert "التعويضات العائلية غير مؤداة" in arabic and "AF non payées" not in arabic
    french = _history(handler, ticket, "fr")
    assert "affectation automatique" in french and "AF non payées" in french


def test_a_call_summary_is_shown_in_the_page_language(customer, handler) -> None:
    from telephony import calls
    summary = i18n.system_parts([(calls.CALL_TO_VOICE_MENU, {}),
                                 (calls.HEARD_STATUS, {"reference": "1234567890"}),
                                 (calls.DURATION, {"minutes": 2, "seconds": 5})])
    factories.InteractionFactory(customer=customer, channel="phone", summary=summary)
    client = client_for(handler)
    client.cookies["django_language"] = "ar"
    html = client.get(f"/customers/{customer.pk}/").content.decode()
    assert "مكالمة إلى المجيب الصوتي" in html and "المدة 2 د 5 ث" in html
    assert "Appel au serveur vocal" not in html and i18n.STORED_MARK not in html


def test_the_data_migration_maps_french_and_arabic_texts_back_to_their_stored_form(
        customer, handler, category) -> None:
    ticket = in_progress(customer, handler, category)
    auto = TicketEvent.objects.create(ticket=ticket, kind="transition",
                                      actor_label="affectation automatique", action="assign")
    arabic = TicketEvent.objects.create(ticket=ticket, kind="transition",
                                        actor_label="إغلاق تلقائي", action="close")
    phone = TicketEvent.objects.create(ticket=ticket, kind="customer",
                                       actor_label="+212661000333", note="Satisfaction : 5/5")
    escalation = TicketEvent.objects.create(ticket=ticket, kind="escalation",
                                            actor_label="délais de traitement",
                                            note="75 % du délai de résolution écoulé")
    triage = TicketEvent.objects.create(ticket=ticket, kind="transition", action="triage",
                                        note="AF non payées")
    typed = TicketEvent.objects.create(ticket=ticket, kind="note", actor=handler,
                                       note="Satisfaction : le client est content")
    call = factories.InteractionFactory(
        customer=customer, channel="phone",
        summary="Appel au serveur vocal; a demandé à parler à un agent; durée 1 min 3 s")
    tickets_migration.to_stored_forms(apps, None)
    calls_migration.to_stored_forms(apps, None)
    for row in (auto, arabic, phone, escalation, triage, typed, call):
        row.refresh_from_db()
    assert auto.actor_label == i18n.system_text(system_texts.AUTOMATIC_ASSIGNMENT)
    assert arabic.actor_label == i18n.system_text(system_texts.AUTOMATIC_CLOSING)
    assert phone.actor_label == "+212661000333"
    assert phone.note == i18n.system_text(system_texts.SATISFACTION, score="5")
    assert escalation.actor_label == i18n.system_text(system_texts.SERVICE_LEVELS)
    assert escalation.note == i18n.system_text(system_texts.RESOLUTION_TIME_USED, percent="75")
    assert triage.note == i18n.system_label(fr="AF non payées",
                                            ar="التعويضات العائلية غير مؤداة")
    assert typed.note == "Satisfaction : le client est content"
    with translation.override("ar"):
        assert i18n.shown(call.summary) == (
            "مكالمة إلى المجيب الصوتي؛ طلب التحدث إلى موظف؛ المدة 1 د 3 ث")
