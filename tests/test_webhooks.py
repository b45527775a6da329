"""Webhooks: an event is recorded with the change that caused it, delivered signed to a real
HTTP server on the loopback, and retried after a failure."""

import datetime
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction
from django.utils import timezone

from api.models import Webhook, WebhookDelivery
from api.webhooks import webhook_deliver, webhooks_sweep
from reports.services.progress import report_submit
from reports.services.review import report_accept

from .factories_api import issued_summary, ubnd_report
from .factories_progress import add_indicator
from .test_progress_services import complete

pytestmark = pytest.mark.django_db


class Receiver:
    """A loopback HTTP server on a free port that answers with the statuses it is given."""

    def __init__(self, statuses):
        self.statuses = list(statuses)
        self.received = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _check_signature(headers, body, secret):
    expected = hmac.new(
        secret.encode(), headers["X-Webhook-Timestamp"].encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(headers["X-Webhook-Signature"], f"sha256={expected}")


def test_a_sent_report_is_delivered_signed_and_retried_after_a_failure(
    directive, ubnd_staff, django_capture_on_commit_callbacks
):
    report = ubnd_report()
    add_indicator(report)
    with Receiver(statuses=[500, 200]) as receiver:
        hook = Webhook.objects.create(name="iOffice", url=receiver.url, events=["report.sent"])
        with django_capture_on_commit_callbacks(execute=True):
            report_submit(
                report=report, user=ubnd_staff, entries=complete(report), expected_version=0
            )
        delivery = WebhookDelivery.objects.get()
        delivery.refresh_from_db()
        # The first attempt ran (eagerly) when the change committed, and failed.
        assert len(receiver.received) == 1
        assert delivery.state == WebhookDelivery.State.PENDING
        assert delivery.attempts == 1
        assert delivery.last_status == 500
        assert delivery.next_attempt_at > timezone.now()
        # Not due yet: the sweep leaves it alone.
        assert webhooks_sweep() == 0
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
        )
        assert webhooks_sweep() == 1  # the retry, delivered by the (eager) task
        delivery.refresh_from_db()
        assert delivery.state == WebhookDelivery.State.DELIVERED
        assert delivery.attempts == 2
        assert len(receiver.received) == 2

    for headers, body in receiver.received:
        _check_signature(headers, body, hook.secret)
        assert headers["X-Webhook-Event"] == "report.sent"
        assert headers["X-Webhook-Delivery"] == str(delivery.pk)
    payload = json.loads(receiver.received[1][1])
    assert payload["event"] == "report.sent"
    assert payload["report"]["id"] == report.pk
    assert payload["report"]["state"] == "submitted"
    assert payload["report"]["body_code"] == "bcsd-ubnd"


def test_a_tampered_body_fails_the_signature_check(directive, ubnd_staff):
    with Receiver(statuses=[200]) as receiver:
        hook = Webhook.objects.create(name="iOffice", url=receiver.url)
        delivery = WebhookDelivery.objects.create(
            webhook=hook,
            event="report.sent",
            payload={"event": "report.sent"},
            next_attempt_at=timezone.now(),
        )
        assert webhook_deliver(delivery_id=delivery.pk)
    headers, body = receiver.received[0]
    _check_signature(headers, body, hook.secret)
    with pytest.raises(AssertionError):
        _check_signature(headers, body.replace(b"sent", b"lost"), hook.secret)


def test_a_delivery_held_by_another_worker_is_not_sent_twice(directive):
    hook = Webhook.objects.create(name="x", url="http://127.0.0.1:9/never")
    delivery = WebhookDelivery.objects.create(
        webhook=hook,
        event="report.sent",
        payload={},
        next_attempt_at=timezone.now(),
        leased_until=timezone.now() + datetime.timedelta(minutes=1),
    )
    assert webhook_deliver(delivery_id=delivery.pk) is False
    assert webhooks_sweep() == 0
    delivery.refresh_from_db()
    assert delivery.attempts == 0


def test_review_and_issue_record_their_events_only_for_webhooks_that_want_them(
    directive, ubnd_staff, board
):
    report = ubnd_report()
    add_indicator(report)
    every = Webhook.objects.create(name="all", url="http://127.0.0.1:9/all")
    Webhook.objects.create(name="summaries", url="http://127.0.0.1:9/s", events=["summary.issued"])
    Webhook.objects.create(name="off", url="http://127.0.0.1:9/off", is_active=False)
    sent = report_submit(
        report=report, user=ubnd_staff, entries=complete(report), expected_version=0
    )
    report_accept(report=sent, user=board)
    issued_summary(report.period, board)
    recorded = list(WebhookDelivery.objects.order_by("pk").values_list("webhook__name", "event"))
    assert recorded == [
        ("all", "report.sent"),
        ("all", "report.accepted"),
        ("all", "summary.issued"),
        ("summaries", "summary.issued"),
    ]
    assert every.deliveries.get(event="summary.issued").payload["summary"]["reference"]


def test_a_rolled_back_change_tells_no_one(directive, ubnd_staff):
    report = ubnd_report()
    add_indicator(report)
    Webhook.objects.create(name="all", url="http://127.0.0.1:9/all")
    with pytest.raises(RuntimeError), transaction.atomic():
        report_submit(report=report, user=ubnd_staff, entries=complete(report), expected_version=0)
        raise RuntimeError("the caller's transaction fails after the submit")
    assert not WebhookDelivery.objects.exists()


def test_after_the_last_attempt_a_delivery_is_failed_and_left_alone(directive, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    with Receiver(statuses=[503]) as receiver:
        hook = Webhook.objects.create(name="x", url=receiver.url)
        delivery = WebhookDelivery.objects.create(
            webhook=hook, event="report.sent", payload={}, next_attempt_at=timezone.now()
        )
        assert webhook_deliver(delivery_id=delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.state == WebhookDelivery.State.FAILED
    assert delivery.last_status == 503
    assert webhooks_sweep() == 0
