"""SMS replies end with the public help article answering the message, when one matches
well: telephony asks through its hook (telephony.hooks), which the desk's AppConfig wires
to the knowledge base (knowledge.sms_links), and the reply stays short."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from contactcenter.sms_segments import count_segments
from knowledge import sms_links
from knowledge.models import Article
from telephony import hooks, inbound
from tests.knowledge.sample_articles import article
from tests.telephony.conftest import post_sms, reply_of, sms_params
from tickets.models import Ticket

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sms_webhook")]
LINK = "https://cnss.example.ma/aide/allocations-familiales/"


@pytest.fixture
def public_base(settings) -> str:
    settings.PUBLIC_BASE_URL = "https://cnss.example.ma"
    return settings.PUBLIC_BASE_URL


@pytest.fixture
def family() -> Article:
    return article("allocations-familiales", title="Allocations familiales",
                   summary="Les allocations familiales sont versées chaque mois.")


@pytest.fixture
def restore_hook() -> Iterator[None]:
    yield
    hooks.register_help_link(sms_links.public_link_for)


def test_the_wiring_registers_the_knowledge_base(public_base, family) -> None:
    assert hooks.help_link_for("allocations familiales", "fr") == LINK


def test_a_complaint_answered_by_an_article_gets_its_link(mobile_customer, public_base,
                                                          family) -> None:
    reply = reply_of(post_sms(sms_params("Allocations familiales")))
    ticket = Ticket.objects.get()
    assert reply is not None and ticket.reference in reply
    assert reply.endswith(LINK)


def test_no_link_without_a_public_address(mobile_customer, family) -> None:
    reply = reply_of(post_sms(sms_params("Allocations familiales")))
    assert reply is not None and "/aide/" not in reply


def test_no_link_when_no_article_matches_or_only_an_internal_one(mobile_customer,
                                                                public_base) -> None:
    article("allocations-interne", title="Allocations familiales",
            audience=Article.Audience.INTERNAL)
    first = reply_of(post_sms(sms_params("Allocations familiales")))
    second = reply_of(post_sms(sms_params("Bonjour")))
    assert first and second and "/aide/" not in first + second


def test_a_failing_finder_costs_the_link_not_the_answer(mobile_customer, public_base,
                                                        family, restore_hook) -> None:
    def broken(text: str, language: str) -> str | None:
        raise RuntimeError("search down")

    hooks.register_help_link(broken)
    reply = reply_of(post_sms(sms_params("Allocations familiales")))
    assert reply and Ticket.objects.get().reference in reply and "/aide/" not in reply


def test_the_default_hook_gives_no_link(public_base, family, restore_hook) -> None:
    hooks.register_help_link(None)
    assert hooks.help_link_for("allocations familiales", "fr") is None


def test_the_link_is_left_out_when_it_would_lengthen_the_sms_too_much(
        mobile_customer, public_base, family, monkeypatch) -> None:
    monkeypatch.setattr(inbound, "HELP_LINK_EXTRA_SEGMENTS", 0)
    reply = reply_of(post_sms(sms_params("Allocations familiales")))
    assert reply and "/aide/" not in reply
    longer = reply + " Aide : " + LINK
    assert count_segments(longer).segments > count_segments(reply).segments
