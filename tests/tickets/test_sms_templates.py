"""Customer notifications from the administrators' templates: one per event and language,
seeded in French and Arabic, filled with plain strings only, cut to their segment budget,
and refused by the admin when they do not compile or are over budget."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from contactcenter import process_cache
from contactcenter.sms_segments import GSM7, UCS2, count_segments
from tests import factories
from tickets import notification_texts, outbox
from tickets.admin import SmsTemplateForm, sample_segments
from tickets.models import OutboxMessage, SmsTemplate, Ticket

Event = SmsTemplate.Event
FR_EXPECTED = "11/04/2026"  # 2026-04-10 23:30 UTC is past midnight in Casablanca (UTC+1)


@pytest.fixture
def ticket(mobile_customer) -> Ticket:
    survivor = factories.TicketFactory(customer=mobile_customer, reference="2600000017")
    return factories.TicketFactory(
        customer=mobile_customer, reference="2612345678",
        resolution_due=datetime(2026, 4, 10, 23, 30, tzinfo=UTC),
        waiting_for="Une copie de l'attestation de salaire",
        outcome=Ticket.Outcome.ACCEPTED, explanation="Le complément sera versé en mai.",
        merged_into=survivor)


def _body(ticket: Ticket, event: str, language: str = "fr", **context: object) -> str:
    ticket.customer.preferred_language = language
    return outbox.sms(ticket=ticket, event=event, context=context).body


def _outcome(language: str) -> str:
    with translation.override(language):
        return str(Ticket.Outcome.ACCEPTED.label)


# --- Seeded texts ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_every_event_has_a_french_and_an_arabic_text() -> None:
    seeded = set(SmsTemplate.objects.values_list("event", "language"))
    assert seeded == {(event, language) for event in Event.values for language in ("fr", "ar")}


@pytest.mark.django_db
def test_the_seeded_texts_are_the_built_in_ones() -> None:
    for event, (french, french_max, arabic, arabic_max) in notification_texts.DEFAULT_TEXTS.items():
        assert SmsTemplate.objects.get(event=event, language="fr").body == french
        assert SmsTemplate.objects.get(event=event, language="ar").max_segments == arabic_max
        assert SmsTemplate.objects.get(event=event, language="ar").body == arabic
        assert SmsTemplate.objects.get(event=event, language="fr").max_segments == french_max


@pytest.mark.django_db
@pytest.mark.parametrize("template", [
    (event, language) for event in Event.values for language in ("fr", "ar")],
    ids=lambda pair: "-".join(pair))
def test_each_seeded_text_passes_the_admin_check(template: tuple[str, str]) -> None:
    row = SmsTemplate.objects.get(event=template[0], language=template[1])
    form = SmsTemplateForm(data={"event": row.event, "language": row.language,
                                 "body": row.body, "max_segments": row.max_segments},
                           instance=row)
    assert form.is_valid(), form.errors
    # French stays in the GSM-7 alphabet (160 characters a segment); Arabic needs UCS-2.
    assert sample_segments(row.body, row.language).encoding == (
        GSM7 if row.language == "fr" else UCS2)


# --- Rendering, table-driven -------------------------------------------------------------------

# (event, language, extra context, the text expected; {outcome} is the outcome's label)
RENDERED = [
    ("received", "fr", {},
     "Votre réclamation est enregistrée sous la référence 2612345678. Réponse prévue au plus "
     f"tard le {FR_EXPECTED}. Pour la suivre, envoyez SUIVI 2612345678."),
    ("received", "ar", {},
     f"تم تسجيل شكايتكم تحت رقم 2612345678. الجواب مرتقب في أجل أقصاه {FR_EXPECTED}."
     " للتتبع، أرسلوا: تتبع 2612345678"),
    ("waiting", "fr", {},
     "Réclamation 2612345678 : pour la traiter, merci de nous fournir : Une copie de "
     "l'attestation de salaire"),
    ("waiting", "ar", {},
     "شكاية رقم 2612345678: لمعالجتها، نرجو موافاتنا بما يلي: Une copie de l'attestation de "
     "salaire"),
    ("resolved", "fr", {},
     "Réclamation 2612345678 traitée : {outcome}. Le complément sera versé en mai."),
    ("resolved", "ar", {},
     "تمت معالجة شكايتكم رقم 2612345678: {outcome}. Le complément sera versé en mai."),
    ("closed", "fr", {},
     "Votre réclamation 2612345678 est close. Notez notre réponse en envoyant un chiffre de 1 "
     "(pas du tout satisfait) à 5 (très satisfait)."),
    ("merged", "fr", {},
     "Votre réclamation 2612345678 est traitée avec la réclamation 2600000017. Suivez "
     "désormais la référence 2600000017."),
    ("reply", "fr", {"text": "Votre dossier est complet."},
     "Réclamation 2612345678 : Votre dossier est complet."),
    ("reply", "ar", {"text": "ملفكم كامل."}, "شكاية رقم 2612345678: ملفكم كامل."),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("event", "language", "context", "expected"), RENDERED,
                         ids=[f"{row[0]}-{row[1]}" for row in RENDERED])
def test_templates_render_in_the_customer_s_language(ticket: Ticket, event: str,
                                                     language: str, context: dict[str, str],
                                                     expected: str) -> None:
    assert _body(ticket, event, language, **context) == expected.format(
        outcome=_outcome(language))


@pytest.mark.django_db
def test_a_complaint_without_a_due_date_leaves_the_date_out(ticket: Ticket) -> None:
    ticket.resolution_due = None
    assert "prévue" not in _body(ticket, "received")
    assert "SUIVI 2612345678" in _body(ticket, "received")


@pytest.mark.django_db
def test_a_long_explanation_is_shortened_in_the_context(ticket: Ticket) -> None:
    ticket.explanation = "Le versement " + "interviendra prochainement " * 20
    context = notification_texts.sms_context(ticket, language="fr")
    assert len(context["explanation"]) <= notification_texts.SHORT_TEXT + 1
    assert context["explanation"].endswith("…")
    assert context["explanation"][:-1] in ticket.explanation


@pytest.mark.django_db
def test_templates_see_strings_only_and_nothing_is_escaped(ticket: Ticket) -> None:
    SmsTemplate.objects.filter(event="reply", language="fr").update(
        body="{{ reference }} {{ text }} {{ ticket.customer.cin }}{{ text.pk }}")
    process_cache.forget("sms-templates")  # an UPDATE sends no signal
    assert _body(ticket, "reply", text="l'attestation <jointe> & signée") == (
        "2612345678 l'attestation <jointe> & signée")


@pytest.mark.django_db
def test_an_edited_template_is_used_at_once(ticket: Ticket) -> None:
    _body(ticket, "referred")  # the templates are now cached in this process
    row = SmsTemplate.objects.get(event="referred", language="fr")
    row.body = "Dossier {{ reference }} transmis au siège."
    row.save()
    assert _body(ticket, "referred") == "Dossier 2612345678 transmis au siège."


@pytest.mark.django_db
def test_without_a_row_the_built_in_text_is_sent(ticket: Ticket) -> None:
    SmsTemplate.objects.filter(event="cancelled").delete()
    assert _body(ticket, "cancelled", "ar").startswith("تم إلغاء شكايتكم رقم 2612345678.")


@pytest.mark.django_db
def test_an_unknown_event_is_not_sent(ticket: Ticket) -> None:
    message = outbox.sms(ticket=ticket, event="no-such-event")
    assert (message.status, message.last_error) == (OutboxMessage.Status.SKIPPED, "no template")
    with translation.override("en"):
        assert message.problem == "no message text for this event"


# --- Segment budget, table-driven ---------------------------------------------------------------

WORDS = "Votre dossier est en cours de traitement par nos services "
# (text, max segments, expected encoding, ends with)
FITTED = [
    ("Court message.", 1, GSM7, "Court message."),
    ("a" * 160, 1, GSM7, "a" * 160),                        # exactly one segment: kept
    (WORDS * 4, 1, GSM7, "..."),                             # GSM-7: three dots, not "…"
    (WORDS * 8, 2, GSM7, "..."),                             # 2 x 153
    ("Réclamation reçue " * 10, 1, UCS2, "…"),               # one "ç": UCS-2, 70
    ("تمت معالجة شكايتكم " * 10, 1, UCS2, "…"),
    ("تمت معالجة شكايتكم " * 20, 3, UCS2, "…"),              # 3 x 67
    ("x" * 400, 1, GSM7, "..."),                             # no word boundary: cut anyway
    ("Montant: 100€ " * 30, 1, GSM7, "..."),                 # € costs two septets
]


@pytest.mark.parametrize(("text", "max_segments", "encoding", "ending"), FITTED,
                         ids=[f"{i}" for i in range(len(FITTED))])
def test_a_text_over_its_budget_is_cut_on_a_word_to_fit(text: str, max_segments: int,
                                                        encoding: str, ending: str) -> None:
    fitted = notification_texts.fit_segments(text, max_segments)
    count = count_segments(fitted)
    assert count.segments <= max_segments
    assert count.encoding == encoding
    assert fitted.endswith(ending)
    if fitted != text:
        head = fitted.removesuffix("...").removesuffix("…")
        assert text.startswith(head)
        if " " in text.strip():
            assert text[len(head)] in " ,;:.-"  # whole words kept, trailing punctuation cut
            longer = next(notification_texts._cut(text, at)
                          for at in range(len(head) + 1, len(text))
                          if text[at] == " " and notification_texts._cut(text, at) != fitted)
            assert count_segments(longer).segments > max_segments  # and not one word more


@pytest.mark.django_db
def test_a_reply_over_the_template_s_budget_is_cut_not_sent_over_budget(ticket: Ticket) -> None:
    long_reply = "Nous avons bien reçu vos documents et les transmettons au service. " * 10
    body = _body(ticket, "reply", "fr", text=long_reply)
    count = count_segments(body)
    assert count.segments == 3 and count.encoding == UCS2  # the "ç" of the agent's text
    assert body.startswith("Réclamation 2612345678 : Nous avons bien reçu") and body.endswith("…")


# --- The admin ----------------------------------------------------------------------------------

def _form(body: str, max_segments: int = 1, language: str = "fr") -> SmsTemplateForm:
    instance = SmsTemplate.objects.get(event="referred", language=language)
    return SmsTemplateForm(instance=instance, data={
        "event": "referred", "language": language, "body": body,
        "max_segments": max_segments})


@pytest.mark.django_db
def test_the_admin_refuses_a_text_over_its_maximum() -> None:
    form = _form("Réclamation {{ reference }} : " + "transmise au siège. " * 10)
    with translation.override("en"):
        assert not form.is_valid()
        assert form.errors["body"] == [
            "With a typical complaint this text takes 2 SMS segments (GSM-7, 224 characters), "
            "more than the maximum of 1. Shorten it or raise the maximum."]


@pytest.mark.django_db
def test_the_admin_counts_arabic_in_ucs2() -> None:
    form = _form("أحيلت شكايتكم رقم {{ reference }} على المصلحة المختصة بالإدارة المركزية."
                 " سنوافيكم بالمستجدات.", language="ar")
    with translation.override("en"):
        assert not form.is_valid()
        assert "takes 2 SMS segments (UCS-2, 88 characters)" in form.errors["body"][0]
    assert _form(form.data["body"], max_segments=2, language="ar").is_valid()


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["{% if reference %}sans fin", "{{ reference|inconnu }}",
                                  "{% load i18n %}{{ reference }}", "{{ }}"])
def test_the_admin_refuses_a_text_that_is_not_a_template(body: str) -> None:
    form = _form(body)
    with translation.override("en"):
        assert not form.is_valid()
        assert form.errors["body"][0].startswith("This text is not a valid template: ")


@pytest.mark.django_db
def test_the_admin_refuses_a_text_that_cannot_be_filled_in() -> None:
    form = _form('{% include "tickets/secret.txt" %}')
    with translation.override("en"):
        assert not form.is_valid()
        assert form.errors["body"][0].startswith("This text cannot be filled in: ")


@pytest.mark.django_db
def test_the_admin_accepts_a_text_within_its_maximum() -> None:
    form = _form("Réclamation {{ reference }} transmise au siège.")
    assert form.is_valid(), form.errors
    form.save()
    assert SmsTemplate.objects.get(event="referred", language="fr").body == (
        "Réclamation {{ reference }} transmise au siège.")



@pytest.mark.django_db
def test_the_admin_list_shows_each_text_s_segments_and_encoding(superuser_client: Client) -> None:
    response = superuser_client.get(reverse("admin:tickets_smstemplate_changelist"))
    html = response.content.decode()  # (the admin speaks the site's language, French)
    assert response.status_code == 200
    assert "1 (GSM-7, 148 " in html  # received, French
    assert "2 (UCS-2, 106 " in html  # received, Arabic
    row = SmsTemplate.objects.get(event="received", language="ar")
    change = superuser_client.get(reverse("admin:tickets_smstemplate_change", args=[row.pk]))
    assert change.status_code == 200
    assert "تم تسجيل شكايتكم تحت رقم 2612345678." in change.content.decode()
