"""The status page's satisfaction question: asked once the complaint is resolved or closed
and not yet answered on any channel; recorded once, with the web channel; bad input
explained and nothing saved."""

from __future__ import annotations

import pytest
from django.utils import timezone

from contactcenter.selfservice import services
from contactcenter.selfservice.exceptions import SatisfactionRefused
from tests.selfservice.conftest import LIST, verified_client
from tickets import services as ticket_services
from tickets.exceptions import RuleViolation
from tickets.models import State, SurveyAnswer, Ticket

QUESTION = "Êtes-vous satisfait du traitement de votre réclamation ?"


def _page(ticket: Ticket) -> str:
    return f"{LIST}{ticket.reference}/"


def _answer_url(ticket: Ticket) -> str:
    return f"{LIST}{ticket.reference}/satisfaction/"


def _set_state(ticket: Ticket, state: str) -> Ticket:
    Ticket.objects.filter(pk=ticket.pk).update(state=state, explanation="Versement rétabli.",
                                               resolved_at=timezone.now())
    return Ticket.objects.get(pk=ticket.pk)


@pytest.mark.django_db
def test_an_open_complaint_is_not_asked(holder_complaint) -> None:
    client = verified_client()
    assert QUESTION not in client.get(_page(holder_complaint)).content.decode()
    response = client.post(_answer_url(holder_complaint), {"score": "4"})
    assert response.status_code == 302
    assert SurveyAnswer.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("state", [State.RESOLVED, State.CLOSED])
def test_a_resolved_complaint_asks_and_records_once(holder_complaint, state) -> None:
    ticket = _set_state(holder_complaint, state)
    client = verified_client()
    assert QUESTION in client.get(_page(ticket)).content.decode()
    response = client.post(_answer_url(ticket), {"score": "4", "comment": " Merci <b>! "})
    assert response.status_code == 302 and response["Location"] == _page(ticket)
    answer = SurveyAnswer.objects.get()
    assert (answer.score, answer.channel, answer.ticket_id, answer.customer_id,
            answer.comment) == (4, "web", ticket.pk, ticket.customer_id, "Merci <b>!")
    page = client.get(_page(ticket)).content.decode()
    assert QUESTION not in page
    # A second answer is refused, nothing more saved.
    again = client.post(_answer_url(ticket), {"score": "1"}, follow=True)
    assert SurveyAnswer.objects.count() == 1
    assert "déjà" in again.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("data", [{}, {"score": "0"}, {"score": "6"}, {"score": "abc"},
                                  {"score": "3", "comment": "x" * 1001}])
def test_bad_input_is_explained_and_nothing_saved(holder_complaint, data) -> None:
    ticket = _set_state(holder_complaint, State.RESOLVED)
    response = verified_client().post(_answer_url(ticket), data)
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()
    assert SurveyAnswer.objects.count() == 0


@pytest.mark.django_db
def test_an_sms_answer_counts_as_answered(holder_complaint) -> None:
    ticket = _set_state(holder_complaint, State.CLOSED)
    ticket_services.record_survey_answer(score=5, channel="sms", ticket=ticket)
    assert QUESTION not in verified_client().get(_page(ticket)).content.decode()
    with pytest.raises(SatisfactionRefused):
        services.answer_satisfaction(ticket=ticket, score=2)
    assert SurveyAnswer.objects.count() == 1


@pytest.mark.django_db
def test_another_persons_complaint_is_not_found(holder_complaint, neighbour_complaint) -> None:
    ticket = _set_state(neighbour_complaint, State.RESOLVED)
    response = verified_client().post(_answer_url(ticket), {"score": "5"})
    assert response.status_code == 404
    assert SurveyAnswer.objects.count() == 0


@pytest.mark.django_db
def test_after_a_web_answer_the_sms_answer_is_refused(holder_complaint) -> None:
    ticket = _set_state(holder_complaint, State.CLOSED)
    services.answer_satisfaction(ticket=ticket, score=4, comment="")
    with pytest.raises(RuleViolation):
        ticket_services.record_satisfaction(ticket=ticket, score=2, actor_label="SMS")
    assert SurveyAnswer.objects.count() == 1
