"""Fixtures of the knowledge tests: a dozen published articles, complaint categories and a
triage model learnt from the clear texts of tests.knowledge.helpers."""

from __future__ import annotations

import pytest

from knowledge import triage_model
from tests import factories
from tests.knowledge import articles
from tests.knowledge.helpers import examples
from tickets.models import Category


@pytest.fixture
def knowledge_base(db):
    """The dozen articles of tests/knowledge/articles.py, published (one archived)."""
    return articles.seed()


@pytest.fixture
def categories(agency_a) -> dict[str, Category]:
    amo = factories.QueueFactory(agency=agency_a, code="Q-AMO")
    return {
        "family": factories.CategoryFactory(code="family", label_fr="Allocations familiales"),
        "health": factories.CategoryFactory(code="health", label_fr="Remboursement AMO",
                                            default_queue=amo),
        "pension": factories.CategoryFactory(code="pension", label_fr="Pension en retard",
                                             audience=Category.Audience.PENSIONER),
        "employer": factories.CategoryFactory(code="employer", label_fr="Paiement non crédité",
                                              audience=Category.Audience.EMPLOYER),
    }


@pytest.fixture
def trained(categories) -> triage_model.TriageModel:
    model = triage_model.train(examples())
    assert model is not None
    triage_model.save(model)
    return model
