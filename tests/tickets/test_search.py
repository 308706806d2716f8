"""Finding complaints from the queue's search box (tickets/search.py): words of the
description and of the customer's messages, phones in any notation, identifiers exactly,
within the agent's scope, and any input answered without an error."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from contactcenter.customers.models import Customer
from contactcenter.org.models import Agent
from tests import factories
from tickets import search, services
from tickets.filters import TicketFilter
from tickets.models import Category, Ticket
from tickets.selectors import tickets_for_agent

pytestmark = pytest.mark.django_db


def _open(customer: Customer, by: Agent, description: str, *,
          category: Category | None = None, days_ago: float = 0) -> Ticket:
    return services.open_complaint(customer=customer, channel="counter", by=by,
                                   description=description, category=category,
                                   now=timezone.now() - timedelta(days=days_ago))


def _found(value: str, queryset=None) -> list[str]:  # type: ignore[no-untyped-def]
    tickets = Ticket.objects.all() if queryset is None else queryset
    return [ticket.reference for ticket in search.matching(tickets, value)]


# --- Words ----------------------------------------------------------------------------------

def test_accents_and_case_do_not_matter(agent: Agent, customer: Customer) -> None:
    ticket = _open(customer, agent, "Réclamation: prestation versée en retard à l'assuré")
    other = _open(customer, agent, "Changement d'adresse")
    assert _found("reclamation") == [ticket.reference]
    assert _found("RÉCLAMATION VERSEE") == [ticket.reference]
    assert _found("assure") == [ticket.reference]
    assert _found("adresse") == [other.reference]


def test_french_words_are_found_by_their_stem(agent: Agent, customer: Customer) -> None:
    ticket = _open(customer, agent, "Allocation familiale non payée depuis mars")
    assert _found("allocations") == [ticket.reference]
    assert _found("allocations familiales") == [ticket.reference]
    assert _found("payées") == [ticket.reference]


def test_every_word_is_required(agent: Agent, customer: Customer) -> None:
    both = _open(customer, agent, "Pension de retraite suspendue")
    _open(customer, agent, "Pension d'invalidité")
    assert _found("pension suspendue") == [both.reference]
    assert _found("pension hospitalisation") == []


@pytest.mark.parametrize(("stored", "typed"), [
    ("لم أتلقَّ المعاشَ منذ شهرين", "المعاش"),  # diacritics in the text
    ("لم اتلق المعاش منذ شهرين", "المَعاشُ"),  # diacritics in the search
    ("إعادة النظر في ملفي", "اعاده"),  # alif with hamza below, ta marbuta
    ("أجرة غير مصرح بها", "اجره"),  # alif with hamza above
    ("طلب آخر بخصوص التعويض", "اخر"),  # alif madda
    ("مستوى المعاش ضعيف", "مستوي"),  # alif maqsura
    ("الضمـــان الاجتماعي لم يؤد", "الضمان"),  # tatweel
    ("الضمان الاجتماعي لم يؤد", "الضمـان"),  # tatweel in the search
    ("لم أتوصل بالتعويضات العائلية", "التعويضات العائلية"),  # "with the", attached
    ("لم يتم صرف معاشي لهذا الشهر", "المعاش"),  # "my pension" by "the pension"
    ("طلب شهادة للوالدين", "الوالدين"),  # "for the parents"
    ("وبالمعاش", "معاش"),  # "and with the pension"
])
def test_arabic_is_normalised(agent: Agent, customer: Customer, stored: str,
                              typed: str) -> None:
    ticket = _open(customer, agent, stored)
    _open(customer, agent, "Autre chose")
    assert _found(typed) == [ticket.reference]


def test_arabic_stemming_stays_light(agent: Agent, customer: Customer) -> None:
    """Only attached articles, prepositions and endings go: other words stay apart."""
    pension = _open(customer, agent, "المعاش")
    _open(customer, agent, "العمل")
    assert _found("معاشات") == [pension.reference]
    assert _found("عامل") == []


def test_french_and_arabic_words_together(agent: Agent, customer: Customer) -> None:
    ticket = _open(customer, agent, "Allocations: لم أتوصل بالتعويضات العائلية")
    _open(customer, agent, "Allocations de naissance")
    assert _found("allocation العائلية") == [ticket.reference]


def test_a_customers_answer_recorded_later_is_found(handler: Agent, customer: Customer,
                                                   category: Category) -> None:
    """Both ways a customer's words are recorded: an answer to a request (the complaint
    was waiting) and a message on it at another time."""
    agent = handler
    waiting = _open(customer, agent, "Indemnités journalières de maladie", category=category)
    services.start_ticket(ticket=waiting, by=agent)
    services.ask_customer(ticket=waiting, by=agent, request="Envoyez le certificat médical")
    assert _found("certificat hôpital") == []
    services.record_customer_reply(ticket=waiting, text="J'ai déposé le certificat de "
                                   "l'hôpital Ibn Sina", actor_label="client")
    message = _open(customer, agent, "Remboursement des frais")
    services.record_customer_reply(ticket=message, text="الوصفة الطبية ضاعت",
                                   actor_label="client")
    assert _found("certificat hopital") == [waiting.reference]
    assert _found("ibn sina") == [waiting.reference]
    assert _found("الوصفه") == [message.reference]
    assert _found("remboursement frais") == [message.reference]  # the description stays


def test_agents_words_are_not_the_customers(agent: Agent, customer: Customer) -> None:
    """An internal note or a reply to the customer does not make a complaint match."""
    ticket = _open(customer, agent, "Pension de réversion")
    services.add_note(ticket=ticket, by=agent, text="Appeler l'employeur Atlas Textile")
    services.reply_to_customer(ticket=ticket, by=agent, text="Votre dossier est complet")
    assert _found("atlas textile") == []
    assert _found("dossier complet") == []


def test_saving_a_complaint_loaded_before_a_message_keeps_its_words(
        agent: Agent, customer: Customer, supervisor: Agent) -> None:
    ticket = _open(customer, agent, "Capital décès")
    loaded_before = Ticket.objects.get(pk=ticket.pk)
    services.record_customer_reply(ticket=ticket, text="Acte de succession joint",
                                   actor_label="client")
    services.assign_ticket(ticket=loaded_before, by=supervisor, agent=agent)  # saves it
    assert _found("succession") == [ticket.reference]
    assert _found("capital deces") == [ticket.reference]


def test_the_customers_name_is_still_found(agent: Agent, agency_a) -> None:
    named = factories.CustomerFactory(agency=agency_a, first_name="Youssef",
                                      last_name="El Idrissi")
    ticket = _open(named, agent, "Pension")
    assert _found("idriss") == [ticket.reference]
    assert _found("el idrissi") == [ticket.reference]


# --- Ranking --------------------------------------------------------------------------------

def test_the_best_matches_come_first(agent: Agent, customer: Customer) -> None:
    in_message = _open(customer, agent, "Remboursement", days_ago=0)
    services.record_customer_reply(ticket=in_message, text="Ma pension est bloquée",
                                   actor_label="client")
    in_description = _open(customer, agent, "Pension bloquée, pension de retraite",
                           days_ago=5)
    _open(customer, agent, "Adresse", days_ago=1)
    found = search.matching(Ticket.objects.all(), "pension bloquée")
    assert search.is_ranked(found)
    assert [t.reference for t in found] == [in_description.reference, in_message.reference]
    assert not search.is_ranked(search.matching(Ticket.objects.all(), "123456789"))


def test_many_matches_come_all_newest_first(agent: Agent, customer: Customer,
                                            monkeypatch) -> None:
    """Past RANK_LIMIT matches nothing is ranked (nor left out): the queue's order holds."""
    monkeypatch.setattr(search, "RANK_LIMIT", 2)
    tickets = [_open(customer, agent, "Pension" + " pension" * n, days_ago=3 - n)
               for n in range(3)]
    found = search.matching(Ticket.objects.all(), "pension")
    assert not search.is_ranked(found)
    assert sorted(t.reference for t in found) == sorted(t.reference for t in tickets)
    monkeypatch.setattr(search, "RANK_LIMIT", 3)
    assert search.is_ranked(search.matching(Ticket.objects.all(), "pension"))


def test_the_search_reads_the_gin_index(agent: Agent, customer: Customer,
                                        monkeypatch) -> None:
    """A few rows make a sequential scan cheaper; with it priced out, the plan shows the
    condition is one the index serves (a wrong operator or a cast would not be)."""
    _open(customer, agent, "Pension")
    monkeypatch.setattr(search, "RANK_LIMIT", 0)  # the unranked query tests the index
    words = search.matching(Ticket.objects.all(), "pension").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + words[0], words[1])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "ticket_search" in plan


# --- Phones and identifiers -----------------------------------------------------------------

@pytest.mark.parametrize("typed", ["0612345678", "06 12 34 56 78", "+212612345678",
                                   "+212 6 12 34 56 78", "00212 6 12-34-56-78",
                                   "06.12.34.56.78", "٠٦١٢٣٤٥٦٧٨"])
def test_a_phone_in_any_notation(agent: Agent, customer: Customer, agency_a,
                                 typed: str) -> None:
    factories.ContactPointFactory(customer=customer, value="+212612345678")
    ticket = _open(customer, agent, "Pension")
    other = factories.CustomerFactory(agency=agency_a)
    factories.ContactPointFactory(customer=other, value="+212612345679")
    _open(other, agent, "Pension")
    assert _found(typed) == [ticket.reference]


def test_identifiers_and_references_are_exact(agent: Agent, customer: Customer,
                                              agency_a) -> None:
    ticket = _open(customer, agent, "Pension")
    employer = factories.EmployerFactory(agency=agency_a)
    employers = _open(employer, agent, "Déclaration des salaires")
    assert _found(customer.immatriculation or "") == [ticket.reference]
    assert _found((customer.cin or "").lower()) == [ticket.reference]
    assert _found(employer.affiliation_number or "") == [employers.reference]
    spaced = " ".join([ticket.reference[:3], ticket.reference[3:6], ticket.reference[6:]])
    assert _found(spaced) == [ticket.reference]
    assert _found((customer.immatriculation or "")[:-1]) == []
    assert _found(ticket.reference[:-1]) == []


def test_a_number_in_the_text_is_not_a_word(agent: Agent, customer: Customer) -> None:
    """Digits alone are a reference or an identifier, never words (as before)."""
    _open(customer, agent, "Dossier 2024 en attente")
    assert _found("2024") == []


# --- Scope ------------------------------------------------------------------------------------

def test_a_complaint_out_of_the_agents_scope_stays_invisible(
        agent: Agent, customer: Customer, other_agency_agent: Agent, agency_b) -> None:
    mine = _open(customer, agent, "Pension bloquée")
    elsewhere_customer = factories.CustomerFactory(agency=agency_b)
    factories.ContactPointFactory(customer=elsewhere_customer, value="+212661000777")
    elsewhere = _open(elsewhere_customer, other_agency_agent, "Pension bloquée")
    visible = tickets_for_agent(agent)
    assert _found("pension", visible) == [mine.reference]
    assert _found("0661000777", visible) == []
    assert _found(elsewhere.reference, visible) == []
    assert _found(elsewhere_customer.immatriculation or "", visible) == []
    assert _found("pension", tickets_for_agent(other_agency_agent)) == [elsewhere.reference]


# --- Any input ------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["", "   ", "\t\n"])
def test_nothing_typed_filters_nothing(agent: Agent, customer: Customer, typed: str) -> None:
    ticket = _open(customer, agent, "Pension")
    assert _found(typed) == [ticket.reference]


@pytest.mark.parametrize("typed", [
    "&|!():*", "'", '"', "''", "pension & !", "pension | retraite", "!pension",
    "(pension", "pension:*", "pen<->sion", "' OR '1'='1", "\\", "%", "_",
    "pension\x00", "le la les", "🙂", "‏",
])
def test_hostile_or_odd_input_gives_a_plain_answer(agent: Agent, customer: Customer,
                                                   typed: str) -> None:
    """No tsquery syntax reaches PostgreSQL: operators are not operators, stop words alone
    match nothing, and the answer is a list (possibly empty), never an error."""
    ticket = _open(customer, agent, "Pension de retraite")
    found = _found(typed)
    assert found in ([], [ticket.reference])
    if "pension" in typed:
        assert found == [ticket.reference]


def test_a_ten_kilobyte_search_is_cut_to_its_first_words(agent: Agent,
                                                        customer: Customer) -> None:
    ticket = _open(customer, agent, "Pension de retraite")
    assert _found("pension " + "x" * 10_000) == []  # all the words, the long one too
    assert _found("pension " * 2_000) == [ticket.reference]
    assert _found("&" * 10_000) == []


def test_the_filter_uses_the_search(agent: Agent, customer: Customer) -> None:
    ticket = _open(customer, agent, "Allocation familiale")
    assert TicketFilter.base_filters["q"].label == "Reference, customer, phone or words"
    found = TicketFilter({"q": "allocations"}, queryset=Ticket.objects.all()).qs
    assert [t.reference for t in found] == [ticket.reference]


# --- Keeping and back-filling the vector ----------------------------------------------------

def test_the_migration_back_fills_every_vector(agent: Agent, customer: Customer,
                                               monkeypatch) -> None:
    """The migration's back-fill, in batches smaller than the table, writes the same words
    as the services did (description and the customer's messages, not the satisfaction)."""
    tickets = [_open(customer, agent, f"Pension numéro {n} إعادة") for n in range(5)]
    services.record_customer_reply(ticket=tickets[2], text="Attestation de vie envoyée",
                                   actor_label="client")
    by_services = dict(Ticket.objects.values_list("pk", "search_vector"))
    Ticket.objects.update(search_vector=None)
    assert _found("pension") == []
    migration = importlib.import_module("tickets.migrations.0015_ticket_search")
    monkeypatch.setattr(migration, "BATCH", 2)
    migration.back_fill(None, type("Editor", (), {"connection": connection})())
    assert dict(Ticket.objects.values_list("pk", "search_vector")) == by_services
    assert len(_found("pension اعاده")) == 5
    assert _found("attestation") == [tickets[2].reference]
