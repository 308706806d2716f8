"""Reply and decision templates (knowledge.templating): placeholders filled from the
complaint in the template's language, refused when left in a text to send, unknown ones
refused when a template is saved; the templates a complaint is offered; the demo's."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from contactcenter.sms_segments import count_segments
from knowledge import demo_templates, services, templating
from knowledge.models import ReplyTemplate
from tests import factories
from tickets.demo import seed_categories
from tickets.models import Category, Ticket
from tickets.notification_texts import DEFAULT_TEXTS, compile_sms, render_sms_text

pytestmark = pytest.mark.django_db


def _template(body: str, *, language: str = "fr", outcome: str = "",
              category: Category | None = None, name: str = "T",
              is_active: bool = True) -> ReplyTemplate:
    return services.save_reply_template(ReplyTemplate(
        name=name, language=language, outcome=outcome, category=category, body=body,
        is_active=is_active))


@pytest.fixture
def ticket(customer) -> Ticket:
    opened = timezone.make_aware(datetime(2026, 3, 2, 10, 0))
    return factories.TicketFactory(customer=customer, created_at=opened)


# --- Placeholders --------------------------------------------------------------------------

def test_known_and_unknown_placeholders_are_told_apart() -> None:
    text = "{customer_name}: {amount} {nom} {amount} {total} {} {1x}"
    assert templating.placeholders_in(text) == ["customer_name", "amount"]
    assert templating.unknown_placeholders(text) == ["nom", "total"]


def test_fill_replaces_only_the_values_given() -> None:
    body = "Bonjour {customer_name}, {amount} versés le {today}."
    assert (templating.fill(body, {"customer_name": "Fatima", "amount": ""})
            == "Bonjour Fatima, {amount} versés le {today}.")


@pytest.mark.parametrize(("text", "named"), [
    ("Nous vous versons {amount}.", "{amount}"),
    ("Refusé car {rule}, versé {amount}.", "{rule}, {amount}"),
    ("Apportez {document}.", "{document}"),
])
def test_a_text_still_holding_a_placeholder_is_refused_naming_it(text: str,
                                                                 named: str) -> None:
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        templating.ready_to_send(text)
    assert refused.value.messages == [f"Remplacez {named} avant d'envoyer."]
    with translation.override("ar"), pytest.raises(ValidationError) as refused:
        templating.ready_to_send(text)
    assert named in refused.value.messages[0] and "استبدلوا" in refused.value.messages[0]


def test_braces_that_are_no_placeholder_go_through() -> None:
    assert templating.ready_to_send("Code {ABC} et {nom}") == "Code {ABC} et {nom}"


def test_the_rule_typed_fills_its_placeholder() -> None:
    assert (templating.ready_to_send("Refusé car {rule}.", rule=" décret 2-14-1 ")
            == "Refusé car décret 2-14-1.")
    with pytest.raises(ValidationError):
        templating.ready_to_send("Refusé car {rule}.", rule="   ")


def test_the_complaint_fills_names_reference_and_dates_in_each_language(ticket,
                                                                         agent) -> None:
    today = date(2026, 4, 15)
    french = templating.values_for(ticket, language="fr", agent=agent, today=today)
    assert french == {"customer_name": "Fatima Benali", "reference": ticket.reference,
                      "opened_on": "2 mars 2026", "today": "15 avril 2026",
                      "agent_name": agent.display_name}
    arabic = templating.values_for(ticket, language="ar", today=today)
    with translation.override("ar"):
        march = str(translation.gettext("March"))
    assert arabic["opened_on"] == f"2 {march} 2026" and march != "March"
    assert "agent_name" not in arabic  # no agent: stays for the agent to sign


# --- Saving a template -----------------------------------------------------------------------

def test_a_template_naming_an_unknown_placeholder_is_refused_and_not_saved() -> None:
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        _template("Bonjour {nom_client}, votre {reference}.")
    assert "{nom_client}" in refused.value.message_dict["body"][0]
    assert not ReplyTemplate.objects.exists()


def test_a_template_without_text_is_refused() -> None:
    with pytest.raises(ValidationError):
        _template("   ")
    assert not ReplyTemplate.objects.exists()


# --- The templates a complaint is offered ----------------------------------------------------

def test_the_category_template_comes_before_the_generic_one(ticket) -> None:
    other = factories.CategoryFactory()
    _template("Générique : {amount}.", outcome="rejected", name="Refus")
    _template("Pour la catégorie, réf. {reference}.", outcome="rejected",
              category=ticket.category, name="Refus AF")
    _template("Autre catégorie.", outcome="rejected", category=other, name="Refus autre")
    _template("Accord, le {opened_on}.", outcome="accepted", name="Accord")
    _template("Inactif.", outcome="no_action", name="Vieux", is_active=False)
    offered = templating.decision_templates(ticket)
    assert set(offered) == {"rejected", "accepted"}
    assert offered["rejected"].text == f"Pour la catégorie, réf. {ticket.reference}."
    assert offered["accepted"].text == "Accord, le 2 mars 2026."


def test_decisions_come_in_the_customers_language_else_in_french(ticket) -> None:
    ticket.customer.preferred_language = "ar"
    _template("Accepté.", outcome="accepted")
    _template("مقبولة.", outcome="accepted", language="ar")
    _template("Refusé car {rule}.", outcome="rejected")
    offered = templating.decision_templates(ticket)
    assert offered["accepted"].text == "مقبولة."
    assert offered["rejected"].text == "Refusé car {rule}."  # none in Arabic


def test_replies_come_in_the_customers_language_first(ticket, agent) -> None:
    ticket.customer.preferred_language = "ar"
    _template("Bonjour {customer_name}, {agent_name}.", name="Accusé")
    _template("السلام عليكم {customer_name}.", language="ar", name="إشعار")
    _template("Pas une réponse.", outcome="accepted")
    offered = templating.reply_templates(ticket, agent=agent)
    assert [(t.language, t.text) for t in offered] == [
        ("ar", "السلام عليكم Fatima Benali."),
        ("fr", f"Bonjour Fatima Benali, {agent.display_name}.")]


# --- The demo's templates --------------------------------------------------------------------

SAMPLE = {"customer_name": "Fatima-Zahra Benjelloun", "reference": "2612345678",
          "opened_on": "12 décembre 2026", "today": "12 décembre 2026",
          "agent_name": "Karim Tazi", "amount": "1 250,00 DH", "document": "votre RIB",
          "rule": "l'enfant a plus de 21 ans"}
SAMPLE_AR = {**SAMPLE, "opened_on": "12 دجنبر 2026", "today": "12 دجنبر 2026",
             "document": "شهادة الحياة", "rule": "سن الطفل يتجاوز 21 سنة"}


def _sms(event: str, language: str, **context: str) -> str:
    french, _max_fr, arabic, _max_ar = DEFAULT_TEXTS[event]
    return render_sms_text(compile_sms(french if language == "fr" else arabic),
                           {"reference": SAMPLE["reference"], **context}, language=language)


def test_the_demo_has_every_outcome_six_categories_and_replies_in_both_languages() -> None:
    queue = factories.QueueFactory()
    seed_categories({code: queue for code in
                     ("DFC", "DAFF", "DIA", "DSI", "DASS", "DAMO", "CRC")})
    created = demo_templates.seed_reply_templates()
    assert created == ReplyTemplate.objects.count() == 2 * len(demo_templates.TEMPLATES)
    assert demo_templates.seed_reply_templates() == created  # again: nothing new
    assert ReplyTemplate.objects.count() == created
    for language in ("fr", "ar"):
        rows = ReplyTemplate.objects.filter(language=language)
        generic = set(rows.filter(category=None).exclude(outcome="")
                      .values_list("outcome", flat=True))
        assert generic == {choice for choice, _label in Ticket.Outcome.choices}
        assert rows.exclude(category=None).values("category").distinct().count() >= 6
        assert rows.filter(outcome="").count() >= 5


@pytest.mark.parametrize("spec", demo_templates.TEMPLATES, ids=lambda spec: spec.name_fr)
def test_each_demo_template_fits_its_sms_once_filled(spec) -> None:
    for language, body, values in (("fr", spec.fr, SAMPLE), ("ar", spec.ar, SAMPLE_AR)):
        text = templating.ready_to_send(templating.fill(body, values))
        event = "resolved" if spec.outcome else "reply"
        budget = DEFAULT_TEXTS[event][1 if language == "fr" else 3]
        if spec.outcome:
            with translation.override(language):
                outcome = str(Ticket.Outcome(spec.outcome).label)
            sms = _sms(event, language, outcome=outcome, explanation=text)
        else:
            sms = _sms(event, language, text=text)
        assert count_segments(sms).segments <= budget, (language, sms)
