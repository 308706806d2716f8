"""The visitor line's pages: the public kiosk and hall display (numbers and desks only, never
a phone or a name), and the calling screen (the agency's front office only)."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contactcenter.counter import line_views, services
from contactcenter.counter.models import Reason, Visit
from contactcenter.org.models import Agent
from telephony.gateway import fake_gateway
from tests import factories
from tickets.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fake_sms(settings):
    settings.SMS_GATEWAY = "fake"
    fake_gateway.reset()
    yield
    fake_gateway.reset()


def _signed_in(agent: Agent) -> Client:
    client = Client()
    client.force_login(agent.user)
    return client


def _ticket_url(visit: Visit) -> str:
    return reverse("counter:ticket", kwargs={
        "agency": visit.agency.code,
        "token": signing.dumps(visit.pk, salt=line_views.TICKET_SALT)})


# --- The kiosk ----------------------------------------------------------------------------------

def test_the_kiosk_is_chosen_once_then_remembered(client, agency_a) -> None:
    page = client.get(reverse("counter:kiosk_setup"))
    assert page.status_code == 200 and agency_a.code.encode() in page.content
    chosen = client.post(reverse("counter:kiosk_setup"), {"agency": agency_a.code})
    assert chosen.url == reverse("counter:kiosk", kwargs={"agency": agency_a.code})
    assert chosen.cookies[line_views.KIOSK_COOKIE].value == agency_a.code
    assert client.get(reverse("counter:kiosk_setup")).url == chosen.url


def test_the_kiosk_refuses_an_unknown_agency(client) -> None:
    assert client.post(reverse("counter:kiosk_setup"), {"agency": "NOPE"}).status_code == 422
    assert client.get(reverse("counter:kiosk", kwargs={"agency": "NOPE"})).status_code == 404


def test_the_kiosk_shows_the_reasons_in_both_languages(client, agency_a) -> None:
    page = client.get(reverse("counter:kiosk", kwargs={"agency": agency_a.code}))
    text = page.content.decode()
    for words in ("Réclamation", "شكاية", "Prestation", "Prendre un numéro", "خذ رقما"):
        assert words in text


def test_a_visitor_takes_a_number_and_sees_it_with_the_estimate(client, agency_a) -> None:
    services.take_number(agency=agency_a, reason=Reason.INFORMATION)
    taken = client.post(reverse("counter:kiosk", kwargs={"agency": agency_a.code}),
                        {"reason": Reason.BENEFIT_CLAIM})
    assert taken.status_code == 302
    ticket = client.get(taken.url)
    text = ticket.content.decode()
    assert ticket.status_code == 200 and "P-001" in text
    assert "1 personne avant vous" in text and "شخص واحد قبلك" in text


def test_a_wrong_reason_is_refused_on_the_kiosk(client, agency_a) -> None:
    refused = client.post(reverse("counter:kiosk", kwargs={"agency": agency_a.code}),
                          {"reason": "x" * 5000})
    assert refused.status_code == 422 and not Visit.objects.exists()


def test_the_ticket_screen_sends_the_number_by_sms_and_never_shows_the_mobile(
        client, agency_a) -> None:
    visit = services.take_number(agency=agency_a, reason=Reason.DOCUMENT)
    url = _ticket_url(visit)
    sent = client.post(url, {"mobile": "06 12 34 56 78"})
    assert sent.status_code == 302
    page = client.get(sent.url).content.decode()
    assert "Votre numéro vous a été envoyé par SMS." in page
    assert "612345678" not in page and "12 34 56 78" not in page
    assert OutboxMessage.objects.get(event=services.SMS_EVENT).to == "+212612345678"


def test_the_ticket_screen_refuses_a_wrong_mobile(client, agency_a) -> None:
    visit = services.take_number(agency=agency_a, reason=Reason.DOCUMENT)
    refused = client.post(_ticket_url(visit), {"mobile": "hello"})
    text = refused.content.decode()
    assert refused.status_code == 422
    assert "pas un numéro de mobile" in text and "هذا ليس رقم هاتف محمول." in text
    assert not OutboxMessage.objects.exists()


def test_a_forged_or_old_ticket_address_shows_nothing(client, agency_a, agency_b) -> None:
    visit = services.take_number(agency=agency_a, reason=Reason.DOCUMENT)
    forged = reverse("counter:ticket", kwargs={"agency": agency_a.code,
                                                "token": f"{visit.pk}:forged"})
    assert client.get(forged).status_code == 404
    elsewhere = reverse("counter:ticket", kwargs={
        "agency": agency_b.code, "token": signing.dumps(visit.pk, salt=line_views.TICKET_SALT)})
    assert client.get(elsewhere).status_code == 404
    assert client.post(forged, {"mobile": "0612345678"}).status_code == 404
    assert not OutboxMessage.objects.exists()


# --- The hall display ---------------------------------------------------------------------------

def test_the_hall_display_shows_numbers_and_desks_only(client, agency_a, agent) -> None:
    agent.user.first_name, agent.user.last_name = "Zineb", "Alaoui"
    agent.user.save()
    services.take_number(agency=agency_a, reason=Reason.COMPLAINT, mobile="0612345678")
    services.take_number(agency=agency_a, reason=Reason.DOCUMENT)
    services.call_next(agent=agent, desk=7)
    page = client.get(reverse("counter:display", kwargs={"agency": agency_a.code}))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="hall-number" dir="ltr">R-001<' in text and 'id="hall-desk" dir="ltr">7<' in text
    assert f"/ws/counter/display/{agency_a.code}/" in text
    for personal in ("Zineb", "Alaoui", "612345678", "12 34 56 78"):
        assert personal not in text
    assert client.get(reverse("counter:display", kwargs={"agency": "NOPE"})).status_code == 404


# --- The calling screen -------------------------------------------------------------------------

def test_the_calling_screen_is_for_the_agencys_front_office(client, agency_a, agent,
                                                           supervisor, regional_manager) -> None:
    url = reverse("counter:calling")
    assert client.get(url).status_code == 302  # to the sign-in page
    call_centre = factories.AgentFactory(role=Agent.Role.CALL_CENTRE, agency=None,
                                         direction=factories.DirectionFactory())
    for outsider in (call_centre, regional_manager):
        assert _signed_in(outsider).get(url).status_code == 403
        assert _signed_in(outsider).post(reverse("counter:call_next"),
                                         {"desk": 1}).status_code == 403
    for member in (agent, supervisor):
        page = _signed_in(member).get(url)
        assert page.status_code == 200 and b"Appeler le suivant" in page.content


def test_the_menu_leads_front_office_agents_to_the_calling_screen(agent, regional_manager
                                                                   ) -> None:
    link = f'href="{reverse("counter:calling")}"'.encode()
    assert link in _signed_in(agent).get(reverse("desk:queue")).content
    assert link not in _signed_in(regional_manager).get(reverse("desk:queue")).content


def test_an_agent_calls_recalls_and_serves_from_the_screen(agency_a, agent) -> None:
    first = services.take_number(agency=agency_a, reason=Reason.COMPLAINT)
    services.take_number(agency=agency_a, reason=Reason.DOCUMENT)
    client = _signed_in(agent)
    assert client.post(reverse("counter:call_next"), {"desk": "4"}).status_code == 302
    page = client.get(reverse("counter:calling")).content.decode()
    assert "R-001" in page and 'value="4"' in page  # the desk is remembered
    client.post(reverse("counter:recall", kwargs={"pk": first.pk}))
    client.post(reverse("counter:served", kwargs={"pk": first.pk}))
    stored = Visit.objects.get(pk=first.pk)
    assert (stored.state, stored.calls, stored.desk) == (Visit.State.SERVED, 2, 4)
    # Served twice: refused with a message, nothing changes.
    again = client.post(reverse("counter:served", kwargs={"pk": first.pk}), follow=True)
    assert "a changé entre-temps" in again.content.decode()


def test_absent_then_called_back(agency_a, agent) -> None:
    visit = services.take_number(agency=agency_a, reason=Reason.COMPLAINT)
    client = _signed_in(agent)
    client.post(reverse("counter:call_next"), {"desk": "2"})
    client.post(reverse("counter:absent", kwargs={"pk": visit.pk}))
    assert Visit.objects.get(pk=visit.pk).state == Visit.State.ABSENT
    assert "Absents aujourd" in client.get(reverse("counter:calling")).content.decode()
    client.post(reverse("counter:call_back", kwargs={"pk": visit.pk}), {"desk": "2"})
    assert Visit.objects.get(pk=visit.pk).state == Visit.State.CALLED


def test_a_wrong_desk_is_refused_with_a_message(agency_a, agent) -> None:
    services.take_number(agency=agency_a, reason=Reason.COMPLAINT)
    answer = _signed_in(agent).post(reverse("counter:call_next"), {"desk": "0"}, follow=True)
    assert "Les numéros de guichet vont de 1 à 99." in answer.content.decode()
    assert Visit.objects.get().state == Visit.State.WAITING


def test_another_agencys_visitor_is_not_found(agency_a, other_agency_agent) -> None:
    visit = services.take_number(agency=agency_a, reason=Reason.COMPLAINT)
    client = _signed_in(other_agency_agent)
    for name in ("recall", "served", "absent", "call_back"):
        assert client.post(reverse(f"counter:{name}", kwargs={"pk": visit.pk}),
                           {"desk": 1}).status_code == 404
    assert Visit.objects.get(pk=visit.pk).state == Visit.State.WAITING


def test_the_panel_alone_for_htmx_with_counts_per_reason(agency_a, agent) -> None:
    now = timezone.now()
    # 12 minutes ago, or less just after midnight: the line is the day's (local time).
    local = timezone.localtime(now)
    waited = min(12, local.hour * 60 + local.minute)
    services.take_number(agency=agency_a, reason=Reason.COMPLAINT,
                         now=now - timedelta(minutes=waited))
    services.take_number(agency=agency_a, reason=Reason.COMPLAINT, now=now)
    panel = _signed_in(agent).get(reverse("counter:calling"), HTTP_HX_REQUEST="true")
    text = panel.content.decode()
    assert "<html" not in text and 'id="calling-panel"' in text
    assert "2 visiteurs en attente" in text and f"{waited} min" in text


def test_one_address_taking_too_many_numbers_is_refused(agency_a) -> None:
    kiosk = Client(REMOTE_ADDR=f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.7")
    url = reverse("counter:kiosk", kwargs={"agency": agency_a.code})
    for _ in range(line_views.NUMBERS_PER_ADDRESS):
        assert kiosk.post(url, {"reason": Reason.DOCUMENT}).status_code == 302
    refused = kiosk.post(url, {"reason": Reason.DOCUMENT})
    assert refused.status_code == 429
    assert "Adressez-vous à l" in refused.content.decode()
    assert Visit.objects.count() == line_views.NUMBERS_PER_ADDRESS
    # Another address (another kiosk) is not held up.
    other = Client(REMOTE_ADDR=f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.8")
    assert other.post(url, {"reason": Reason.DOCUMENT}).status_code == 302


def test_a_visitor_come_for_a_complaint_leads_to_the_counter_form(agency_a, agent) -> None:
    services.take_number(agency=agency_a, reason=Reason.DOCUMENT)
    services.take_number(agency=agency_a, reason=Reason.COMPLAINT)
    client = _signed_in(agent)
    link = "Enregistrer la réclamation de ce visiteur"
    client.post(reverse("counter:call_next"), {"desk": "2"})  # the document, first in line
    assert link not in client.get(reverse("counter:calling")).content.decode()
    client.post(reverse("counter:call_next"), {"desk": "2"})  # then the complaint
    page = client.get(reverse("counter:calling")).content.decode()
    assert "R-001" in page and link in page
    assert f'href="{reverse("counter:complaint")}">{link}' in page
