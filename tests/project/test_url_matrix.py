"""Every URL of the project, played for every persona against the authorization matrix
(tests/project/url_matrix.py): staff pages need an agent, objects outside the agent's scope
answer 404, public pages show nothing personal, and a URL without an entry fails."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import reverse

from contactcenter import background
from contactcenter.org.models import Agent
from contactcenter.reports.dashboard_views import FIGURES_MODULE
from contactcenter.websocket_urls import websocket_urlpatterns
from telephony import gateway
from tests.project import matrix_world as w
from tests.project import url_matrix as m
from tests.reports import fake_figures

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]

@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[m.World]:
    """One world for the whole matrix, rolled back at the end; each case runs in a
    savepoint of it (what a case changes is undone before the next)."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        with transaction.atomic():
            built = w.build_world()
            yield built
            transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _dashboard_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the module computing the dashboard's figures, its pages draw the tests'
    stand-in charts (who may see them is what the matrix checks)."""
    if importlib.util.find_spec(FIGURES_MODULE) is None:
        fake_figures.install(monkeypatch)


# --- Every pattern has an entry, every entry a pattern --------------------------------------

def _keys() -> set[str]:
    return {entry.key for entry in m.MATRIX}


def test_every_url_pattern_has_an_entry_in_the_matrix() -> None:
    missing = [str(pattern) for pattern in m.url_patterns()
               if not m.is_admin(pattern) and pattern.key not in _keys()]
    assert not missing, ("URL patterns without an entry in tests/project/url_matrix.py: "
                         + ", ".join(missing))


def test_every_admin_pattern_belongs_to_a_declared_family_or_the_admin_site() -> None:
    missing = [str(pattern) for pattern in m.url_patterns() if m.is_admin(pattern)
               and m.family_of(pattern) is None and pattern.key not in m.ADMIN_SITE]
    undeclared = sorted(set(m.admin_families()) - set(m.ADMIN_FAMILIES))
    assert not missing, f"admin URL patterns without an entry: {', '.join(missing)}"
    assert not undeclared, ("ModelAdmins without an entry in ADMIN_FAMILIES: "
                            + ", ".join(undeclared))


def test_every_matrix_entry_names_an_existing_url_pattern() -> None:
    existing = {pattern.key for pattern in m.url_patterns()}
    stale = sorted((_keys() | set(m.ADMIN_SITE)) - existing)
    gone = sorted(set(m.ADMIN_FAMILIES) - set(m.admin_families()))
    assert not stale, f"matrix entries for URL patterns that no longer exist: {stale}"
    assert not gone, f"admin families no longer registered: {gone}"


def test_every_websocket_route_has_an_entry_and_every_entry_a_route() -> None:
    routes = {str(pattern.pattern) for pattern in websocket_urlpatterns}
    assert routes == set(m.WEBSOCKETS), (
        f"WebSocket routes without an entry: {sorted(routes - set(m.WEBSOCKETS))}; "
        f"entries without a route: {sorted(set(m.WEBSOCKETS) - routes)}")


def test_every_role_of_the_fund_is_a_persona_of_the_matrix() -> None:
    assert set(Agent.Role.values) == set(m.ROLES)


# --- The matrix, case by case -----------------------------------------------------------------

def _cases() -> Iterator[Any]:
    for entry in m.MATRIX:
        for persona in w.PERSONAS:
            for place in (w.PLACES if entry.place_matters_to(persona) else (w.AGENCY,)):
                case = (entry.key, entry.method, persona, place)
                yield pytest.param(entry, persona, place, id="-".join(case))


def _request(client: Client, entry: m.Entry, world: m.World, place: str) -> HttpResponse:
    url = reverse(entry.key, kwargs=entry.kwargs(world, place))
    data = entry.data(world, place)
    if entry.method == "GET":
        return client.get(url, data)
    if entry.audience is m.Audience.API:
        return client.post(url, data, content_type="application/json")
    return client.post(url, data)


def _check(response: HttpResponse, expected: m.Answer) -> None:
    where = response.get("Location", "")
    assert response.status_code == expected.status, (
        f"answered {response.status_code} {where}, expected {expected}")
    if expected.to:
        assert where.startswith(expected.to), f"redirected to {where}, expected {expected}"


def _shows_nothing_of(response: HttpResponse, texts: list[str]) -> None:
    body = response.content.decode(errors="replace")
    shown = [text for text in texts if text in body]
    assert not shown, f"shows personal data: {shown}"


@pytest.mark.django_db
@pytest.mark.parametrize(("entry", "persona", "place"), list(_cases()))
def test_each_url_answers_each_persona_as_the_matrix_says(
        world: m.World, entry: m.Entry, persona: str, place: str) -> None:
    if entry.key == "healthz":
        background.record_heartbeat()  # a worker ran lately: 200 when the rest is up
    client = (world.api_client(persona) if entry.audience is m.Audience.API
              else world.client(persona))
    response = _request(client, entry, world, place)
    _check(response, entry.expected(persona, place))
    if entry.listed is not None and response.status_code == 200:
        listed = entry.listed(world, place) in response.content.decode()
        assert listed == m.sees(persona, place), (
            f"{'lists' if listed else 'does not list'} the object of {place}")
    if entry.audience is m.Audience.PUBLIC or persona in m.SIGNED_OUT:
        _shows_nothing_of(response, world.personal_data(shown_to=persona))


def _api_session_cases() -> Iterator[Any]:
    for entry in m.MATRIX:
        if entry.audience is m.Audience.API and entry.method == "GET":
            for persona in (m.NO_PROFILE, m.FRONT_OFFICE):
                for place in (w.PLACES if entry.place_matters_to(persona) else (w.AGENCY,)):
                    yield pytest.param(entry, persona, place,
                                       id=f"{entry.key}-{persona}-{place}")


@pytest.mark.django_db
@pytest.mark.parametrize(("entry", "persona", "place"), list(_api_session_cases()))
def test_the_api_answers_a_browser_session_as_it_answers_a_token(
        world: m.World, entry: m.Entry, persona: str, place: str) -> None:
    response = _request(world.client(persona), entry, world, place)
    _check(response, entry.expected(persona, place))
    if entry.listed is not None and response.status_code == 200:
        assert (entry.listed(world, place) in response.content.decode()) == m.sees(
            persona, place)


def _post_only() -> list[m.Entry]:
    methods: dict[str, set[str]] = {}
    for entry in m.MATRIX:
        methods.setdefault(entry.key, set()).add(entry.method)
    first = {entry.key: entry for entry in reversed(m.MATRIX)}
    return [entry for key, entry in first.items() if methods[key] == {"POST"}]


@pytest.mark.django_db
@pytest.mark.parametrize("entry", _post_only(), ids=lambda entry: entry.key)
def test_a_post_only_url_refuses_get(world: m.World, entry: m.Entry) -> None:
    client = world.client(m.ADMINISTRATOR)
    response = client.get(reverse(entry.key, kwargs=entry.kwargs(world, w.AGENCY)))
    assert response.status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("entry", [entry for entry in m.MATRIX
                                   if entry.audience is m.Audience.CARRIER],
                         ids=lambda entry: entry.key)
def test_a_signed_request_reaches_the_carrier_webhook(world: m.World, settings: Any,
                                                      entry: m.Entry) -> None:
    """Only the signature stands in the way: signed, an empty form reaches the webhook,
    which finds it malformed."""
    settings.TELEPHONY_SIGNING_TOKEN = "matrix-token"
    settings.TELEPHONY_PUBLIC_BASE_URL = ""
    path = reverse(entry.key)
    signature = gateway.sign(f"http://testserver{path}", {})
    response = Client().post(path, {}, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 400, response.content
    unsigned = Client().post(path, {}, headers={"X-Twilio-Signature": "forged"})
    assert unsigned.status_code == 403


# --- The administration -----------------------------------------------------------------------

def _admin_patterns(family: str | None) -> list[m.Pattern]:
    return [pattern for pattern in m.url_patterns() if m.is_admin(pattern)
            and (m.family_of(pattern) == family)]


def _ends_at_admin_login(client: Client, url: str) -> None:
    """The answer is a redirect, and the redirects lead to the admin login (not followed
    to the end: the login page itself is checked once)."""
    for _hop in range(3):
        response = client.get(url)
        where = response.get("Location", "")
        assert response.status_code in (301, 302), (
            f"{url} answered {response.status_code}, not a redirect to the admin login")
        if where.startswith(m.ADMIN_LOGIN.to):
            return
        assert where.startswith("/admin/"), f"{url} redirected out of the admin: {where}"
        url = where
    raise AssertionError(f"{url}: redirects without end")


@pytest.mark.django_db
@pytest.mark.parametrize("family", sorted(m.ADMIN_FAMILIES))
def test_every_url_of_an_admin_family_sends_the_signed_out_to_the_admin_login(
        world: m.World, family: str) -> None:
    client = world.client(m.ANONYMOUS)
    patterns = _admin_patterns(family)
    assert patterns
    for pattern in patterns:
        _ends_at_admin_login(client, m.admin_url(pattern))


def _family_cases() -> Iterator[Any]:
    for family in sorted(m.ADMIN_FAMILIES):
        for persona in m.ADMIN_PERSONAS:
            yield pytest.param(family, persona, id=f"{family}-{persona}")


@pytest.mark.django_db
@pytest.mark.parametrize(("family", "persona"), list(_family_cases()))
def test_an_admin_family_is_for_staff_with_permission(world: m.World, family: str,
                                                     persona: str) -> None:
    """Its list and add pages, and the change and history pages of a row when the world
    has one."""
    model = apps.get_model(family)
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    pages = {"changelist": reverse(f"{prefix}_changelist"), "add": reverse(f"{prefix}_add")}
    row = model._default_manager.order_by("pk").first()
    if row is not None:
        pages |= {page: reverse(f"{prefix}_{page}", args=[row.pk])
                  for page in ("change", "history")}
    client = world.client(persona)
    for page, url in pages.items():
        try:
            _check(client.get(url), m.admin_family_expected(family, persona, page))
        except AssertionError as exc:
            raise AssertionError(f"{page}: {exc}") from None


def _site_cases() -> Iterator[Any]:
    for name, answers in m.ADMIN_SITE.items():
        for persona in m.ADMIN_PERSONAS:
            yield pytest.param(name, persona, answers.get(persona, m.ADMIN_SITE_DEFAULT),
                               id=f"{name}-{persona}")


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona", "expected"), list(_site_cases()))
def test_the_admin_site_pages_answer_each_persona_as_the_matrix_says(
        world: m.World, name: str, persona: str, expected: m.Answer) -> None:
    pattern = next(pattern for pattern in _admin_patterns(None) if pattern.key == name)
    response = world.client(persona).get(m.admin_url(pattern))
    _check(response, expected)
    if persona == m.ANONYMOUS:
        _shows_nothing_of(response, world.personal_data())
