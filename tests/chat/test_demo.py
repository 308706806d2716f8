"""The chat's demo: canned replies in both languages, and the demo call-centre agent in the
chat queue, available, so that the quick start's visitor meets someone."""

from __future__ import annotations

import pytest

from contactcenter import demo
from contactcenter.chat import selectors, services
from contactcenter.chat.demo import CANNED_REPLIES
from contactcenter.org.models import Agent

pytestmark = pytest.mark.django_db


def test_the_demo_call_centre_agent_takes_chats_and_has_canned_replies() -> None:
    demo.seed_demo(persons=200, employers=20)
    agent = Agent.objects.get(user__username="callcentre")
    queue = selectors.chat_queue()
    assert queue is not None and queue.code == "CC-CRC"
    assert selectors.status_of(agent).available
    assert selectors.agents_with_room(queue.pk) == [agent.pk]
    replies = list(selectors.canned_replies())
    assert len(replies) == len(CANNED_REPLIES)
    assert all(reply.text("fr") and reply.text("ar") != reply.text("fr") for reply in replies)

    conversation = services.start_conversation(language="ar")
    services.post_visitor_message(conversation=conversation, text="السلام عليكم")
    services.accept_conversation(conversation=conversation, agent=agent)


def test_seeding_again_keeps_one_set_of_replies() -> None:
    demo.seed_demo(persons=200, employers=20)
    services.set_availability(agent=Agent.objects.get(user__username="callcentre"),
                              available=False)
    demo.seed_demo(persons=200, employers=20)
    assert selectors.canned_replies().count() == len(CANNED_REPLIES)
    assert selectors.status_of(Agent.objects.get(user__username="callcentre")).available
