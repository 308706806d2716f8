"""The agents' chat console (/desk/chat/): who opens it, what an agent and a supervisor see,
a conversation's card (with the customer's 360 panel once the visitor is identified), and
opening a complaint from a conversation."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from contactcenter.audit.models import AccessLogEntry
from contactcenter.chat import services as chat_services
from contactcenter.chat.models import CannedReply, Conversation
from contactcenter.customers.models import Customer
from contactcenter.org.models import Agent
from tests import factories
from tests.conftest import client_for
from tests.selfservice.conftest import code_sent_to
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

CONSOLE = "/desk/chat/"


def waiting_conversation(text: str, *, language: str = "fr") -> Conversation:
    """A visitor who opened the chat and wrote: in the waiting line."""
    conversation = chat_services.start_conversation(language=language, client_ip="10.0.0.9")
    chat_services.post_visitor_message(conversation=conversation, text=text)
    return conversation


CALLER_MOBILE = "+212661234567"


@pytest.fixture
def chat_caller(agency_a) -> Customer:
    return customer_who_can_identify(agency_a)


def customer_who_can_identify(agency) -> Customer:  # type: ignore[no-untyped-def]
    """A customer with an immatriculation and a mobile on record: a visitor who can
    identify."""
    customer = factories.CustomerFactory(agency=agency, first_name="Fatima",
                                         last_name="Benali", immatriculation="123456789",
                                         cin="BE123456")
    factories.ContactPointFactory(customer=customer, value=CALLER_MOBILE, is_primary=True)
    return customer


def identified(conversation: Conversation, customer: Customer) -> Conversation:
    """The visitor typed their immatriculation and the code sent to their mobile."""
    chat_services.request_identification(conversation=conversation,
                                         identifier=customer.immatriculation)
    return chat_services.verify_identification(conversation=conversation,
                                               code=code_sent_to(CALLER_MOBILE))


def _card_url(conversation: Conversation) -> str:
    return reverse("desk:chat_card", args=[conversation.pk])


def test_a_call_centre_agent_sees_the_waiting_line_oldest_first(chat_agent) -> None:
    first = waiting_conversation("Bonjour")
    second = waiting_conversation("مرحبا", language="ar")
    response = client_for(chat_agent).get(CONSOLE)
    assert response.status_code == 200
    html = response.content.decode()
    line = re.findall(r'class="chat-line-item" data-conversation="(\d+)"', html)
    assert line == [str(first.pk), str(second.pk)]
    assert f'data-accept="{first.pk}"' in html
    assert 'id="chat-availability"' in html and 'aria-pressed="true"' in html
    # The menu leads to the console, marked as the current page.
    assert re.search(r'<a href="/desk/chat/" aria-current="page">', html)


@pytest.mark.parametrize("who", ["handler", "agent"])
def test_back_office_and_counter_agents_may_not_use_the_console(who, handler, agent,
                                                                 chat_agent) -> None:
    someone = {"handler": handler, "agent": agent}[who]
    conversation = waiting_conversation("Bonjour")
    client = client_for(someone)
    assert client.get(CONSOLE).status_code == 403
    assert client.get(_card_url(conversation)).status_code == 403
    assert client.get(reverse("desk:chat_live")).status_code == 403
    assert client.post(reverse("desk:chat_complaint", args=[conversation.pk])
                       ).status_code == 403
    assert not Ticket.objects.exists()
    # Nor does their menu offer it.
    assert 'href="/desk/chat/"' not in client.get("/desk/").content.decode()


def test_signed_out_visitors_are_sent_to_the_login_page() -> None:
    response = Client().get(CONSOLE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_agent_sees_the_conversations_they_hold_with_canned_replies_in_the_visitors_language(
        chat_agent) -> None:
    CannedReply.objects.create(title_fr="Salutation", title_ar="تحية",
                               text_fr="Bonjour, que puis-je pour vous ?",
                               text_ar="مرحبا، كيف يمكنني مساعدتك؟", position=1)
    conversation = waiting_conversation("مرحبا، معاشي لم يصل", language="ar")
    chat_services.accept_conversation(conversation=conversation, agent=chat_agent)
    html = client_for(chat_agent).get(CONSOLE).content.decode()
    assert f'id="chat-{conversation.pk}"' in html
    assert "مرحبا، معاشي لم يصل" in html
    assert '<option value="مرحبا، كيف يمكنني مساعدتك؟">تحية</option>' in html
    assert "Bonjour, que puis-je" not in html
    assert 'class="chat-reply"' in html and "data-close-chat" in html
    assert "Ouvrir une réclamation depuis cette conversation" in html
    assert AccessLogEntry.objects.filter(kind="conversation", object_id=str(conversation.pk)
                                         ).count() == 1


def test_the_visitors_text_is_shown_escaped(chat_agent) -> None:
    conversation = waiting_conversation('<img src=x onerror="alert(1)">')
    chat_services.accept_conversation(conversation=conversation, agent=chat_agent)
    html = client_for(chat_agent).get(_card_url(conversation)).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_an_identified_visitors_card_shows_the_customers_360_panel(chat_agent,
                                                                   chat_caller) -> None:
    caller = chat_caller
    conversation = identified(waiting_conversation("Bonjour"), caller)
    chat_services.accept_conversation(conversation=conversation, agent=chat_agent)
    response = client_for(chat_agent).get(_card_url(conversation))
    assert response.status_code == 200
    html = response.content.decode()
    assert "chat-card-identified" in html
    assert f'id="chat-{conversation.pk}-customer-title"' in html
    assert caller.display_name in html and caller.immatriculation in html
    assert "Identifié par immatriculation" in html
    entry = AccessLogEntry.objects.get(kind="conversation", object_id=str(conversation.pk))
    assert entry.customer_id == caller.pk


def test_an_unidentified_visitors_card_has_no_360_panel(chat_agent) -> None:
    conversation = waiting_conversation("Bonjour")
    chat_services.accept_conversation(conversation=conversation, agent=chat_agent)
    html = client_for(chat_agent).get(_card_url(conversation)).content.decode()
    assert "customer-360" not in html
    assert re.search(r'class="badge badge-warning">[^<]+</span>', html)


def test_another_agents_conversation_is_not_found(chat_agent, second_agent) -> None:
    conversation = waiting_conversation("Bonjour")
    chat_services.accept_conversation(conversation=conversation, agent=second_agent)
    client = client_for(chat_agent)
    assert client.get(_card_url(conversation)).status_code == 404
    assert client.post(reverse("desk:chat_complaint", args=[conversation.pk])
                       ).status_code == 404
    assert f'id="chat-{conversation.pk}"' not in client.get(CONSOLE).content.decode()


def test_a_supervisor_sees_every_live_conversation_read_only(chat_agent, supervisor) -> None:
    held = waiting_conversation("Bonjour")
    chat_services.accept_conversation(conversation=held, agent=chat_agent)
    waiting = waiting_conversation("Il y a quelqu'un ?")
    client = client_for(supervisor)
    html = client.get(CONSOLE).content.decode()
    rows = re.findall(r'<tr data-conversation="(\d+)">', html)
    assert rows == [str(held.pk), str(waiting.pk)]
    assert chat_agent.display_name in html
    assert 'id="chat-availability"' not in html
    assert not re.search(r'data-accept="\d+"', html)  # they watch the line, agents take it
    card = client.get(_card_url(held)).content.decode()
    assert "Bonjour" in card
    assert 'class="chat-reply"' not in card and "data-close-chat" not in card
    live = client.get(reverse("desk:chat_live")).content.decode()
    assert re.findall(r'<tr data-conversation="(\d+)">', live) == rows


def test_the_live_table_is_for_supervisors_only(chat_agent) -> None:
    assert client_for(chat_agent).get(reverse("desk:chat_live")).status_code == 403


def test_a_complaint_is_opened_from_the_conversation_with_its_transcript(chat_agent) -> None:
    conversation = waiting_conversation("Ma pension de mars n'est pas arrivée.")
    chat_services.accept_conversation(conversation=conversation, agent=chat_agent)
    chat_services.post_agent_message(conversation=conversation, agent=chat_agent,
                                     text="Je note votre réclamation.")
    client = client_for(chat_agent)
    url = reverse("desk:chat_complaint", args=[conversation.pk])
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    ticket = Ticket.objects.get()
    assert f'href="{ticket.get_absolute_url()}"' in response.content.decode()
    assert "Ma pension de mars n'est pas arrivée." in ticket.description
    assert "Je note votre réclamation." in ticket.description
    assert Conversation.objects.get(pk=conversation.pk).ticket_id == ticket.pk
    # Once is enough: a second click says so and opens nothing.
    again = client.post(url, headers={"HX-Request": "true"})
    assert again.status_code == 409
    assert f'href="{ticket.get_absolute_url()}"' in again.content.decode()
    assert Ticket.objects.count() == 1
    # Without htmx, the complaint's page.
    other = waiting_conversation("Autre question")
    chat_services.accept_conversation(conversation=other, agent=chat_agent)
    response = client.post(reverse("desk:chat_complaint", args=[other.pk]))
    assert response.status_code == 302
    assert response["Location"] == Ticket.objects.latest("pk").get_absolute_url()


def test_a_complaint_needs_a_post(chat_agent) -> None:
    conversation = waiting_conversation("Bonjour")
    chat_services.accept_conversation(conversation=conversation, agent=chat_agent)
    response = client_for(chat_agent).get(reverse("desk:chat_complaint",
                                                  args=[conversation.pk]))
    assert response.status_code == 405
    assert not Ticket.objects.exists()


def test_the_console_reads_a_bounded_number_of_queries(
        chat_agent, supervisor, chat_caller, django_assert_max_num_queries) -> None:
    """Three conversations held (one identified, with its 360 panel) and four waiting:
    about 20 queries for the agent (measured: 20), 8 for a supervisor's overview."""
    for number in range(3):
        conversation = waiting_conversation(f"Bonjour {number}")
        if number == 0:
            identified(conversation, chat_caller)
        chat_services.accept_conversation(conversation=conversation, agent=chat_agent)
    for number in range(4):
        waiting_conversation(f"En attente {number}")
    for someone, most in ((chat_agent, 24), (supervisor, 10)):
        client = client_for(someone)
        client.get(CONSOLE)  # the session and the process caches warm
        with django_assert_max_num_queries(most):
            assert client.get(CONSOLE).status_code == 200


def test_the_menu_offers_the_console_to_those_who_chat(supervisor: Agent, administrator: Agent,
                                                       chat_agent: Agent) -> None:
    html = client_for(supervisor).get("/desk/").content.decode()
    assert 'href="/desk/chat/"' in html
    for someone in (chat_agent, administrator):
        assert 'href="/desk/chat/"' in client_for(someone).get("/desk/").content.decode()
