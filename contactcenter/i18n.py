from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from django.utils.translation import get_language, gettext, override, pgettext


def localized(*, fr: str, ar: str) -> str:
    """The Arabic text when the active language is Arabic, else the French one."""
    return ar if (get_language() or "").startswith("ar") and ar else fr


# --- Sentences the system stores ----------------------------------------------------------------
# A sentence the system writes into a stored text (an event's note or actor, a call's summary)
# is stored as its English message id and parameters, and translated when it is shown: an
# Arabic page shows it in Arabic even though a French page caused it. The stored form starts
# with STORED_MARK (two printable brackets nobody types) followed by JSON: a list of parts,
# each [msgid, parameters] or ["@label", {"fr": ..., "ar": ...}] for a name the database keeps
# in both languages (a category's label). Text typed by people is stored and shown as typed.

STORED_MARK = "⁅sys⁆"
_LABEL = "@label"
Part = tuple[str, dict[str, Any]]


def system_text(msgid: str, **parameters: Any) -> str:
    """The stored form of one system sentence: `msgid` (English, marked for translation
    where it is written with gettext_noop) and its %-parameters."""
    return system_parts([(msgid, parameters)])


def system_label(*, fr: str, ar: str) -> str:
    """The stored form of a name kept in both languages, shown in the page's language."""
    return system_parts([(_LABEL, {"fr": fr, "ar": ar})])


def system_parts(parts: Iterable[Part]) -> str:
    """The stored form of several sentences shown one after the other (a call's summary)."""
    return STORED_MARK + json.dumps([[msgid, parameters] for msgid, parameters in parts],
                                    ensure_ascii=False, separators=(",", ":"))


def both_languages(label: Any) -> dict[str, str]:
    """A translatable label (e.g. a choice's) as a system text's parameter: its French and
    Arabic forms, the page's shown."""
    forms = {}
    for language in ("fr", "ar"):
        with override(language):
            forms[language] = str(label)
    return forms


def is_system_text(stored: str) -> bool:
    return stored.startswith(STORED_MARK)


def shown(stored: str | None) -> str:
    """A stored text in the active language: a system sentence translated now, anything
    else (text typed by people) as stored."""
    if not stored or not stored.startswith(STORED_MARK):
        return stored or ""
    try:
        parts = json.loads(stored[len(STORED_MARK):])
        return pgettext("list of sentences", "; ").join(_shown_part(*part) for part in parts)
    except (ValueError, TypeError, KeyError):  # not ours after all: shown as stored
        return stored


def _shown_part(msgid: str, parameters: dict[str, Any] | None = None) -> str:
    parameters = parameters or {}
    if msgid == _LABEL:
        return localized(fr=str(parameters["fr"]), ar=str(parameters["ar"]))
    text = gettext(msgid)
    if not parameters:
        return text
    # A parameter stored in both languages ({"fr": ..., "ar": ...}, see both_languages) is
    # shown in the page's.
    return text % {name: localized(fr=str(value["fr"]), ar=str(value["ar"]))
                   if isinstance(value, dict) else value
                   for name, value in parameters.items()}


def stored_form(text: str, msgids: Iterable[str],
                languages: Iterable[str] = ("fr", "ar", "en")) -> str | None:
    """The stored form of `text` if it is one of the sentences `msgids` as some language
    shows it (parameters read back), else None: for moving texts stored translated (before
    STORED_MARK) to the stored form."""
    for language in languages:
        with override(language):
            for msgid in msgids:
                match = _pattern(gettext(msgid)).fullmatch(text.strip())
                if match:
                    return system_text(msgid, **match.groupdict())
    return None


_PARAMETER = re.compile(r"%\((\w+)\)s|%%")


def _pattern(translated: str) -> re.Pattern[str]:
    """A translated sentence as a regular expression that reads its parameters back."""
    pattern, end = [], 0
    for found in _PARAMETER.finditer(translated):
        pattern.append(re.escape(translated[end:found.start()]))
        pattern.append("%" if found.group() == "%%" else f"(?P<{found.group(1)}>.+?)")
        end = found.end()
    pattern.append(re.escape(translated[end:]))
    return re.compile("".join(pattern))


def literal_chunk(msgid: str, language: str) -> str:
    """The longest run of `msgid`'s text in `language` without a parameter: what a stored
    translated sentence surely contains (to narrow a search before stored_form)."""
    with override(language):
        return max(_PARAMETER_OR_PERCENT.split(gettext(msgid)), key=len)


_PARAMETER_OR_PERCENT = re.compile(r"%\(\w+\)s|%%")


def stored_parts_form(text: str, msgids: Iterable[str], separator: str = "; ",
                      languages: Iterable[str] = ("fr", "ar", "en")) -> str | None:
    """`stored_form` for several sentences joined by `separator` (a call's summary): the
    stored form if every one is one of `msgids`, else None."""
    parts: list[Part] = []
    for piece in text.split(separator):
        stored = stored_form(piece, msgids, languages)
        if stored is None:
            return None
        parts.extend((msgid, parameters) for msgid, parameters in json.loads(
            stored[len(STORED_MARK):]))
    return system_parts(parts)
