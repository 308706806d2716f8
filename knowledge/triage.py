"""Triage suggestions: for a complaint that arrived without a category (an SMS, a chat, a
voice message), the categories its text most looks like, each with its queue and the
confidence, and the customer's other open complaints that look like the same matter.

Nothing here changes a complaint: the desk shows the suggestion, and only the agent's click
on it posts the triage (or merge) action. The classifier is knowledge.triage_model's,
retrained daily by the "triage_training" job (settings.PERIODIC_JOBS) and by
`manage.py train_triage`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from contactcenter.customers.text import fold
from contactcenter.org.models import Agency, Queue
from knowledge import triage_model
from tickets import audiences, routing
from tickets import selectors as ticket_selectors
from tickets.models import Category, Ticket

TOP_CATEGORIES = 3
MAX_DUPLICATES = 3
# Cosine of the TF-IDF vectors from which two texts are shown as possibly the same matter.
DUPLICATE_SIMILARITY = 0.45
# How many of the customer's other open complaints are compared (newest first).
COMPARED = 20
TRAINING_EXAMPLES = 20_000
JOB = "triage_training"
# A model younger than its period less this margin is fresh: the job's runs drift a little.
FRESHNESS_MARGIN = timedelta(minutes=5)


def _percent(share: float) -> int:
    return max(0, min(100, round(share * 100)))


def _percent_label(share: float) -> str:
    """The share as the page writes it before " %": "82", or "< 1" rather than "0"."""
    percent = _percent(share)
    return str(percent) if percent or share <= 0 else "< 1"


@dataclass(frozen=True)
class CategoryGuess:
    category: Category
    queue: Queue | None
    confidence: float

    @property
    def percent(self) -> int:
        return _percent(self.confidence)

    @property
    def percent_label(self) -> str:
        return _percent_label(self.confidence)


@dataclass(frozen=True)
class PossibleDuplicate:
    """Another open complaint of the customer whose text is close. A merge folds the newer
    of the two (`duplicate`) into the older (`survivor`)."""

    ticket: Ticket
    similarity: float
    survivor: Ticket
    duplicate: Ticket

    @property
    def percent(self) -> int:
        return _percent(self.similarity)


@dataclass(frozen=True)
class TriageSuggestion:
    categories: list[CategoryGuess] = field(default_factory=list)
    duplicates: list[PossibleDuplicate] = field(default_factory=list)


def suggest_categories(text: str, *, audiences_allowed: Iterable[str],
                       agency: Agency | None = None,
                       limit: int = TOP_CATEGORIES) -> list[CategoryGuess]:
    """The `limit` active categories of these audiences the text most looks like, best
    first, their probabilities taken among those categories only. None without a model or
    a text."""
    model = triage_model.current()
    if model is None or not fold(text):
        return []
    allowed = set(audiences_allowed)
    candidates = []
    for code, probability in model.probabilities(text).items():
        category = ticket_selectors.category_by_code(code)
        if category is not None and category.is_active and category.audience in allowed:
            candidates.append((probability, category))
    total = sum(probability for probability, _category in candidates)
    if total <= 0:
        return []
    candidates.sort(key=lambda pair: (-pair[0], pair[1].code))
    return [CategoryGuess(category=category, confidence=probability / total,
                          queue=routing.queue_for(category=category, agency=agency))
            for probability, category in candidates[:limit]]


def _vectors(texts: list[str]) -> Any:  # a SciPy sparse matrix
    model = triage_model.current()
    if model is not None:
        return model.vectorizer.transform(texts)
    # No model yet: the character n-grams of these few texts alone still compare them.
    return TfidfVectorizer(preprocessor=fold, analyzer="char_wb",
                           ngram_range=(3, 5)).fit_transform(texts)


def possible_duplicates(ticket: Ticket, *,
                        limit: int = MAX_DUPLICATES) -> list[PossibleDuplicate]:
    """The customer's other open complaints whose text is close to this one's (cosine of
    their TF-IDF vectors at least DUPLICATE_SIMILARITY), closest first."""
    if not fold(ticket.description):
        return []
    others = [other for other in ticket_selectors.other_open_complaints(ticket, limit=COMPARED)
              if fold(other.description)]
    if not others:
        return []
    vectors = _vectors([ticket.description] + [other.description for other in others])
    similarities = cosine_similarity(vectors[:1], vectors[1:])[0]
    close = sorted(((float(s), other) for s, other in zip(similarities, others, strict=True)
                    if s >= DUPLICATE_SIMILARITY), key=lambda pair: -pair[0])
    found = []
    for similarity, other in close[:limit]:
        older_first = sorted((ticket, other), key=lambda t: (t.created_at, t.pk))
        found.append(PossibleDuplicate(ticket=other, similarity=min(similarity, 1.0),
                                       survivor=older_first[0], duplicate=older_first[1]))
    return found


def suggestion_for(ticket: Ticket) -> TriageSuggestion | None:
    """What to suggest on an open complaint without a category; None when it has one, is
    no longer open, or nothing is worth suggesting."""
    if ticket.category_id is not None or not ticket.is_open:
        return None
    suggestion = TriageSuggestion(
        categories=suggest_categories(ticket.description,
                                      audiences_allowed=audiences.audiences_for(ticket.customer),
                                      agency=ticket.agency),
        duplicates=possible_duplicates(ticket))
    if not suggestion.categories and not suggestion.duplicates:
        return None
    return suggestion


# --- Training ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Training:
    examples: int
    categories: int
    seconds: float
    stored: bool


def train_and_store(*, limit: int = TRAINING_EXAMPLES) -> Training:
    """Learn from the latest `limit` categorised complaints and store the model; nothing is
    stored when they teach too little (triage_model.MIN_EXAMPLES)."""
    started = time.perf_counter()
    examples = ticket_selectors.categorised_descriptions(limit=limit)
    model = triage_model.train(examples)
    if model is not None:
        triage_model.save(model)
    return Training(examples=len(examples), categories=len({code for _t, code in examples}),
                    seconds=time.perf_counter() - started, stored=model is not None)


def training_period() -> timedelta:
    return timedelta(seconds=settings.PERIODIC_JOBS[JOB][1])


def train_if_stale() -> Training | None:
    """The periodic job: train unless the stored model is younger than the job's period, in
    which case return at once (every start of the quick start runs every job)."""
    stored = triage_model.stored_at()
    if stored is not None and timezone.now() - stored < training_period() - FRESHNESS_MARGIN:
        return None
    return train_and_store()
