"""The triage suggestions' classifier: trained on complaints already categorised, stored in
the media storage (never in the repository), loaded once per process.

The text is folded (customers.text.fold: no case, accents or Arabic diacritics) and read
twice: as words and word pairs, and as character n-grams within words (typos, SMS
spellings, Arabic prefixes such as "ال" and "و"). Both TF-IDF blocks feed a multinomial
logistic regression, whose probabilities are the confidence shown to the agent.

The stored file is a joblib (pickle) dump written by `save()` alone: it must only ever be
read from the fund's own storage.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import joblib
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

from contactcenter import process_cache
from contactcenter.customers.text import fold

MODEL_PATH = "knowledge/triage/model.joblib"
# Fewer examples, or a single category, teach nothing worth showing.
MIN_EXAMPLES = 20
MIN_CATEGORIES = 2
# How often a process looks whether a newer model was stored (one stat of the file).
CHECK_SECONDS = 30.0
_CACHE = "knowledge-triage"


@dataclass(frozen=True)
class TriageModel:
    vectorizer: FeatureUnion
    classifier: LogisticRegression
    trained_at: datetime
    examples: int

    @property
    def codes(self) -> list[str]:
        """The category codes, in the order of the classifier's probabilities."""
        return [str(code) for code in self.classifier.classes_]

    def probabilities(self, text: str) -> dict[str, float]:
        """Each category code's probability for this text."""
        row = self.classifier.predict_proba(self.vectorizer.transform([text]))[0]
        return dict(zip(self.codes, (float(p) for p in row), strict=True))


def new_vectorizer() -> FeatureUnion:
    """Words and word pairs, and character n-grams within words, of the folded text."""
    return FeatureUnion([
        ("words", TfidfVectorizer(preprocessor=fold, analyzer="word", ngram_range=(1, 2),
                                  min_df=1, sublinear_tf=True, token_pattern=r"(?u)\b\w\w+\b")),
        ("chars", TfidfVectorizer(preprocessor=fold, analyzer="char_wb", ngram_range=(3, 5),
                                  min_df=2, sublinear_tf=True, max_features=60_000)),
    ])


def train(examples: Sequence[tuple[str, str]]) -> TriageModel | None:
    """A model learnt from (text, category code) pairs; None when they teach too little
    (fewer than MIN_EXAMPLES, or fewer than MIN_CATEGORIES categories)."""
    texts = [text for text, _code in examples]
    codes = [code for _text, code in examples]
    if len(examples) < MIN_EXAMPLES or len(set(codes)) < MIN_CATEGORIES:
        return None
    vectorizer = new_vectorizer()
    features = vectorizer.fit_transform(texts)
    classifier = LogisticRegression(C=10.0, max_iter=300)
    classifier.fit(features, codes)
    return TriageModel(vectorizer=vectorizer, classifier=classifier,
                       trained_at=timezone.now(), examples=len(examples))


def save(model: TriageModel) -> str:
    """Store the model (replacing the previous one) and use it in this process at once."""
    buffer = io.BytesIO()
    joblib.dump(model, buffer, compress=3)
    if default_storage.exists(MODEL_PATH):
        default_storage.delete(MODEL_PATH)
    name = default_storage.save(MODEL_PATH, ContentFile(buffer.getvalue()))
    _use(model, stored_at=_stored_timestamp() or time.time())
    process_cache.forget(_CACHE)
    return name


def stored_at() -> datetime | None:
    """When the stored model was written; None when there is none."""
    try:
        return default_storage.get_modified_time(MODEL_PATH)
    except (FileNotFoundError, OSError):
        return None


def unload() -> None:
    """Forget this process's copy: the stored model is read again when next needed."""
    _use(None, stored_at=0.0)
    process_cache.forget(_CACHE)


_loaded: tuple[float, TriageModel | None] = (0.0, None)
_lock = threading.Lock()


def _use(model: TriageModel | None, *, stored_at: float) -> None:
    global _loaded
    with _lock:
        _loaded = (stored_at, model)


def _stored_timestamp() -> float | None:
    written = stored_at()
    return written.timestamp() if written else None


def current() -> TriageModel | None:
    """The stored model, read once per process and again when a newer one was stored
    (looked at every CHECK_SECONDS); None when none was trained yet or it is unreadable."""
    written = process_cache.cached(_CACHE, "stored-at", CHECK_SECONDS, _stored_timestamp)
    if written is None:
        return None
    loaded_at, model = _loaded
    if model is not None and loaded_at >= written:
        return model
    try:
        with default_storage.open(MODEL_PATH, "rb") as stored:
            fresh = joblib.load(stored)
    except (FileNotFoundError, OSError, EOFError, ValueError):
        return model  # being replaced: the previous copy until the next look
    if not isinstance(fresh, TriageModel):
        return None
    _use(fresh, stored_at=written)
    return fresh
