"""The chat's services: a conversation from the visitor's first message to the survey,
the agents taking it (first come), refusals that change nothing, and what is published."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from contactcenter.chat import selectors, services
from contactcenter.chat.exceptions import ChatRefusal
from contactcenter.chat.models import ChatMessage, Conversation
from contactcenter.customers.models import Channel, Customer, Interaction
from contactcenter.org.models import Agent
from tests import factories
from tests.chat.conftest import (
    CALLER_MOBILE,
    NIGHT,
    OPEN_HOURS,
    Published,
    call_centre_agent,
    start,
)
from tickets.models import OutboxMessage, SurveyAnswer, Ticket

pytestmark = pytest.mark.django_db
State = Conversation.State
LATER = OPEN_HOURS + timedelta(minutes=4)


def refused(expected: str, call, /, **kwargs) -> ChatRefusal:  # type: ignore[no-untyped-def]
    with pytest.raises(ChatRefusal) as caught:
        call(**kwargs)
    assert caught.value.code == expected, caught.value.detail
    assert caught.value.detail
    return caught.value


def waiting(text: str = "Bonjour, ma pension n'est pas arrivée") -> Conversation:
    conversation = start()
    services.post_visitor_message(conversation=conversation, text=text, now=OPEN_HOURS)
    return conversation


def active(agent: Agent) -> Conversation:
    conversation = waiting()
    services.accept_conversation(conversation=conversation, agent=agent,
                                 now=OPEN_HOURS + timedelta(minutes=1))
    return conversation


def code_sent_to(number: str) -> str:
    message = OutboxMessage.objects.filter(to=number, event="access_code").latest("pk")
    match = re.search(r"\b(\d{6})\b", message.body)
    assert match, message.body
    return match.group(1)


# --- Starting and writing --------------------------------------------------------------------

def test_a_new_conversation_waits_with_an_unguessable_token_but_joins_the_line_when_the_visitor_writes(  # noqa: E501
        chat_queue) -> None:
    conversation = start("ar")
    other = start()
    assert conversation.state == State.WAITING and conversation.language == "ar"
    assert conversation.queue == chat_queue
    assert len(conversation.token) >= 40 and conversation.token != other.token
    assert selectors.waiting_line() == []
    services.post_visitor_message(conversation=conversation, text="مرحبا", now=OPEN_HOURS)
    assert selectors.waiting_line() == [conversation]
    assert selectors.queue_position(conversation) == 1


def test_an_unknown_language_falls_back_to_french(chat_queue) -> None:
    assert services.start_conversation(language="en").language == "fr"


def test_without_a_call_centre_queue_the_chat_is_unavailable(db) -> None:
    refused("unavailable", services.start_conversation, language="fr")
    assert not Conversation.objects.exists()


@pytest.mark.parametrize(("text", "code"), [
    ("", "empty"), ("   \n\t ", "empty"), ("\x00\x01", "empty"), ("x" * 2001, "too_long"),
    (None, "malformed"), (["a"], "malformed"),
])
def test_a_refused_message_stores_nothing(chat_queue, text, code) -> None:
    conversation = start()
    refused(code, services.post_visitor_message, conversation=conversation, text=text)
    assert not ChatMessage.objects.exists()
    conversation.refresh_from_db()
    assert conversation.waiting_since is None


def test_a_message_is_stored_plain_without_control_characters(chat_queue) -> None:
    conversation = start()
    message = services.post_visitor_message(
        conversation=conversation, text="  <b>Bonjour</b>\x00\u200b\x07 ?  ")
    assert ChatMessage.objects.get().text == message.text == "<b>Bonjour</b> ?"
    assert services.post_visitor_message(conversation=conversation, text="x" * 2000).text


def test_the_first_message_publishes_the_line_the_offer_and_the_position(
        chat_agent: Agent, published: Published) -> None:
    conversation = start()
    with published.committed():
        services.post_visitor_message(conversation=conversation, text="Bonjour",
                                      sender="visitor-channel", now=OPEN_HOURS)
    frames = published.frames(conversation)
    assert frames[0]["type"] == "message" and frames[0]["from"] == "visitor"
    assert frames[0]["text"] == "Bonjour" and frames[0]["at"].startswith("2026-03-03T")
    assert published.messages[0][1]["sender"] == "visitor-channel"
    (_group, line), = published.of_type("chat.line")
    assert line["waiting"] == [{"id": conversation.pk, "language": "fr",
                                "identified": False, "since": OPEN_HOURS.isoformat()}]
    assert line["live"] == 1
    (_group, offer), = published.of_type("chat.offer")
    assert offer == {"type": "chat.offer", "conversation": conversation.pk,
                     "agents": [chat_agent.pk]}
    (group, notice), = published.of_type("agent.notice")
    assert group == f"agent.{chat_agent.pk}" and notice["event"] == "chat_offer"
    assert {"type": "queued", "position": 1} in published.frames(conversation,
                                                                  audience="visitor")


def test_later_messages_do_not_move_the_line(chat_agent: Agent, published: Published) -> None:
    conversation = waiting()
    with published.committed():
        services.post_visitor_message(conversation=conversation, text="Vous êtes là ?")
    assert not published.of_type("chat.line")


# --- Accepting -------------------------------------------------------------------------------

def test_the_first_agent_to_accept_wins_and_the_second_is_told(
        chat_agent: Agent, second_agent: Agent, published: Published) -> None:
    conversation = waiting()
    with published.committed():
        services.accept_conversation(conversation=conversation, agent=chat_agent,
                                     now=LATER)
    assert conversation.state == State.ACTIVE and conversation.agent == chat_agent
    assert conversation.accepted_at == LATER
    refused("not_waiting", services.accept_conversation,
            conversation=Conversation.objects.get(), agent=second_agent)
    assert Conversation.objects.get().agent == chat_agent
    assert {"type": "joined", "agent": "Karim", "agent_id": chat_agent.pk} in \
        published.frames(conversation, audience="visitor")
    (_group, line), = published.of_type("chat.line")
    assert line["waiting"] == [] and line["live"] == 1


def test_an_agent_outside_the_chat_queue_may_not_accept(chat_agent: Agent,
                                                        agent: Agent) -> None:
    conversation = waiting()
    refused("not_member", services.accept_conversation, conversation=conversation,
            agent=agent)
    assert Conversation.objects.get().state == State.WAITING


def test_an_agent_at_capacity_may_not_accept_more(chat_agent: Agent) -> None:
    services.set_availability(agent=chat_agent, available=True, capacity=2)
    active(chat_agent)
    active(chat_agent)
    third = waiting()
    refused("full", services.accept_conversation, conversation=third, agent=chat_agent)
    assert Conversation.objects.get(pk=third.pk).state == State.WAITING


def test_positions_follow_the_order_of_arrival(chat_agent: Agent,
                                               published: Published) -> None:
    first, second, third = waiting(), waiting(), waiting()
    assert [selectors.queue_position(c) for c in (first, second, third)] == [1, 2, 3]
    with published.committed():
        services.accept_conversation(conversation=first, agent=chat_agent)
    assert selectors.queue_position(third) == 2 and selectors.queue_position(first) is None
    assert published.frames(third, audience="visitor")[-1] == {"type": "queued",
                                                               "position": 2}


def test_offers_go_to_available_agents_with_room_oldest_first(
        chat_agent: Agent, second_agent: Agent, published: Published) -> None:
    services.set_availability(agent=second_agent, available=True, capacity=1)
    active(second_agent)
    services.set_availability(agent=chat_agent, available=True, capacity=1)
    older, newer = waiting(), waiting()
    with published.committed():
        services.set_availability(agent=chat_agent, available=True)
    offers = [message for _group, message in published.of_type("chat.offer")]
    assert offers == [{"type": "chat.offer", "conversation": older.pk,
                       "agents": [chat_agent.pk]}]
    assert newer.pk not in [offer["conversation"] for offer in offers]
    published.clear()
    with published.committed():
        services.set_availability(agent=chat_agent, available=False)
    assert not published.of_type("chat.offer")


def test_only_members_of_the_chat_queue_may_become_available(agent: Agent,
                                                             chat_queue) -> None:
    refused("not_member", services.set_availability, agent=agent, available=True)
    assert selectors.status_of(agent).pk is None
    status = services.set_availability(agent=agent, available=False)
    assert not status.available


@pytest.mark.parametrize("capacity", [0, 11, True, "3"])
def test_a_capacity_outside_one_to_ten_is_refused(chat_agent: Agent, capacity) -> None:
    refused("invalid_capacity", services.set_availability, agent=chat_agent, available=True,
            capacity=capacity)
    assert selectors.status_of(chat_agent).capacity == 3


# --- Answering -------------------------------------------------------------------------------

def test_the_agent_answer_reaches_the_visitor(chat_agent: Agent,
                                              published: Published) -> None:
    conversation = active(chat_agent)
    with published.committed():
        message = services.post_agent_message(conversation=conversation, agent=chat_agent,
                                              text="Bonjour, je regarde.")
    assert message.sender == ChatMessage.Sender.AGENT and message.agent == chat_agent
    frame = published.frames(conversation, audience="visitor")[-1]
    assert frame["type"] == "message" and frame["from"] == "agent"
    assert frame["text"] == "Bonjour, je regarde."


def test_another_agent_may_not_answer_but_a_supervisor_may(
        chat_agent: Agent, second_agent: Agent, chat_queue) -> None:
    conversation = active(chat_agent)
    refused("not_yours", services.post_agent_message, conversation=conversation,
            agent=second_agent, text="Moi aussi")
    supervisor = factories.AgentFactory(role=Agent.Role.SUPERVISOR, agency=None)
    services.post_agent_message(conversation=conversation, agent=supervisor, text="Ici")
    assert ChatMessage.objects.filter(sender="agent").count() == 1


def test_nobody_answers_a_waiting_conversation(chat_agent: Agent) -> None:
    refused("not_active", services.post_agent_message, conversation=waiting(),
            agent=chat_agent, text="Bonjour")


def test_typing_is_published_to_the_other_side_only(chat_agent: Agent,
                                                    published: Published) -> None:
    conversation = active(chat_agent)
    with published.committed():
        services.visitor_typing(conversation=conversation)
        services.agent_typing(conversation=conversation, agent=chat_agent)
    audiences = [message["audience"] for _group, message in published.messages]
    assert audiences == ["agents", "visitor"]
    assert not ChatMessage.objects.filter(text="").exists()


# --- Closing, the record, the survey ---------------------------------------------------------

def test_closing_an_identified_visitors_chat_puts_the_transcript_on_their_timeline(
        chat_agent: Agent, caller: Customer, published: Published) -> None:
    conversation = waiting("Bonjour")
    Conversation.objects.filter(pk=conversation.pk).update(customer=caller,
                                                           identified_by="cin")
    conversation.refresh_from_db()
    services.accept_conversation(conversation=conversation, agent=chat_agent)
    services.post_agent_message(conversation=conversation, agent=chat_agent,
                                text="Votre pension part demain.",
                                now=OPEN_HOURS + timedelta(minutes=7))
    with published.committed():
        services.close_conversation(conversation=conversation, by=chat_agent,
                                    now=OPEN_HOURS + timedelta(minutes=12))
    assert conversation.state == State.CLOSED
    interaction = Interaction.objects.get(customer=caller)
    assert conversation.interaction == interaction
    assert interaction.channel == Channel.CHAT and interaction.agent == chat_agent
    assert interaction.occurred_at == OPEN_HOURS
    assert "12 minutes" in interaction.summary
    assert "Bonjour" in interaction.summary and "Votre pension part demain." in interaction.summary
    assert published.frames(conversation, audience="visitor")[-2:] == [
        {"type": "closed", "reference": None, "by": "agent"}, {"type": "survey"}]


def test_nobody_is_asked_the_question_about_a_chat_without_an_agent(
        chat_agent: Agent, published: Published) -> None:
    conversation = waiting()
    with published.committed():
        services.close_conversation(conversation=conversation, by=None)
    assert published.frames(conversation, audience="visitor")[-1] == {
        "type": "closed", "reference": None, "by": "visitor"}


def test_an_unidentified_visitors_chat_leaves_no_timeline_entry(chat_agent: Agent) -> None:
    conversation = active(chat_agent)
    services.close_conversation(conversation=conversation, by=None)
    assert conversation.state == State.CLOSED and conversation.interaction is None
    assert not Interaction.objects.exists()


def test_a_closed_conversation_refuses_messages_and_a_second_close(chat_agent: Agent) -> None:
    conversation = active(chat_agent)
    services.close_conversation(conversation=conversation, by=None)
    refused("closed", services.post_visitor_message, conversation=conversation, text="Allô")
    refused("closed", services.post_agent_message, conversation=conversation,
            agent=chat_agent, text="Allô")
    refused("closed", services.close_conversation, conversation=conversation, by=None)
    assert ChatMessage.objects.count() == 1


def test_another_agent_may_not_close(chat_agent: Agent, second_agent: Agent) -> None:
    conversation = active(chat_agent)
    refused("not_yours", services.close_conversation, conversation=conversation,
            by=second_agent)
    assert Conversation.objects.get().state == State.ACTIVE


def test_the_satisfaction_is_recorded_once_after_the_end(chat_agent: Agent) -> None:
    conversation = active(chat_agent)
    refused("not_closed", services.record_conversation_satisfaction,
            conversation=conversation, score=5)
    services.close_conversation(conversation=conversation, by=chat_agent)
    services.record_conversation_satisfaction(conversation=conversation, score=4)
    refused("already_answered", services.record_conversation_satisfaction,
            conversation=conversation, score=5)
    assert Conversation.objects.get().satisfaction == 4
    # With every other channel's answers, for the barometer: once.
    assert list(SurveyAnswer.objects.values_list("channel", "score")) == [(Channel.CHAT, 4)]


def test_the_satisfaction_of_a_conversation_turned_complaint_names_both(
        chat_agent: Agent) -> None:
    conversation = active(chat_agent)
    ticket = services.open_complaint_from_conversation(conversation=conversation,
                                                       agent=chat_agent)
    services.close_conversation(conversation=conversation, by=chat_agent)
    services.record_conversation_satisfaction(conversation=conversation, score=2)
    answer = SurveyAnswer.objects.get()
    assert (answer.ticket_id, answer.customer_id, answer.score) == (
        ticket.pk, ticket.customer_id, 2)


@pytest.mark.parametrize("score", [0, 6, True, "5", 4.5, None])
def test_a_satisfaction_outside_one_to_five_is_refused(chat_agent: Agent, score) -> None:
    conversation = active(chat_agent)
    services.close_conversation(conversation=conversation, by=None)
    refused("invalid_score", services.record_conversation_satisfaction,
            conversation=conversation, score=score)
    assert Conversation.objects.get().satisfaction is None
    assert not SurveyAnswer.objects.exists()


# --- Resuming and leaving --------------------------------------------------------------------

def test_a_visitor_resumes_within_ten_minutes_of_leaving(chat_agent: Agent) -> None:
    conversation = waiting()
    services.visitor_left(conversation=conversation, now=OPEN_HOURS)
    resumed = services.resume_conversation(token=conversation.token,
                                           now=OPEN_HOURS + timedelta(minutes=9))
    assert resumed == conversation and resumed.visitor_left_at is None


def test_no_resuming_after_ten_minutes_an_unknown_token_or_an_ended_conversation(
        chat_agent: Agent) -> None:
    left = waiting()
    services.visitor_left(conversation=left, now=OPEN_HOURS)
    assert services.resume_conversation(token=left.token,
                                        now=OPEN_HOURS + timedelta(minutes=11)) is None
    assert services.resume_conversation(token="not-a-token") is None
    assert services.resume_conversation(token="") is None
    ended = active(chat_agent)
    services.close_conversation(conversation=ended, by=None)
    assert services.resume_conversation(token=ended.token) is None


def test_the_periodic_job_closes_what_visitors_left(chat_agent: Agent, settings) -> None:
    left, present, recent = active(chat_agent), waiting(), waiting()
    services.visitor_left(conversation=left, now=OPEN_HOURS)
    services.visitor_left(conversation=recent, now=OPEN_HOURS + timedelta(minutes=5))
    closed = services.close_abandoned_conversations(now=OPEN_HOURS + timedelta(minutes=11))
    assert closed == 1
    assert Conversation.objects.get(pk=left.pk).state == State.CLOSED
    assert Conversation.objects.get(pk=present.pk).state == State.WAITING
    assert Conversation.objects.get(pk=recent.pk).state == State.WAITING
    assert services.close_abandoned_conversations(
        now=OPEN_HOURS + timedelta(minutes=11)) == 0
    assert "chat_abandoned" in settings.PERIODIC_JOBS


def test_pages_left_without_a_word_are_closed_at_once_and_silently(
        chat_agent: Agent, published: Published) -> None:
    empty, silent = start(), start()
    services.visitor_left(conversation=empty, now=OPEN_HOURS)
    Conversation.objects.filter(pk=silent.pk).update(last_activity_at=OPEN_HOURS)
    with published.committed():
        closed = services.close_abandoned_conversations(now=OPEN_HOURS + timedelta(days=1))
    assert closed == 2
    assert set(Conversation.objects.values_list("state", flat=True)) == {State.CLOSED}
    assert published.messages == []


def test_the_call_centre_is_open_by_its_calendar(db) -> None:
    assert services.call_centre_open(OPEN_HOURS)
    assert not services.call_centre_open(NIGHT)


# --- Identification --------------------------------------------------------------------------

@pytest.mark.parametrize("identifier", ["123456789", "be123456", "BE 123 456"])
def test_a_visitor_identifies_with_immatriculation_or_cin_and_the_code_sent(
        chat_agent: Agent, caller: Customer, published: Published, identifier: str) -> None:
    conversation = waiting()
    services.request_identification(conversation=conversation, identifier=identifier)
    code = code_sent_to(CALLER_MOBILE)  # no complaint needed
    with published.committed():
        services.verify_identification(conversation=conversation, code=code)
    assert conversation.customer == caller and conversation.is_identified
    assert conversation.identified_by == ("cin" if "BE" in identifier.upper()
                                          else "immatriculation")
    assert conversation.visitor_phone == CALLER_MOBILE
    assert {"type": "identified", "name": "Fatima"} in published.frames(
        conversation, audience="visitor")
    assert {"type": "identified", "name": "Fatima", "customer": caller.pk} in \
        published.frames(conversation, audience="agents")


def test_an_unknown_identifier_gets_the_same_answer_and_no_sms(chat_agent: Agent,
                                                               caller: Customer) -> None:
    conversation = waiting()
    assert services.request_identification(conversation=conversation,
                                           identifier="999999999") is None
    assert not OutboxMessage.objects.filter(event="access_code").exists()
    refused("wrong_code", services.verify_identification, conversation=conversation,
            code="123456")
    assert Conversation.objects.get().customer is None


def test_a_wrong_code_identifies_nobody(chat_agent: Agent, caller: Customer) -> None:
    conversation = waiting()
    services.request_identification(conversation=conversation, identifier="123456789")
    right = code_sent_to(CALLER_MOBILE)
    wrong = "000000" if right != "000000" else "111111"
    refused("wrong_code", services.verify_identification, conversation=conversation,
            code=wrong)
    refused("wrong_code", services.verify_identification, conversation=conversation,
            code="abc")
    assert Conversation.objects.get().customer is None


def test_a_text_that_is_no_identifier_is_refused(chat_agent: Agent) -> None:
    conversation = waiting()
    for text in ("bonjour", "", "0661234567", "x" * 100, 12):
        refused("invalid_identifier", services.request_identification,
                conversation=conversation, identifier=text)
    assert Conversation.objects.get().identify_attempts == 0


def test_one_address_gets_ten_tries_an_hour_across_its_conversations(
        chat_agent: Agent, caller: Customer) -> None:
    for _page in range(5):
        conversation = waiting()
        for _try in range(2):
            services.request_identification(conversation=conversation,
                                            identifier="999999999", now=OPEN_HOURS)
    refused("too_many", services.request_identification, conversation=waiting(),
            identifier="123456789", now=OPEN_HOURS)
    elsewhere = services.start_conversation(language="fr", client_ip="10.9.9.9")
    services.request_identification(conversation=elsewhere, identifier="123456789")
    assert OutboxMessage.objects.filter(event="access_code").count() == 1


def test_a_visitor_gets_three_tries_to_identify(chat_agent: Agent, caller: Customer) -> None:
    conversation = waiting()
    for _try in range(3):
        services.request_identification(conversation=conversation, identifier="999999999")
    refused("too_many", services.request_identification, conversation=conversation,
            identifier="123456789")
    assert not OutboxMessage.objects.filter(event="access_code").exists()


# --- Leaving a message -----------------------------------------------------------------------

def test_an_unidentified_visitor_leaves_a_message_with_a_mobile_and_gets_a_reference(
        chat_queue) -> None:
    conversation = waiting("Bonjour ?")
    ticket = services.leave_message(conversation=conversation, text="Rappelez-moi svp",
                                    phone="06 62 00 01 11", now=NIGHT)
    assert ticket.channel == Channel.CHAT and ticket.reference
    assert "Rappelez-moi svp" in ticket.description and "Bonjour ?" in ticket.description
    assert ticket.customer.to_identify  # a provisional record for the new number
    assert conversation.state == State.LEFT_MESSAGE and conversation.ticket == ticket
    assert conversation.visitor_phone == "+212662000111"
    assert OutboxMessage.objects.filter(ticket=ticket, event="received",
                                        to="+212662000111").exists()
    assert selectors.waiting_line() == []


def test_an_identified_visitor_leaves_a_message_on_their_record(chat_queue,
                                                               caller: Customer) -> None:
    conversation = start()
    Conversation.objects.filter(pk=conversation.pk).update(customer=caller,
                                                           identified_by="cin")
    conversation.refresh_from_db()
    ticket = services.leave_message(conversation=conversation, text="Pension en retard")
    assert ticket.customer == caller
    assert Interaction.objects.get(customer=caller).channel == Channel.CHAT


@pytest.mark.parametrize(("phone", "code"), [("", "phone_required"),
                                             ("12", "invalid_phone"),
                                             ("0522123456", "invalid_phone")])
def test_an_unidentified_visitor_without_a_valid_mobile_leaves_nothing(
        chat_queue, phone: str, code: str) -> None:
    conversation = waiting()
    refused(code, services.leave_message, conversation=conversation, text="Rappel",
            phone=phone)
    assert not Ticket.objects.exists() and not Customer.objects.filter(to_identify=True)
    assert Conversation.objects.get().state == State.WAITING


def test_a_taken_conversation_cannot_leave_a_message(chat_agent: Agent) -> None:
    refused("not_waiting", services.leave_message, conversation=active(chat_agent),
            text="Rappel", phone="0662000111")
    assert not Ticket.objects.exists()


# --- A complaint from the conversation -------------------------------------------------------

def test_an_agent_opens_a_complaint_from_the_conversation(chat_agent: Agent,
                                                          published: Published) -> None:
    conversation = active(chat_agent)
    services.post_agent_message(conversation=conversation, agent=chat_agent,
                                text="Je note votre réclamation.")
    with published.committed():
        ticket = services.open_complaint_from_conversation(conversation=conversation,
                                                           agent=chat_agent)
    assert conversation.ticket == ticket and ticket.channel == Channel.CHAT
    assert "ma pension n'est pas arrivée" in ticket.description
    assert "Je note votre réclamation." in ticket.description
    assert ticket.customer.to_identify and ticket.created_by == chat_agent
    system = ChatMessage.objects.get(sender=ChatMessage.Sender.SYSTEM)
    assert ticket.reference in system.text
    assert any(frame.get("text") == system.text
               for frame in published.frames(conversation, audience="visitor"))
    refused("already_open", services.open_complaint_from_conversation,
            conversation=conversation, agent=chat_agent)
    assert Ticket.objects.count() == 1
    services.close_conversation(conversation=conversation, by=chat_agent)
    assert published.frames(conversation)


def test_the_complaint_of_an_identified_visitor_is_theirs_and_tied_to_the_timeline(
        chat_agent: Agent, caller: Customer) -> None:
    conversation = active(chat_agent)
    Conversation.objects.filter(pk=conversation.pk).update(customer=caller,
                                                           identified_by="immatriculation")
    conversation.refresh_from_db()
    services.close_conversation(conversation=conversation, by=chat_agent)
    ticket = services.open_complaint_from_conversation(
        conversation=conversation, agent=chat_agent, description="Pension de mars")
    assert ticket.customer == caller and ticket.description == "Pension de mars"
    assert Interaction.objects.get(customer=caller).ticket == ticket


def test_another_agent_may_not_open_a_complaint_from_it(chat_agent: Agent,
                                                        second_agent: Agent) -> None:
    refused("not_yours", services.open_complaint_from_conversation,
            conversation=active(chat_agent), agent=second_agent)
    assert not Ticket.objects.exists()


# --- Who sees what ---------------------------------------------------------------------------

def test_an_agent_sees_the_waiting_ones_of_their_queue_and_their_own(
        chat_agent: Agent, second_agent: Agent, agent: Agent) -> None:
    mine, theirs, line = active(chat_agent), active(second_agent), waiting()
    assert selectors.conversation_for_agent(agent=chat_agent, pk=mine.pk) == mine
    assert selectors.conversation_for_agent(agent=chat_agent, pk=line.pk) == line
    with pytest.raises(Conversation.DoesNotExist):
        selectors.conversation_for_agent(agent=chat_agent, pk=theirs.pk)
    with pytest.raises(Conversation.DoesNotExist):
        selectors.conversation_for_agent(agent=agent, pk=line.pk)
    with pytest.raises(Conversation.DoesNotExist):
        selectors.conversation_for_agent(agent=chat_agent, pk=2**64)
    supervisor = factories.AgentFactory(role=Agent.Role.SUPERVISOR, agency=None)
    assert set(selectors.conversations_for_agent(supervisor)) == {mine, theirs, line}
    assert list(selectors.conversations_for_agent(chat_agent, state="active")) == [mine]
    assert set(selectors.live_conversations()) == {mine, theirs, line}


def test_the_transcript_names_each_side(chat_agent: Agent) -> None:
    conversation = active(chat_agent)
    services.post_agent_message(conversation=conversation, agent=chat_agent, text="Oui ?")
    lines = selectors.transcript_text(conversation).splitlines()
    assert len(lines) == 2
    assert "Bonjour, ma pension" in lines[0] and lines[1].endswith("Oui ?")
    assert "Karim" in lines[1]


def test_a_second_call_centre_agent_is_built_like_the_first(chat_queue) -> None:
    other = call_centre_agent(chat_queue, "nadia", "Nadia")
    assert services.set_availability(agent=other, available=True).available
