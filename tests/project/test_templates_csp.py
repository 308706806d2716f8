"""The project's templates hold nothing the Content-Security-Policy refuses: no inline script,
style or event handler, no javascript: URL, no htmx attribute that evaluates code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(path for path in ROOT.glob("**/templates/**/*.html")
                   if not {".venv", "var", "node_modules"} & set(path.parts))

REFUSED = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>",
                                re.I),
    "style element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "htmx evaluating code": re.compile(r"\bhx-on\b|\bhx-on:|\bhx-vars\b|hx-vals\s*=\s*['\"]\s*js:",
                                       re.I),
}


def test_the_project_has_templates() -> None:
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_template_has_no_inline_code(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    found = {what: pattern.findall(text) for what, pattern in REFUSED.items()}
    assert {what: hits for what, hits in found.items() if hits} == {}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_template_comment_stays_on_one_line(template: Path) -> None:
    """{# #} spans one line only: a longer one is printed on the page."""
    lines = template.read_text(encoding="utf-8").splitlines()
    assert [n for n, line in enumerate(lines, 1)
            if line.count("{#") > line.count("#}")] == []
