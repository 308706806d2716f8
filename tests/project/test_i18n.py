from __future__ import annotations

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from contactcenter.customers.models import Customer
from contactcenter.org.models import Agent
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_login_page_is_in_french_by_default() -> None:
    response = Client().get("/accounts/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr" dir="ltr">' in html
    assert "Se connecter" in html
    assert "Mot de passe" in html


def test_the_login_page_switches_to_arabic_right_to_left() -> None:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/accounts/login/"})
    assert response.status_code == 302
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "تسجيل الدخول" in html
    assert "كلمة المرور" in html


def test_the_language_switch_offers_both_languages_in_their_own_names() -> None:
    html = Client().get("/accounts/login/").content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert ">Français</button>" in html
    assert ">العربية</button>" in html


def test_an_agent_works_in_arabic_after_switching(agent: Agent, customer: Customer) -> None:
    client = client_for(agent)
    client.post("/i18n/setlang/", {"language": "ar", "next": "/customers/"})
    html = client.get(f"/customers/{customer.pk}/").content.decode()
    assert 'dir="rtl"' in html
    assert "رقم التسجيل" in html
    assert agent.agency.name_ar in html


def _po_entries(path: Path) -> list[dict[str, list[str]]]:
    """Entries of a .po file as {"flags": [...], "msgctxt": [...], "msgid": [...], ...},
    each value the unescaped strings of that keyword (obsolete entries left out)."""
    entries: list[dict[str, list[str]]] = []
    entry: dict[str, list[str]] = {}
    keyword = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry:
                entries.append(entry)
            entry, keyword = {}, ""
        elif line.startswith("#,"):
            entry.setdefault("flags", []).extend(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[keyword][-1] += ast.literal_eval(line)
        else:
            keyword, value = line.split(" ", 1)
            entry.setdefault(keyword, []).append(ast.literal_eval(value))
    return [e for e in entries if e.get("msgid") != [""]]


def _catalog_key(entry: dict[str, list[str]]) -> str:
    msgid = entry["msgid"][0]
    return f"{entry['msgctxt'][0]}\x04{msgid}" if "msgctxt" in entry else msgid


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_message_is_translated_and_compiled(language: str) -> None:
    directory = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES"
    entries = _po_entries(directory / "django.po")
    assert entries
    translations = {k: v for e in entries for k, v in e.items() if k.startswith("msgstr")}
    assert translations
    untranslated = [e["msgid"][0] for e in entries
                    if "fuzzy" in e.get("flags", [])
                    or not all(s for k, v in e.items() if k.startswith("msgstr") for s in v)]
    assert untranslated == []
    with (directory / "django.mo").open("rb") as mo:
        compiled = {key[0] if isinstance(key, tuple) else key
                    for key in gettext.GNUTranslations(mo)._catalog}
    assert {_catalog_key(e) for e in entries} - compiled == set(), "run compilemessages"


def test_arabic_has_its_six_plural_forms() -> None:
    path = Path(settings.LOCALE_PATHS[0]) / "ar" / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)
    assert [catalog.plural(n) for n in (0, 1, 2, 5, 11, 100)] == [0, 1, 2, 3, 4, 5]
    with translation.override("ar"):
        text = translation.ngettext("%(counter)s customer found",
                                    "%(counter)s customers found", 5) % {"counter": 5}
    assert "5" in text and "customer" not in text
