"""The phone simulator: staff only, off with a real carrier; its signatures open the real
webhooks; the SMS list shows what the outbox wrote to the played number, and nothing else."""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from contactcenter.org.models import Agent
from telephony.models import InboundMessage
from telephony.simulator import demo_numbers
from tests import factories
from tests.conftest import client_for
from tests.telephony.conftest import SENDER, post_sms, reply_of, sms_params
from tickets.models import OutboxMessage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sms_webhook")]
PAGE = "/telephony/simulator/"
SIGN = "/telephony/simulator/sign/"
MESSAGES = "/telephony/simulator/messages/"
SMS_INBOUND = "/telephony/sms/inbound/"


def _signature(client: Client, path: str, params: dict[str, str]) -> str:
    response = client.post(SIGN, {"path": path, "params": json.dumps(params)})
    assert response.status_code == 200, response.content
    return str(response.json()["signature"])


def _post_webhook(path: str, params: dict[str, str], signature: str) -> object:
    return Client().post(path, urlencode(params),
                         content_type="application/x-www-form-urlencoded",
                         headers={"X-Twilio-Signature": signature})


def _sms(ticket, to: str, body: str) -> OutboxMessage:  # type: ignore[no-untyped-def]
    return OutboxMessage.objects.create(kind=OutboxMessage.Kind.SMS, ticket=ticket,
                                        event="resolved", to=to, body=body)


# --- Who may use it ---------------------------------------------------------------------------

def test_the_page_offers_demo_customers_numbers_and_an_unknown_one(agent: Agent,
                                                                   customer) -> None:
    factories.ContactPointFactory(customer=customer, value=SENDER, is_primary=True)
    response = client_for(agent).get(PAGE)
    assert response.status_code == 200
    content = response.content.decode()
    assert f'value="{SENDER}"' in content and "Benali" in content
    assert 'id="sim-number"' in content and "js/simulator.js" in content


def test_numbers_of_customers_with_complaints_come_first(agent: Agent, agency_a) -> None:
    quiet = factories.CustomerFactory(agency=agency_a, last_name="Sansdossier")
    factories.ContactPointFactory(customer=quiet, value="+212661000401", is_primary=True)
    followed = factories.CustomerFactory(agency=agency_a, last_name="Avecdossier")
    factories.ContactPointFactory(customer=followed, value="+212661000402", is_primary=True)
    factories.TicketFactory(customer=followed)
    assert [n.number for n in demo_numbers(agent)] == ["+212661000402", "+212661000401"]


def _elsewhere_and_ours(agency_a, agency_b) -> None:  # type: ignore[no-untyped-def]
    elsewhere = factories.CustomerFactory(agency=agency_b, last_name="Ailleurs")
    factories.ContactPointFactory(customer=elsewhere, value="+212661000403", is_primary=True)
    factories.TicketFactory(customer=elsewhere)
    ours = factories.CustomerFactory(agency=agency_a, last_name="Cheznous")
    factories.ContactPointFactory(customer=ours, value="+212661000404", is_primary=True)


def test_an_agent_is_offered_only_the_numbers_of_their_scope(agent: Agent, agency_a,
                                                              agency_b) -> None:
    _elsewhere_and_ours(agency_a, agency_b)
    assert [n.number for n in demo_numbers(agent)] == ["+212661000404"]
    content = client_for(agent).get(PAGE).content.decode()
    assert "Cheznous" in content
    assert "Ailleurs" not in content and "+212661000403" not in content


def test_national_staff_are_offered_the_numbers_of_every_agency(administrator: Agent,
                                                                agency_a, agency_b) -> None:
    _elsewhere_and_ours(agency_a, agency_b)
    assert [n.number for n in demo_numbers(administrator)] == ["+212661000403",
                                                               "+212661000404"]


def test_the_page_refuses_anonymous_visitors() -> None:
    response = Client().get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_refuses_a_user_without_an_agent_profile() -> None:
    user = get_user_model().objects.create_user("someone", password="x")
    client = Client()
    client.force_login(user)
    assert client.get(PAGE).status_code == 403
    assert client.post(SIGN, {"path": SMS_INBOUND, "params": "{}"}).status_code == 403
    assert client.get(MESSAGES, {"number": SENDER}).status_code == 403


def test_the_simulator_is_off_with_a_real_carrier(agent: Agent, settings) -> None:
    settings.SMS_GATEWAY = "twilio"
    client = client_for(agent)
    assert client.get(PAGE).status_code == 404
    assert client.post(SIGN, {"path": SMS_INBOUND, "params": "{}"}).status_code == 404


# --- Signing ----------------------------------------------------------------------------------

def test_a_signature_from_the_simulator_opens_the_real_sms_webhook(agent: Agent,
                                                                   customer) -> None:
    factories.ContactPointFactory(customer=customer, value=SENDER, is_primary=True)
    params = sms_params("Ma pension n'est pas versée depuis deux mois")
    signature = _signature(client_for(agent), SMS_INBOUND, params)
    reply = reply_of(_post_webhook(SMS_INBOUND, params, signature))  # type: ignore[arg-type]
    assert reply and InboundMessage.objects.get().carrier_id == params["MessageSid"]


def test_a_signature_covers_the_query_of_a_voice_menu_step(agent: Agent) -> None:
    path = "/telephony/voice/menu/?step=lang"
    params = {"CallSid": "CA" + "0" * 31 + "1", "From": SENDER, "CallStatus": "in-progress",
              "Digits": "1"}
    signature = _signature(client_for(agent), path, params)
    assert _post_webhook(path, params, signature).status_code == 200  # type: ignore[attr-defined]
    tampered = {**params, "Digits": "2"}
    assert _post_webhook(path, tampered, signature).status_code == 403  # type: ignore[attr-defined]


def test_signing_refuses_anonymous_visitors() -> None:
    response = Client().post(SIGN, {"path": SMS_INBOUND, "params": "{}"})
    assert response.status_code == 302


def test_signing_needs_the_csrf_token(agent: Agent) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent.user)
    assert client.post(SIGN, {"path": SMS_INBOUND, "params": "{}"}).status_code == 403


@pytest.mark.parametrize(("path", "params"), [
    ("/desk/", "{}"),
    ("https://elsewhere.example/telephony/sms/inbound/", "{}"),
    ("/telephony/simulator/sign/", "{}"),
    (SMS_INBOUND, "not json"),
    (SMS_INBOUND, '{"Body": 1}'),
    (SMS_INBOUND, '["Body"]'),
])
def test_signing_refuses_other_paths_and_malformed_forms(agent: Agent, path: str,
                                                         params: str) -> None:
    response = client_for(agent).post(SIGN, {"path": path, "params": params})
    assert response.status_code == 400


def test_signing_is_post_only(agent: Agent) -> None:
    assert client_for(agent).get(SIGN).status_code == 405


# --- The number's SMS -------------------------------------------------------------------------

def test_the_messages_list_shows_the_numbers_sms_only_oldest_first(agent: Agent,
                                                                   customer) -> None:
    ticket = factories.TicketFactory(customer=customer)
    _sms(ticket, SENDER, "Votre réclamation est traitée.")
    _sms(ticket, SENDER, "Votre réclamation est clôturée.")
    _sms(ticket, "+212662000444", "Pour un autre numéro")
    OutboxMessage.objects.create(kind=OutboxMessage.Kind.BOARD, ticket=ticket, event="x",
                                 to=SENDER, body="Mise à jour du tableau")
    response = client_for(agent).get(MESSAGES, {"number": "06 61 00 03 33"})
    assert response.status_code == 200
    content = response.content.decode()
    assert content.index("est traitée") < content.index("est clôturée")
    assert "autre numéro" not in content and "tableau" not in content


def test_the_messages_list_of_an_empty_number_is_not_found(agent: Agent, customer) -> None:
    _sms(factories.TicketFactory(customer=customer), "", "Sans destinataire")
    response = client_for(agent).get(MESSAGES, {"number": ""})
    assert response.status_code == 404 and "Sans destinataire" not in response.content.decode()


def test_the_messages_list_refuses_anonymous_visitors() -> None:
    assert Client().get(MESSAGES, {"number": SENDER}).status_code == 302


# --- Scope ------------------------------------------------------------------------------------

OTHER_REGION_NUMBER = "+212661000555"


@pytest.fixture
def other_region_customer(agency_b):  # type: ignore[no-untyped-def]
    """A customer of another region, with a complaint and an SMS on their number."""
    other = factories.CustomerFactory(agency=agency_b, last_name="Lointain")
    factories.ContactPointFactory(customer=other, value=OTHER_REGION_NUMBER, is_primary=True)
    _sms(factories.TicketFactory(customer=other), OTHER_REGION_NUMBER, "Votre code : 482913")
    return other


def test_the_sms_of_a_number_outside_the_agents_scope_are_not_shown(
        agent: Agent, other_region_customer) -> None:
    response = client_for(agent).get(MESSAGES, {"number": OTHER_REGION_NUMBER})
    assert response.status_code == 404
    assert "482913" not in response.content.decode()


@pytest.mark.parametrize("path", [SMS_INBOUND, "/telephony/voice/inbound/",
                                  "/telephony/voice/menu/?step=lang",
                                  "/telephony/voice/status/"])
def test_signing_refuses_a_number_outside_the_agents_scope(
        agent: Agent, other_region_customer, path: str) -> None:
    params = sms_params("SUIVI", sender=OTHER_REGION_NUMBER)
    response = client_for(agent).post(SIGN, {"path": path, "params": json.dumps(params)})
    assert response.status_code == 403
    assert "signature" not in response.json()


def test_signing_refuses_a_request_without_a_sender(agent: Agent) -> None:
    response = client_for(agent).post(SIGN, {"path": SMS_INBOUND,
                                             "params": json.dumps({"Body": "SUIVI"})})
    assert response.status_code == 403


def test_signing_refuses_a_number_shared_with_a_record_outside_the_scope(
        agent: Agent, customer, other_region_customer) -> None:
    factories.ContactPointFactory(customer=customer, value=OTHER_REGION_NUMBER)
    params = sms_params("SUIVI", sender=OTHER_REGION_NUMBER)
    assert client_for(agent).post(
        SIGN, {"path": SMS_INBOUND, "params": json.dumps(params)}).status_code == 403


def test_signing_accepts_a_number_on_no_record(agent: Agent) -> None:
    params = sms_params("Bonjour", sender="+212661999888")
    assert _signature(client_for(agent), SMS_INBOUND, params)


def test_signing_refuses_a_caller_that_differs_from_the_sender(agent: Agent,
                                                               other_region_customer) -> None:
    params = {"CallSid": "CA" + "1" * 32, "From": "+212661999888",
              "Caller": OTHER_REGION_NUMBER, "CallStatus": "ringing"}
    response = client_for(agent).post(SIGN, {"path": "/telephony/voice/inbound/",
                                             "params": json.dumps(params)})
    assert response.status_code == 403


def test_signing_refuses_another_numbers_message_id(agent: Agent,
                                                    other_region_customer) -> None:
    """A replayed message id answers with the stored reply: another number's status."""
    theirs = sms_params("SUIVI", sender=OTHER_REGION_NUMBER)
    post_sms(theirs)
    assert InboundMessage.objects.filter(carrier_id=theirs["MessageSid"]).exists()
    mine = sms_params("SUIVI", sid=theirs["MessageSid"], sender="+212661999888")
    response = client_for(agent).post(SIGN, {"path": SMS_INBOUND,
                                             "params": json.dumps(mine)})
    assert response.status_code == 403


# --- One-time codes ---------------------------------------------------------------------------

def test_a_status_page_code_is_shown_only_in_the_session_that_asked_for_it(
        agent: Agent, customer, settings) -> None:
    factories.ContactPointFactory(customer=customer, value=SENDER, is_primary=True)
    factories.TicketFactory(customer=customer)
    asker, colleague = client_for(agent), client_for(agent)
    assert asker.post("/suivi/", {"phone": SENDER}).status_code == 302
    sms = OutboxMessage.objects.get(event="access_code")
    code = re.search(r"\d{6}", sms.body).group(0)  # type: ignore[union-attr]
    assert code in asker.get(MESSAGES, {"number": SENDER}).content.decode()
    seen_by_colleague = colleague.get(MESSAGES, {"number": SENDER}).content.decode()
    assert code not in seen_by_colleague and "******" in seen_by_colleague
