"""Triage suggestions (knowledge.triage): the classifier learnt from categorised complaints,
where it is stored, when it is trained again, and the possible duplicates."""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

import joblib
import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contactcenter import process_cache
from knowledge import triage, triage_model
from tests import factories
from tests.knowledge.helpers import FAMILY, HEALTH, PENSION, examples
from tickets import services
from tickets.models import Category, Ticket

pytestmark = pytest.mark.django_db

ALL = tuple(Category.Audience.values)


@pytest.mark.parametrize(("text", "expected"), [
    ("Bonjour, les allocations familiales de mes enfants ne sont pas arrivées", "family"),
    ("allocation familiale pas recu", "family"),
    ("التعويضات العائلية ما وصلاتش", "family"),
    ("Mon remboursement de soins AMO n'est toujours pas fait", "health"),
    ("remboursement medicaments amo", "health"),
    ("Ma pension de retraite est en retard", "pension"),
    ("المعاش ما تخلصش", "pension"),
    ("Nos cotisations payées ne sont pas créditées sur le compte", "employer"),
])
def test_clear_texts_get_the_right_category_first(trained, text, expected) -> None:
    guesses = triage.suggest_categories(text, audiences_allowed=ALL)

    assert guesses[0].category.code == expected
    assert 1 <= len(guesses) <= triage.TOP_CATEGORIES
    assert [g.confidence for g in guesses] == sorted((g.confidence for g in guesses),
                                                     reverse=True)
    assert 0 < sum(g.confidence for g in guesses) <= 1.0 + 1e-9
    assert 0 <= guesses[0].percent <= 100


def test_only_categories_fitting_the_customer_are_suggested(trained) -> None:
    # A text about a pension, from an employer: only employers' categories can fit.
    guesses = triage.suggest_categories("Ma pension de retraite est en retard",
                                        audiences_allowed=[Category.Audience.EMPLOYER])

    assert [g.category.code for g in guesses] == ["employer"]
    assert guesses[0].percent == 100  # the probabilities are shared among those that fit


def test_an_inactive_category_is_never_suggested(trained, categories) -> None:
    Category.objects.filter(code="family").update(is_active=False)
    process_cache.forget()

    guesses = triage.suggest_categories("allocations familiales non versées",
                                        audiences_allowed=ALL)

    assert "family" not in [g.category.code for g in guesses]


def test_the_suggested_queue_is_the_one_triage_would_use(trained, categories, agency_a) -> None:
    guesses = triage.suggest_categories("remboursement AMO des soins", audiences_allowed=ALL,
                                        agency=agency_a)

    assert guesses[0].queue == categories["health"].default_queue


def test_without_a_model_nothing_is_suggested(categories, customer) -> None:
    assert triage_model.current() is None
    assert triage.suggest_categories("allocations familiales", audiences_allowed=ALL) == []
    ticket = factories.TicketFactory(customer=customer, category=None,
                                     description="allocations familiales")
    assert triage.suggestion_for(ticket) is None


def test_the_model_is_stored_in_the_media_storage_and_read_back_by_another_process(
        trained) -> None:
    path = Path(settings.MEDIA_ROOT) / triage_model.MODEL_PATH
    assert path.is_file() and default_storage.exists(triage_model.MODEL_PATH)
    assert not str(path).startswith(str(settings.BASE_DIR / "knowledge"))

    triage_model.unload()  # as a process that never trained it
    loaded = triage_model.current()

    assert loaded is not None and loaded is not trained
    assert loaded.codes == trained.codes
    assert loaded.probabilities("pension en retard") == pytest.approx(
        trained.probabilities("pension en retard"))


def test_a_newer_stored_model_replaces_the_process_copy(trained, categories) -> None:
    assert triage_model.current() is trained
    # Another process stores a model that knows only two categories, a second later.
    other = triage_model.train([(t, "family") for t in FAMILY] + [(t, "health") for t in HEALTH]
                               + [(t, "health") for t in PENSION])
    assert other is not None
    with default_storage.open(triage_model.MODEL_PATH, "wb") as stored:
        joblib.dump(other, stored)
    later = time.time() + 1
    os.utime(Path(settings.MEDIA_ROOT) / triage_model.MODEL_PATH, (later, later))

    assert triage_model.current() is trained  # not looked at again before CHECK_SECONDS
    process_cache.forget("knowledge-triage")
    assert set(triage_model.current().codes) == {"family", "health"}  # type: ignore[union-attr]


def test_training_reads_the_categorised_complaints_only(categories, customer, agent) -> None:
    employer = factories.EmployerFactory(agency=customer.agency)
    pensioner = factories.CustomerFactory(agency=customer.agency, roles=["pensioner"])
    for text, code in examples():
        owner = {"employer": employer, "pension": pensioner}.get(code, customer)
        services.open_complaint(customer=owner, channel="phone", by=agent, description=text,
                                category=categories[code])
    untriaged = services.open_complaint(customer=customer, channel="sms", by=None,
                                        description="Ma pension de retraite est en retard")

    result = triage.train_and_store()

    assert result.stored and result.examples == len(examples()) and result.categories == 4
    suggestion = triage.suggestion_for(untriaged)
    assert suggestion is not None
    # An insured person: the pension category does not fit; a category that fits is offered.
    assert suggestion.categories[0].category.audience == Category.Audience.INSURED


def test_too_little_data_stores_nothing_and_the_command_says_why(categories) -> None:
    result = triage.train_and_store()

    assert not result.stored and result.examples == 0
    assert not default_storage.exists(triage_model.MODEL_PATH)
    with pytest.raises(CommandError, match="at least 20"):
        call_command("train_triage")


def test_the_command_trains_and_stores(categories, customer, agent, capsys) -> None:
    for text, code in examples():
        factories.TicketFactory(customer=customer, category=categories[code], description=text)

    call_command("train_triage")

    assert "Trained on 32 complaints in 4 categories" in capsys.readouterr().out
    assert default_storage.exists(triage_model.MODEL_PATH)


def test_the_periodic_job_returns_at_once_while_the_model_is_fresh(trained) -> None:
    assert settings.PERIODIC_JOBS[triage.JOB] == ("knowledge.triage.train_if_stale", 86400.0)
    with CaptureQueriesContext(connection) as queries:
        assert triage.train_if_stale() is None
    assert len(queries) == 0


def test_the_periodic_job_trains_when_the_model_is_older_than_its_period(
        trained, categories, customer) -> None:
    for text, code in examples():
        factories.TicketFactory(customer=customer, category=categories[code], description=text)
    old = (timezone.now() - timedelta(days=1, minutes=1)).timestamp()
    os.utime(Path(settings.MEDIA_ROOT) / triage_model.MODEL_PATH, (old, old))

    result = triage.train_if_stale()

    assert result is not None and result.stored
    stored = triage_model.stored_at()
    assert stored is not None and timezone.now() - stored < timedelta(minutes=1)


def test_the_periodic_job_trains_when_there_is_no_model(categories) -> None:
    result = triage.train_if_stale()
    assert result is not None and not result.stored  # (no data yet: nothing to learn)


# --- Possible duplicates -----------------------------------------------------------------------

def _complaint(customer, text: str, *, days_ago: int = 0, **extra) -> Ticket:  # type: ignore[no-untyped-def]
    ticket = factories.TicketFactory(customer=customer, description=text, **extra)
    Ticket.objects.filter(pk=ticket.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago))
    return Ticket.objects.get(pk=ticket.pk)


@pytest.mark.parametrize("with_model", [True, False])
def test_duplicates_are_the_same_customers_open_complaints_with_a_close_text(
        request, customer, categories, with_model) -> None:
    if with_model:
        request.getfixturevalue("trained")
    text = "Mes allocations familiales ne sont plus versées depuis trois mois"
    older = _complaint(customer, "allocations familiales plus versées depuis 3 mois",
                       days_ago=5)
    other_matter = _complaint(customer, "Ma carte d'immatriculation est perdue", days_ago=4)
    closed = _complaint(customer, text, days_ago=3, state="closed")
    someone_else = _complaint(factories.CustomerFactory(agency=customer.agency), text,
                              days_ago=2)
    ticket = _complaint(customer, text, category=None, state="new")

    found = triage.possible_duplicates(ticket)

    assert [d.ticket for d in found] == [older]
    assert found[0].survivor == older and found[0].duplicate == ticket
    assert triage.DUPLICATE_SIMILARITY <= found[0].similarity <= 1.0
    assert other_matter and closed and someone_else  # (none of them is listed)


def test_a_newer_duplicate_is_merged_into_this_older_one(customer, categories) -> None:
    ticket = _complaint(customer, "Ma pension n'est pas arrivée", days_ago=3, category=None,
                        state="new")
    newer = _complaint(customer, "Ma pension n'est pas arrivée ce mois", days_ago=1)

    found = triage.possible_duplicates(ticket)

    assert found[0].ticket == newer and found[0].survivor == ticket
    assert found[0].duplicate == newer


def test_at_most_three_duplicates_closest_first(customer, categories) -> None:
    for days in range(1, 6):
        _complaint(customer, "Pension de retraite non versée " + "ce mois " * days,
                   days_ago=days)
    ticket = _complaint(customer, "Pension de retraite non versée", category=None,
                        state="new")

    found = triage.possible_duplicates(ticket)

    assert len(found) == triage.MAX_DUPLICATES
    assert [d.similarity for d in found] == sorted((d.similarity for d in found),
                                                   reverse=True)


def test_no_suggestion_for_a_complaint_with_a_category_or_no_longer_open(
        trained, customer, categories) -> None:
    text = "allocations familiales non versées"
    _complaint(customer, text, days_ago=2)
    assert triage.suggestion_for(_complaint(customer, text, category=None, state="new"))
    assert triage.suggestion_for(_complaint(customer, text)) is None
    assert triage.suggestion_for(_complaint(customer, text, category=None,
                                            state="cancelled")) is None
