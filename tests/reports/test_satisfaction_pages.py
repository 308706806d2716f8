"""The barometer's pages: who may see them, what each role sees, the comments escaped and
paginated, and the quarterly report's quarter."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from contactcenter.org.models import Agent
from contactcenter.org.selectors import Scope
from contactcenter.reports import services
from contactcenter.reports.quarters import BadQuarter, Quarter, last_full_quarter, parse_quarter
from tests import factories
from tests.conftest import client_for
from tests.reports.satisfaction_data import at, june, make_answers
from tickets import services as ticket_services
from tickets.reporting import survey_comments

PAGE = "/reports/satisfaction/"
QUARTER = "/reports/satisfaction/quarter/"
JUNE = "?period=custom&start=2026-06-01&end=2026-06-30"


@pytest.fixture
def answers(agency_a, agency_b):
    made = make_answers(agency_a, agency_b)
    services.update_satisfaction_figures()
    return made


@pytest.mark.django_db
@pytest.mark.parametrize("url", [PAGE, QUARTER])
def test_the_signed_out_are_sent_to_the_login(url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Agent.Role.FRONT_OFFICE, Agent.Role.AUDITOR])
@pytest.mark.parametrize("url", [PAGE, QUARTER])
def test_other_roles_are_refused(role: str, url: str, agency_a) -> None:
    agent = factories.AgentFactory(role=role, agency=agency_a)
    assert client_for(agent).get(url).status_code == 403


@pytest.mark.django_db
def test_the_page_shows_the_charts_and_the_comments_escaped(answers, administrator) -> None:
    response = client_for(administrator).get(PAGE + JUNE)
    assert response.status_code == 200
    body = response.content.decode()
    for slug in ("satisfaction-mean", "satisfaction-share", "satisfaction-audience",
                 "satisfaction-channel", "satisfaction-region", "satisfaction-response"):
        assert f'<canvas data-chart="chart-data-{slug}"' in body
    assert "<b>Nul</b>" not in body and "&lt;b&gt;Nul&lt;/b&gt;" in body
    # Newest first; the complaint's reference links to the desk.
    assert body.index("Nul") < body.index("Trop lent") < body.index("Très bien")
    reference = answers["tickets"][2].reference
    assert f'href="{reverse("desk:ticket", args=[reference])}"' in body
    assert response.context["scores"].answers == 6


@pytest.mark.django_db
def test_each_role_sees_its_scope(answers, supervisor, regional_manager, agency_b) -> None:
    seen = client_for(supervisor).get(PAGE + JUNE)
    assert seen.status_code == 200
    assert seen.context["scores"].answers == 3  # agency A's answers only
    assert "Nul" not in seen.content.decode()  # agency B's comment
    other = factories.AgentFactory(role=Agent.Role.REGIONAL_MANAGER, agency=None,
                                   region=agency_b.region)
    theirs = client_for(other).get(PAGE + JUNE)
    assert theirs.context["scores"].answers == 2
    assert "Trop lent" not in theirs.content.decode()
    assert client_for(regional_manager).get(PAGE + JUNE).context["scores"].answers == 3


@pytest.mark.django_db
def test_bad_filters_answer_400_with_why(administrator) -> None:
    response = client_for(administrator).get(PAGE + "?period=custom&start=2026-06-30"
                                             "&end=2026-06-01")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


@pytest.mark.django_db
def test_comments_come_fifty_a_page(administrator, agency_a) -> None:
    customer = factories.CustomerFactory(agency=agency_a)
    for n in range(55):
        ticket_services.record_survey_answer(score=3, channel="sms", customer=customer,
                                             comment=f"avis-{n:02d}", answered_at=at(june(2)))
    first = client_for(administrator).get(PAGE + JUNE)
    assert len(first.context["comments"]) == 50
    second = client_for(administrator).get(PAGE + JUNE + "&page=2")
    assert len(second.context["comments"]) == 5
    assert "page=2" in first.content.decode()


@pytest.mark.django_db
def test_the_quarterly_report_beside_the_study(answers, administrator) -> None:
    response = client_for(administrator).get(QUARTER + "?quarter=2026-Q2")
    assert response.status_code == 200
    lines = {line.study: line for line in response.context["audiences"]}
    assert set(lines) == {45.0, 64.0, 51.0}
    assert lines[64.0].now.satisfied == 100.0 and lines[45.0].now.satisfied == 0.0
    assert response.context["current"].scores.answers == 6
    assert response.context["previous"].quarter == Quarter(2026, 1)
    assert response.context["previous"].scores.answers == 0
    body = response.content.decode()
    assert "&lt;b&gt;Nul&lt;/b&gt;" in body and "@page" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("quarter", ["2026-Q5", "2026Q1", "abc", "1999-Q4", "2999-Q1"])
def test_a_bad_quarter_answers_400_with_why(quarter: str, administrator) -> None:
    response = client_for(administrator).get(QUARTER + "?quarter=" + quarter)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_quarters() -> None:
    today = date(2026, 8, 15)
    assert parse_quarter("2026-Q3", today=today) == Quarter(2026, 3)
    assert parse_quarter(" 2026-q2 ", today=today).end == date(2026, 6, 30)
    assert Quarter(2026, 4).end == date(2026, 12, 31)
    assert Quarter(2026, 1).previous == Quarter(2025, 4)
    assert last_full_quarter(today) == Quarter(2026, 2)
    assert last_full_quarter(date(2026, 1, 2)) == Quarter(2025, 4)
    with pytest.raises(BadQuarter):
        parse_quarter("2026-Q4", today=today)  # not begun yet


@pytest.mark.django_db
def test_the_comments_follow_the_filters(answers, agency_a, agency_b) -> None:
    def comments(**extra) -> list[str]:
        return [a.comment for a in survey_comments(start=june(1), end=june(30),
                                                   scope=Scope(everything=True), **extra)]

    assert comments() == ["<b>Nul</b>", "Trop lent", "Très bien"]
    assert comments(channel="chat") == ["<b>Nul</b>"]
    assert comments(audience="employer") == ["Trop lent"]
    assert comments(agency_id=agency_b.pk) == ["<b>Nul</b>"]
    assert comments(region_id=agency_a.region_id) == ["Trop lent", "Très bien"]
    assert comments(category_id=answers["tickets"][0].category_id) == ["Très bien"]
    assert survey_comments(start=june(2), end=june(2), scope=Scope(everything=True)).count() == 1
