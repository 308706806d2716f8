from __future__ import annotations

import os
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation

from contactcenter import process_cache
from contactcenter.org.models import Agent
from knowledge import triage_model
from tests import factories

# --- A test stopped by its time limit ----------------------------------------------------
# pytest-timeout fails such a test from the main thread, but an event loop or worker thread
# the test started may still be waiting, and the interpreter waits for its executor threads
# before exiting: the run would never end. After a timeout, the run leaves once its report
# is written, without waiting for them.

_TIMED_OUT: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.failed and "Timeout" in str(report.longrepr):
        _TIMED_OUT.append(report.nodeid)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    if not _TIMED_OUT:
        return
    print(f"Timed out: {', '.join(_TIMED_OUT)}; leaving without waiting for the threads "
          "they left.", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(int(getattr(config, "_exit_status", 1)) or 1)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config._exit_status = exitstatus  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Hashing test passwords with PBKDF2 costs half a second per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the fund's default language: a request served in Arabic leaves
    Arabic active in the thread after it."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_process_cache():
    """Calendars, policies and queues are cached per process; a test's rows are rolled back
    or flushed without the signals that forget them."""
    process_cache.forget()
    yield
    process_cache.forget()


@pytest.fixture(autouse=True)
def _own_media(settings, tmp_path_factory):
    """Files a test stores (attachments, the triage model) go to a directory of its own,
    never to var/media, and no triage model loaded by a test outlives it."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    triage_model.unload()
    yield
    triage_model.unload()


@pytest.fixture
def region_a():
    return factories.RegionFactory(code="DR-A", name_fr="Région A")


@pytest.fixture
def agency_a(region_a):
    return factories.AgencyFactory(code="AG-A", region=region_a)


@pytest.fixture
def agency_b():
    return factories.AgencyFactory(code="AG-B", region=factories.RegionFactory(code="DR-B"))


@pytest.fixture
def agent(agency_a) -> Agent:
    """A front-office agent of agency A."""
    return factories.AgentFactory(user__username="agent", agency=agency_a)


@pytest.fixture
def other_agency_agent(agency_b) -> Agent:
    return factories.AgentFactory(user__username="other", agency=agency_b)


@pytest.fixture
def supervisor(agency_a) -> Agent:
    return factories.AgentFactory(user__username="supervisor", role=Agent.Role.SUPERVISOR,
                                  agency=agency_a)


@pytest.fixture
def regional_manager(region_a) -> Agent:
    return factories.AgentFactory(user__username="manager", role=Agent.Role.REGIONAL_MANAGER,
                                  agency=None, region=region_a)


@pytest.fixture
def administrator() -> Agent:
    return factories.AgentFactory(user__username="admin", role=Agent.Role.ADMINISTRATOR,
                                  agency=None)


@pytest.fixture
def customer(agency_a):
    return factories.CustomerFactory(agency=agency_a, first_name="Fatima", last_name="Benali")


def client_for(agent: Agent) -> Client:
    client = Client()
    client.force_login(agent.user)
    return client


@pytest.fixture
def superuser_client() -> Client:
    """An administrator of the site, signed in (the admin pages)."""
    user = get_user_model().objects.create_superuser("root", "root@example.ma", "pass-for-tests")
    client = Client()
    client.force_login(user)
    return client
