"""TwiML answers: the verbs, attributes and voices Twilio reads, parsed back as XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from telephony import twiml

MENU = "https://cnss.example.ma/telephony/voice/menu/"
FR = ("Pour une réclamation, tapez 1.", "fr")
AR = ("للشكايات، اضغط على 1.", "ar")


def _parse(document: str) -> ET.Element:
    assert document.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(document)
    assert root.tag == "Response"
    return root


def test_an_sms_reply_holds_one_message() -> None:
    root = _parse(twiml.sms_reply("Réclamation RC-2026-000123 reçue."))
    [message] = root
    assert message.tag == "Message" and message.text == "Réclamation RC-2026-000123 reçue."


@pytest.mark.parametrize("text", [None, ""])
def test_no_sms_reply_is_an_empty_response(text: str | None) -> None:
    root = _parse(twiml.sms_reply(text))
    assert list(root) == [] and not root.text


def test_say_and_gather_speaks_each_prompt_in_its_voice_while_listening() -> None:
    root = _parse(twiml.say_and_gather([FR, AR], action=MENU, num_digits=1, timeout=7))
    [gather] = root
    assert gather.tag == "Gather"
    assert gather.attrib == {"input": "dtmf", "action": MENU, "method": "POST",
                             "numDigits": "1", "timeout": "7", "actionOnEmptyResult": "true"}
    french, arabic = gather
    assert (french.tag, french.text, french.attrib) == (
        "Say", FR[0], {"language": "fr-FR", "voice": "Polly.Lea"})
    assert (arabic.tag, arabic.text, arabic.attrib) == (
        "Say", AR[0], {"language": "arb", "voice": "Polly.Zeina"})


def test_say_and_gather_without_a_digit_count_waits_for_the_finish_key() -> None:
    [gather] = _parse(twiml.say_and_gather([FR], action=MENU))
    assert "numDigits" not in gather.attrib and gather.attrib["timeout"] == "5"


def test_say_and_hangup_ends_the_call_after_the_prompts() -> None:
    root = _parse(twiml.say_and_hangup([AR, FR]))
    assert [element.tag for element in root] == ["Say", "Say", "Hangup"]
    assert [element.attrib["language"] for element in root[:2]] == ["arb", "fr-FR"]


def test_an_unknown_language_has_no_voice() -> None:
    with pytest.raises(ValueError, match="'en'"):
        twiml.say_and_hangup([("Hello", "en")])


def test_enqueue_puts_the_caller_in_the_named_queue() -> None:
    [queued] = _parse(twiml.enqueue("agency-casa-anfa", wait_url="/telephony/voice/wait/"))
    assert (queued.tag, queued.text, queued.attrib) == (
        "Enqueue", "agency-casa-anfa", {"waitUrl": "/telephony/voice/wait/"})
    [plain] = _parse(twiml.enqueue("national"))
    assert plain.attrib == {}


def test_redirect_continues_the_call_elsewhere() -> None:
    [redirect] = _parse(twiml.redirect(MENU))
    assert (redirect.tag, redirect.text, redirect.attrib) == ("Redirect", MENU,
                                                              {"method": "POST"})
