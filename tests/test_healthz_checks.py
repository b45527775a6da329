"""/healthz names each part it checks, and the failing one in its 503 answer."""

import datetime

import pytest
from django.utils import timezone

from reports import health
from tests.factories_reminders import HeartbeatFactory

pytestmark = pytest.mark.django_db


def _fresh_scan():
    HeartbeatFactory(last_completed_at=timezone.now() - datetime.timedelta(minutes=1))


def test_a_broker_that_refuses_connections_is_named_in_the_503(client, settings):
    _fresh_scan()
    # Nothing listens on port 1 of the loopback: the connection is refused at once.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["broker"]
    assert body["broker"]["error"] == "ConnectionError"
    assert body["database"] == "ok"


def test_without_redis_the_broker_is_the_folder_and_healthy(client, settings):
    _fresh_scan()
    settings.REDIS_URL = ""

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["broker"] == {"status": "ok", "broker": "filesystem"}
    assert response.json()["failing"] == []


def test_a_stale_scan_is_named_as_the_failing_part(client, settings):
    settings.REDIS_URL = ""
    settings.REMINDER_STALE_MINUTES = 15
    HeartbeatFactory(last_completed_at=timezone.now() - datetime.timedelta(minutes=30))

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["reminder_scan"]


def test_a_check_added_to_the_list_is_run_and_named(client, settings, monkeypatch):
    settings.REDIS_URL = ""
    _fresh_scan()

    def outbox_check():
        return False, {"oldest_undelivered_seconds": 9000}

    monkeypatch.setattr(health, "HEALTH_CHECKS", [*health.HEALTH_CHECKS, ("outbox", outbox_check)])

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["outbox"]
    assert response.json()["outbox"]["oldest_undelivered_seconds"] == 9000
