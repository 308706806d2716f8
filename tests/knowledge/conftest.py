from __future__ import annotations

import pytest

from tests.knowledge import articles


@pytest.fixture
def knowledge_base(db):
    """The dozen articles of tests/knowledge/articles.py, published (one archived)."""
    return articles.seed()
