"""The screen pop: a caller who asks for an agent in the voice menu reaches the pages of the
call centre's agents (through /ws/desk/ on the real channel layer), the pop shows who may be
calling, and one click opens a complaint from the call. The callback requests' list."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from contactcenter.asgi import application
from contactcenter.customers.models import Customer, Interaction
from contactcenter.org.models import Agent
from telephony import voice
from telephony.gateway import fake_gateway
from telephony.models import Call, CallbackRequest
from tests import factories
from tests.conftest import client_for
from tests.desk.helpers import fr, shows
from tests.telephony.conftest import SENDER
from tests.telephony.test_voice import (
    INBOUND,
    STATUS,
    call_params,
    new_call_sid,
    post_voice,
)
from tickets.models import Ticket

TIMEOUT = 5
UNKNOWN = "+212661999888"


@pytest.fixture(autouse=True)
def _webhooks(settings) -> None:
    settings.SMS_GATEWAY = "fake"
    settings.TELEPHONY_SIGNING_TOKEN = "voice-test-token"
    settings.TELEPHONY_PUBLIC_BASE_URL = ""
    settings.BACKGROUND_MODE = "in-process"
    fake_gateway.reset()








def _call_in(sid: str, *, number: str = SENDER, digits: str = "2") -> None:
    """A caller reaches the menu and presses `digits` (French)."""
    post_voice(INBOUND, call_params(sid, caller=number))
    post_voice(voice.menu_url("main", language="fr"),
               call_params(sid, caller=number, status="in-progress", Digits=digits))


# --- Live ------------------------------------------------------------------------------------

def _headers(agent: Agent) -> list[tuple[bytes, bytes]]:
    client = Client()
    client.force_login(agent.user)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return [(b"origin", b"http://testserver"),
            (b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={session}".encode())]


async def _connected(headers: list[tuple[bytes, bytes]]) -> WebsocketCommunicator:
    socket = WebsocketCommunicator(application, "/ws/desk/", headers=headers)
    connected, _ = await socket.connect(timeout=TIMEOUT)
    assert connected
    return socket


@pytest.mark.django_db(transaction=True)
def test_a_call_put_through_pops_up_on_the_pages_of_the_queue_agents_only(
        caller, call_centre_agent, agent, isolated_live) -> None:
    sid = new_call_sid()
    listening, elsewhere = _headers(call_centre_agent), _headers(agent)

    async def scenario() -> dict[str, Any]:
        pops, other = await _connected(listening), await _connected(elsewhere)
        await sync_to_async(_call_in)(sid)
        notice = await pops.receive_json_from(timeout=TIMEOUT)
        assert await other.receive_nothing(timeout=0.3)
        await sync_to_async(post_voice)(STATUS, call_params(sid, status="completed",
                                                            CallDuration="40"))
        ended = await pops.receive_json_from(timeout=TIMEOUT)
        await pops.disconnect()
        await other.disconnect()
        return {"notice": notice, "ended": ended}

    received = async_to_sync(scenario)()
    call = Call.objects.get(carrier_id=sid)
    assert received["notice"] == {"type": "notice", "event": "call", "call": call.pk,
                                  "from": SENDER,
                                  "url": reverse("desk:call_pop", args=[call.pk])}
    assert received["ended"] == {"type": "notice", "event": "call_ended", "call": call.pk}


@pytest.mark.django_db(transaction=True)
def test_a_caller_who_does_not_ask_for_an_agent_pops_up_nowhere(
        caller, call_centre_agent, isolated_live) -> None:
    listening = _headers(call_centre_agent)

    async def scenario() -> None:
        pops = await _connected(listening)
        await sync_to_async(_call_in)(new_call_sid(), digits="3")  # a callback instead
        assert await pops.receive_nothing(timeout=0.5)
        await pops.disconnect()

    async_to_sync(scenario)()


# --- The pop ---------------------------------------------------------------------------------


def _put_through(number: str = SENDER) -> Call:
    sid = new_call_sid()
    _call_in(sid, number=number)
    return Call.objects.get(carrier_id=sid)


@pytest.mark.django_db
def test_the_pop_shows_the_caller_with_open_complaints_and_recent_contacts(
        caller, call_centre_agent) -> None:
    caller.immatriculation = "123456789"
    caller.save()
    ticket = factories.TicketFactory(customer=caller, state=Ticket.State.IN_PROGRESS)
    factories.InteractionFactory(customer=caller, channel="sms", summary="SUIVI dossier")
    call = _put_through()
    Call.objects.filter(pk=call.pk).update(language="ar", reference=ticket.reference)
    response = client_for(call_centre_agent).get(reverse("desk:call_pop", args=[call.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page
    assert fr("Language chosen: %(name)s.", name="Arabe") in page
    assert ticket.reference in page.split("screen-pop-ended")[0]  # heard in the menu
    assert escape(caller.display_name) in page and "123456789" in page
    assert ticket.reference in page
    assert "SUIVI dossier" in page
    assert fr("Open the customer's record") in page
    assert shows(response, "Open a complaint from this call")
    assert caller.get_absolute_url() in page


@pytest.mark.django_db
def test_the_pop_of_a_shared_number_lists_every_record(caller, call_centre_agent) -> None:
    relative = factories.CustomerFactory(first_name="Said", last_name="Benali")
    factories.ContactPointFactory(customer=relative, value=SENDER)
    call = _put_through()
    assert call.customer is None
    response = client_for(call_centre_agent).get(reverse("desk:call_pop", args=[call.pk]))
    page = response.content.decode()
    assert escape(caller.display_name) in page and escape(relative.display_name) in page
    assert shows(response, "Several records hold this number: ask who is calling.")


@pytest.mark.django_db
def test_the_pop_of_an_unknown_number_offers_a_complaint_without_creating_a_record(
        call_centre_agent) -> None:
    call = _put_through(UNKNOWN)
    response = client_for(call_centre_agent).get(reverse("desk:call_pop", args=[call.pk]))
    assert shows(response, "No record holds this number. A record to identify is created "
                           "when you open a complaint.")
    assert not Customer.objects.exists()


@pytest.mark.django_db
def test_agents_outside_the_call_centre_do_not_see_the_pop(caller, call_centre_agent,
                                                           agent) -> None:
    call = _put_through()
    response = client_for(agent).get(reverse("desk:call_pop", args=[call.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_layout_holds_the_pops_for_call_centre_agents_only(call_centre_agent, agent) -> None:
    for who, expected in ((call_centre_agent, True), (agent, False)):
        page = client_for(who).get(reverse("desk:queue")).content.decode()
        assert ('id="screen-pops"' in page) is expected
        # The layout's script (live toasts for every agent, pops for these only).
        assert "data-calls-only" in page


# --- Opening a complaint from the call ---------------------------------------------------------

@pytest.mark.django_db
def test_one_click_opens_the_complaint_form_for_the_caller(caller, call_centre_agent) -> None:
    call = _put_through()
    client = client_for(call_centre_agent)
    response = client.post(reverse("desk:call_open", args=[call.pk]),
                           {"customer": caller.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:open", args=[caller.pk]) + f"?call={call.pk}"
    form = client.get(response["Location"])
    assert form.context["form"]["channel"].value() == "phone"
    assert Interaction.objects.filter(carrier_id=call.carrier_id).count() == 1

    category = factories.CategoryFactory(default_queue=call.queue)
    opened = client.post(response["Location"], {
        "channel": "phone", "category": category.pk, "priority": "normal",
        "description": "Le client demande où en est son attestation."})
    assert opened.status_code == 302
    ticket = Ticket.objects.get(customer=caller)
    assert Interaction.objects.get(carrier_id=call.carrier_id).ticket == ticket


@pytest.mark.django_db
def test_an_unknown_caller_gets_a_provisional_record_when_the_agent_clicks(
        call_centre_agent) -> None:
    call = _put_through(UNKNOWN)
    assert not Customer.objects.exists()
    response = client_for(call_centre_agent).post(reverse("desk:call_open", args=[call.pk]))
    customer = Customer.objects.get()
    assert customer.to_identify
    assert response["Location"] == reverse("desk:open", args=[customer.pk]) + f"?call={call.pk}"
    call.refresh_from_db()
    assert call.customer == customer
    interaction = Interaction.objects.get(carrier_id=call.carrier_id)
    assert (interaction.customer, interaction.agent) == (customer, call_centre_agent)
    client_for(call_centre_agent).post(reverse("desk:call_open", args=[call.pk]))  # clicked again
    assert Customer.objects.count() == 1


@pytest.mark.django_db
def test_the_agent_picks_one_of_the_records_sharing_the_number(caller, call_centre_agent) -> None:
    relative = factories.CustomerFactory()
    factories.ContactPointFactory(customer=relative, value=SENDER)
    stranger = factories.CustomerFactory()
    call = _put_through()
    client = client_for(call_centre_agent)
    url = reverse("desk:call_open", args=[call.pk])
    assert client.post(url, {"customer": stranger.pk}).status_code == 404
    response = client.post(url, {"customer": relative.pk})
    assert response["Location"] == reverse("desk:open", args=[relative.pk]) + f"?call={call.pk}"
    assert Call.objects.get(pk=call.pk).customer == relative
    assert Interaction.objects.get(carrier_id=call.carrier_id).customer == relative


@pytest.mark.django_db
def test_opening_from_a_call_is_refused_outside_the_call_centre(caller, call_centre_agent,
                                                                agent) -> None:
    call = _put_through()
    response = client_for(agent).post(reverse("desk:call_open", args=[call.pk]),
                                      {"customer": caller.pk})
    assert response.status_code == 404


@pytest.mark.django_db
def test_opening_from_a_call_needs_a_post(caller, call_centre_agent) -> None:
    call = _put_through()
    response = client_for(call_centre_agent).get(reverse("desk:call_open", args=[call.pk]))
    assert response.status_code == 405


# --- Callback requests --------------------------------------------------------------------------

@pytest.mark.django_db
def test_call_centre_agents_see_the_callers_waiting_and_mark_them_done(
        caller, call_centre_agent, django_assert_max_num_queries) -> None:
    _call_in(new_call_sid(), digits="3")
    _call_in(new_call_sid(), number=UNKNOWN, digits="3")
    client = client_for(call_centre_agent)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("desk:callbacks"))
    assert response.status_code == 200
    page = response.content.decode()
    assert escape(caller.display_name) in page
    assert shows(response, "Unknown number")
    first = CallbackRequest.objects.get(phone=SENDER)
    response = client.post(reverse("desk:callback_done", args=[first.pk]), follow=True)
    assert shows(response, "Callback marked as done.")
    first.refresh_from_db()
    assert (first.status, first.done_by) == ("done", call_centre_agent)
    assert first.done_at is not None
    again = client.post(reverse("desk:callback_done", args=[first.pk]), follow=True)
    assert shows(again, "This callback was already done.")


@pytest.mark.django_db
def test_other_agents_cannot_see_or_close_callback_requests(caller, agent) -> None:
    _call_in(new_call_sid(), digits="3")
    callback = CallbackRequest.objects.get()
    client = client_for(agent)
    assert client.get(reverse("desk:callbacks")).status_code == 403
    assert client.post(reverse("desk:callback_done", args=[callback.pk])).status_code == 403
    assert CallbackRequest.objects.get().status == "open"


@pytest.mark.django_db(transaction=True)
def test_a_page_connecting_while_a_call_waits_shows_it_but_not_one_taken_or_over(
        caller, call_centre_agent, isolated_live) -> None:
    waiting, taken, over = _put_through(), _put_through(), _put_through()
    client_for(call_centre_agent).post(reverse("desk:call_open", args=[taken.pk]),
                               {"customer": caller.pk})
    post_voice(STATUS, call_params(over.carrier_id, status="completed", CallDuration="9"))
    listening = _headers(call_centre_agent)

    async def scenario() -> list[dict[str, Any]]:
        socket = await _connected(listening)
        first = await socket.receive_json_from(timeout=TIMEOUT)
        assert await socket.receive_nothing(timeout=0.3)
        await socket.disconnect()
        return [first]

    assert async_to_sync(scenario)() == [{"type": "notice", "event": "call", "call": waiting.pk,
                                          "from": SENDER,
                                          "url": reverse("desk:call_pop", args=[waiting.pk])}]


@pytest.mark.django_db(transaction=True)
def test_the_other_agents_learn_who_took_the_call(caller, call_centre_agent, call_centre_queue,
                                                  isolated_live) -> None:
    colleague = factories.AgentFactory(user__username="collegue", role=Agent.Role.CALL_CENTRE,
                                       agency=None, direction=call_centre_queue.direction,
                                       user__first_name="Youssef", user__last_name="Alaoui")
    colleague.queues.add(call_centre_queue)
    sid = new_call_sid()
    listening = _headers(colleague)

    def take() -> None:
        call = Call.objects.get(carrier_id=sid)
        client_for(call_centre_agent).post(reverse("desk:call_open", args=[call.pk]),
                                   {"customer": caller.pk})

    async def scenario() -> dict[str, Any]:
        socket = await _connected(listening)
        await sync_to_async(_call_in)(sid)
        assert (await socket.receive_json_from(timeout=TIMEOUT))["event"] == "call"
        await sync_to_async(take)()
        taken = await socket.receive_json_from(timeout=TIMEOUT)
        await socket.disconnect()
        return taken

    taken = async_to_sync(scenario)()
    call = Call.objects.get(carrier_id=sid)
    assert taken == {"type": "notice", "event": "call_taken", "call": call.pk,
                     "by": "Amina " + call_centre_agent.user.last_name[0] + ".",
                     "by_agent": call_centre_agent.pk}
    assert call.taken_by == call_centre_agent
