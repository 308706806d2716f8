from __future__ import annotations

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache
from django.db import OperationalError
from django.test import Client

from contactcenter import background
from contactcenter.celery import app as celery_app
from contactcenter.tasks import run_job

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_heartbeat():
    cache.delete(background.HEARTBEAT_KEY)
    yield
    cache.delete(background.HEARTBEAT_KEY)


def test_healthz_is_ok_when_database_channel_layer_and_worker_are_up(client: Client) -> None:
    background.record_heartbeat()
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "channel_layer", "task_queue"}
    assert body["checks"]["channel_layer"]["detail"] == "RedisChannelLayer"


def test_healthz_names_the_task_queue_when_no_worker_ever_ran(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["task_queue"]


def test_healthz_names_a_stale_worker(client: Client, settings) -> None:
    cache.set(background.HEARTBEAT_KEY, time.time() - 600, timeout=None)
    settings.WORKER_HEARTBEAT_MAX_AGE = 120
    body = client.get("/healthz").json()
    assert body["failing"] == ["task_queue"]
    assert "600s ago" in body["checks"]["task_queue"]["detail"]


def test_healthz_names_an_unreachable_channel_layer(client: Client, settings) -> None:
    background.record_heartbeat()
    settings.CHANNEL_LAYERS = {"default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
    }}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["channel_layer"]


def test_healthz_names_the_database_when_it_fails(client: Client, monkeypatch) -> None:
    background.record_heartbeat()

    def broken_cursor(*args, **kwargs):
        raise OperationalError('connection to "db.internal" port 5432 refused, user "cc"')

    monkeypatch.setattr("contactcenter.health.connection.cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["database"]
    detail = response.json()["checks"]["database"]["detail"]
    assert detail == "unreachable: OperationalError"
    # The message names hosts and users: the log has it, the public answer does not.
    assert "db.internal" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_celery_worker_on_redis_runs_the_heartbeat_job(client: Client) -> None:
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        run_job.delay("heartbeat")
        deadline = time.monotonic() + 10
        while background.heartbeat_age() is None and time.monotonic() < deadline:
            time.sleep(0.1)
    assert background.heartbeat_age() is not None
    assert client.get("/healthz").status_code == 200


def test_the_in_process_runner_runs_periodic_jobs(settings) -> None:
    # (the heartbeat alone: the other jobs would write to the tests' database for good)
    settings.PERIODIC_JOBS = {"heartbeat": settings.PERIODIC_JOBS["heartbeat"]}
    runner = background.InProcessRunner(tick=0.05)
    runner.start()
    try:
        deadline = time.monotonic() + 5
        while background.heartbeat_age() is None and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        runner.stop()
        runner.join(timeout=5)
    assert background.heartbeat_age() is not None
    assert not runner.is_alive()


_probe_runs: list[float] = []


def _probe() -> None:
    _probe_runs.append(time.monotonic())


def test_a_job_asked_for_runs_at_once_instead_of_at_its_next_period(settings) -> None:
    settings.PERIODIC_JOBS = {"probe": ("tests.project.test_health._probe", 3600.0)}
    _probe_runs.clear()
    runner = background.InProcessRunner(tick=60)
    runner.start()
    try:
        deadline = time.monotonic() + 5
        while not _probe_runs and time.monotonic() < deadline:  # the first run, at start
            time.sleep(0.01)
        asked = time.monotonic()
        background.run_soon("probe")
        while len(_probe_runs) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        runner.stop()
        runner.join(timeout=5)
    assert len(_probe_runs) == 2 and _probe_runs[1] - asked < 1.0
    assert not runner.is_alive()
