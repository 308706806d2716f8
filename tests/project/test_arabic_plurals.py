"""Counts shown in Arabic take the noun form the number calls for (Arabic has six plural
forms: 0, 1, 2, 3–10, 11–99, 100 and up)."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import ngettext

from tickets.exceptions import RuleViolation
from tickets.models import Ticket

# (count, the words the count is shown with)
MINUTES = [(1, "دقيقة واحدة"), (2, "دقيقتين"), (3, "3 دقائق"), (10, "10 دقائق"),
           (11, "11 دقيقة"), (100, "100 دقيقة")]
DAYS = [(1, "يوم واحد"), (2, "يومين"), (3, "3 أيام"), (10, "10 أيام"), (11, "11 يومًا"),
        (100, "100 يوم")]


def _ar(singular: str, plural: str, number: int, **parameters: object) -> str:
    with translation.override("ar"):
        return ngettext(singular, plural, number) % parameters


@pytest.mark.parametrize(("count", "words"), MINUTES)
def test_the_status_page_code_sms_says_how_long_it_is_valid(count, words) -> None:
    text = _ar("Your code to follow your complaints: %(code)s. Valid %(minutes)s minute. "
               "Never give it to anyone.",
               "Your code to follow your complaints: %(code)s. Valid %(minutes)s minutes. "
               "Never give it to anyone.", count, code="123456", minutes=count)
    assert f"صالح لمدة {words}." in text


@pytest.mark.parametrize(("count", "words"), MINUTES)
def test_the_lockout_page_counts_minutes(count, words) -> None:
    request = RequestFactory().get("/accounts/login/")
    with translation.override("ar"):
        html = render_to_string("registration/locked_out.html", {"minutes": count},
                                request=request)
    assert f"لمدة {words}." in html


@pytest.mark.parametrize(("count", "words"), MINUTES)
def test_the_board_legend_counts_minutes(count, words) -> None:
    text = _ar("Not breached, clock running, and already warned or next escalation level "
               "within %(minutes)s minute.",
               "Not breached, clock running, and already warned or next escalation level "
               "within %(minutes)s minutes.", count, minutes=count)
    assert f"في غضون {words}." in text


@pytest.mark.parametrize(("count", "words"), DAYS)
def test_the_reopening_window_counts_days(settings, count, words) -> None:
    settings.TICKET_REOPEN_WINDOW_DAYS = count
    ticket = Ticket(state="resolved", resolved_at=None)
    with translation.override("ar"), pytest.raises(RuleViolation) as refused:
        ticket.reopen(at=None)
    assert f"أكثر من {words})" in str(refused.value)


@pytest.mark.parametrize(("count", "words"), [
    (1, "شكاية جديدة واحدة"), (2, "شكايتين جديدتين"), (3, "3 شكايات جديدة"),
    (10, "10 شكايات جديدة"), (11, "11 شكاية جديدة"), (100, "100 شكاية جديدة")])
def test_the_sms_complaint_limit_counts_complaints(count, words) -> None:
    single = ("You have already sent %(count)s new complaint by SMS in the last %(hours)s "
              "hours: an agent will read your message. To follow your complaints, text SUIVI.")
    text = _ar(single, single.replace("complaint by", "complaints by"), count, count=count,
               hours=24)
    assert text.startswith(f"لقد أرسلتم {words} عبر") and "(24 س)" in text
