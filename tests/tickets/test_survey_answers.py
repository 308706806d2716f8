"""One record of every satisfaction answer, whatever the channel that asked the question."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone

from contactcenter.customers import services as customer_services
from contactcenter.customers.models import Channel, Customer
from tests import factories
from tickets import services
from tickets.exceptions import RuleViolation
from tickets.models import SurveyAnswer, Ticket

pytestmark = pytest.mark.django_db

migration = importlib.import_module("tickets.migrations.0018_survey_answers")
SENDER = "+212661000333"


def _closed(customer: Customer, handler, category) -> Ticket:  # type: ignore[no-untyped-def]
    ticket = services.open_complaint(customer=customer, channel="counter", by=handler,
                                     description="Indemnités non reçues", category=category)
    services.start_ticket(ticket=ticket, by=handler)
    services.resolve_ticket(ticket=ticket, by=handler, outcome="accepted",
                            explanation="Versement effectué le 2 avril.")
    services.close_ticket(ticket=ticket, by=handler)
    return ticket


def test_an_answer_is_kept_with_its_channel_customer_and_comment(customer) -> None:
    answered_at = timezone.now() - timedelta(minutes=3)
    answer = services.record_survey_answer(score=4, channel=Channel.CHAT, customer=customer,
                                           comment="  Très rapide\x00, merci ",
                                           answered_at=answered_at)
    stored = SurveyAnswer.objects.get(pk=answer.pk)
    assert (stored.score, stored.channel, stored.customer, stored.ticket) == (
        4, "chat", customer, None)
    assert stored.comment == "Très rapide, merci"
    assert stored.answered_at == answered_at


def test_an_unidentified_visitor_answers_about_nothing_but_the_conversation() -> None:
    answer = services.record_survey_answer(score=1, channel="chat")
    assert answer.customer is None and answer.ticket is None
    assert timezone.now() - answer.answered_at < timedelta(seconds=5)


def test_the_customer_defaults_to_the_complaints(mobile_customer, handler, category) -> None:
    ticket = _closed(mobile_customer, handler, category)
    answer = services.record_survey_answer(score=5, channel="web", ticket=ticket)
    assert answer.customer == mobile_customer and answer.ticket == ticket


@pytest.mark.parametrize("score", [0, 6, -1, True, False, 3.0, "4", None])
def test_what_is_no_score_from_one_to_five_is_refused_and_nothing_saved(score) -> None:
    with pytest.raises(RuleViolation, match="from 1 to 5"):
        services.record_survey_answer(score=score, channel="chat")
    assert not SurveyAnswer.objects.exists()


def test_an_unknown_channel_or_a_long_comment_is_refused_and_nothing_saved() -> None:
    with pytest.raises(RuleViolation, match="not a channel"):
        services.record_survey_answer(score=3, channel="pigeon")
    with pytest.raises(RuleViolation, match="at most 1000 characters"):
        services.record_survey_answer(score=3, channel="chat", comment="x" * 1001)
    assert not SurveyAnswer.objects.exists()
    # The limit counts the cleaned text: control characters are not the customer's words.
    services.record_survey_answer(score=3, channel="chat", comment="x" * 1000 + "\x07")


def test_the_table_itself_refuses_a_score_out_of_range(customer) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyAnswer.objects.create(score=9, channel="sms", customer=customer)


def test_the_sms_answer_after_closing_is_recorded_once_on_the_sms_channel(
        mobile_customer, handler, category) -> None:
    ticket = _closed(mobile_customer, handler, category)
    services.record_satisfaction(ticket=ticket, score=2, actor_label=SENDER)
    with pytest.raises(RuleViolation, match="already"):
        services.record_satisfaction(ticket=ticket, score=5, actor_label=SENDER)
    answer = SurveyAnswer.objects.get()
    event = ticket.events.get(action="satisfaction")
    assert (answer.score, answer.channel, answer.ticket, answer.customer) == (
        2, "sms", ticket, mobile_customer)
    assert answer.answered_at == event.at
    assert Ticket.objects.get(pk=ticket.pk).satisfaction == 2


def test_a_refused_sms_answer_leaves_no_answer(mobile_customer, handler, category) -> None:
    ticket = services.open_complaint(customer=mobile_customer, channel="counter", by=handler,
                                     description="Indemnités non reçues", category=category)
    with pytest.raises(RuleViolation, match="once the complaint is closed"):
        services.record_satisfaction(ticket=ticket, score=4, actor_label=SENDER)
    assert not SurveyAnswer.objects.exists()


def test_merging_two_records_moves_the_duplicates_answers(customer, supervisor) -> None:
    duplicate = factories.CustomerFactory(agency=customer.agency)
    services.record_survey_answer(score=4, channel="chat", customer=duplicate)
    merge = customer_services.merge_customers(survivor=customer, duplicate=duplicate,
                                              by=supervisor.user, reason="Doublon")
    assert merge.moved["tickets.SurveyAnswer.customer"] == 1
    assert SurveyAnswer.objects.get().customer == customer


def test_the_migration_copies_the_scores_given_before_it_once(mobile_customer, handler,
                                                              category) -> None:
    answered = _closed(mobile_customer, handler, category)
    services.record_satisfaction(ticket=answered, score=3, actor_label=SENDER)
    answered_at = answered.events.get(action="satisfaction").at
    # A score with no event to date it (set before events recorded it): the closing dates it.
    silent = _closed(mobile_customer, handler, category)
    Ticket.objects.filter(pk=silent.pk).update(satisfaction=5)
    silent = Ticket.objects.get(pk=silent.pk)
    _closed(mobile_customer, handler, category)  # closed, never answered
    SurveyAnswer.objects.all().delete()  # as before the migration

    migration.copy_sms_scores(apps, None)
    migration.copy_sms_scores(apps, None)  # run again: nothing copied twice

    copied = {answer.ticket_id: answer for answer in SurveyAnswer.objects.all()}
    assert set(copied) == {answered.pk, silent.pk}
    assert (copied[answered.pk].score, copied[answered.pk].answered_at) == (3, answered_at)
    assert (copied[silent.pk].score, copied[silent.pk].answered_at) == (5, silent.closed_at)
    assert {answer.channel for answer in copied.values()} == {"sms"}
    assert {answer.customer_id for answer in copied.values()} == {mobile_customer.pk}
