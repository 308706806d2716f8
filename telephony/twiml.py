"""TwiML answers to the carrier's webhooks, built with Twilio's own builders.

Voice prompts are (text, language) pairs in the project's languages, "fr" or "ar", spoken by
the Amazon Polly voice Twilio offers for each.
"""

from __future__ import annotations

from collections.abc import Sequence

from twilio.twiml.messaging_response import MessagingResponse
from twilio.twiml.voice_response import Gather, VoiceResponse

# language -> (Twilio's <Say language>, voice); Polly has one Arabic voice, Modern Standard.
VOICES = {"fr": ("fr-FR", "Polly.Lea"), "ar": ("arb", "Polly.Zeina")}

Prompt = tuple[str, str]


def sms_reply(text: str | None) -> str:
    """The answer to an inbound SMS: one message back, or none (an empty <Response/>)."""
    response = MessagingResponse()
    if text:
        response.message(text)
    return str(response)


def say_and_gather(prompts: Sequence[Prompt], *, action: str, num_digits: int | None = None,
                   timeout: int = 5) -> str:
    """Speak the prompts while listening for keys, then POST them as Digits to `action`.
    The action is called even when nothing was pressed, so that it decides what follows."""
    response = VoiceResponse()
    gather = response.gather(input="dtmf", action=action, method="POST",
                             num_digits=num_digits, timeout=timeout,
                             action_on_empty_result=True)
    for text, language in prompts:
        _say(gather, text, language)
    return str(response)


def say_and_hangup(prompts: Sequence[Prompt]) -> str:
    """Speak the prompts, then end the call."""
    response = VoiceResponse()
    for text, language in prompts:
        _say(response, text, language)
    response.hangup()
    return str(response)


def enqueue(queue_name: str, *, wait_url: str | None = None) -> str:
    """Put the caller in the named call queue; `wait_url` gives what they hear meanwhile."""
    response = VoiceResponse()
    response.enqueue(queue_name, wait_url=wait_url)
    return str(response)


def redirect(url: str) -> str:
    """Continue the call with the TwiML that `url` answers to a POST."""
    response = VoiceResponse()
    response.redirect(url, method="POST")
    return str(response)


def _say(verb: VoiceResponse | Gather, text: str, language: str) -> None:
    try:
        say_language, voice = VOICES[language]
    except KeyError:
        raise ValueError(f"No voice for language {language!r}: {', '.join(VOICES)}") from None
    verb.say(text, voice=voice, language=say_language)
