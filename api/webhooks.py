"""Webhooks: telling the board's other systems when a report is sent, accepted or returned and
when a summary is issued.

The services call webhook_event_record() inside the transaction of the change, which writes one
WebhookDelivery per interested webhook (an outbox): a rolled-back change tells no one, a
committed one is never lost. A thin Celery task delivers each record; a periodic sweep enqueues
again what failed or was lost, and a lease taken with a conditional UPDATE makes sure two
workers never send the same record at once.

Each POST carries JSON and these headers, so the receiver can check it came from here:
  X-Webhook-Event: report.sent | report.accepted | report.returned | summary.issued
  X-Webhook-Delivery: the delivery's id (the same on every retry: deduplicate by it)
  X-Webhook-Timestamp: Unix seconds when signed
  X-Webhook-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the webhook's secret>
"""

import datetime
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import Webhook, WebhookDelivery

logger = logging.getLogger(__name__)

WebhookEvent = Webhook.Event
LEASE = datetime.timedelta(minutes=2)
# The wait before attempt n+1 doubles from a minute, up to six hours.
FIRST_RETRY_SECONDS = 60
LONGEST_RETRY_SECONDS = 6 * 3600
State = WebhookDelivery.State


def _report_data(report) -> dict:
    return {
        "id": report.pk,
        "period": report.period_id,
        "body": report.body_id,
        "body_code": report.body.code,
        "body_name": report.body.name,
        "state": report.state,
        "version": report.version,
        "submitted_at": report.submitted_at.isoformat() if report.submitted_at else None,
        "reviewed_at": report.reviewed_at.isoformat() if report.reviewed_at else None,
        "review_comment": report.review_comment,
    }


def _summary_data(summary) -> dict:
    return {
        "id": summary.pk,
        "period": summary.period_id,
        "version": summary.version,
        "number": summary.number,
        "reference": summary.reference,
        "issued_on": summary.issued_on.isoformat() if summary.issued_on else None,
    }


def webhook_event_record(*, event: str, report=None, summary=None) -> list[WebhookDelivery]:
    """Records the event for every active webhook that wants it; sending starts once the
    caller's transaction commits. Call it inside that transaction, after the change."""
    hooks = [hook for hook in Webhook.objects.filter(is_active=True) if hook.wants(event)]
    if not hooks:
        return []
    now = timezone.now()
    payload = {"event": str(event), "occurred_at": now.isoformat()}
    if report is not None:
        payload["report"] = _report_data(report)
    if summary is not None:
        payload["summary"] = _summary_data(summary)
    deliveries = [
        WebhookDelivery.objects.create(
            webhook=hook, event=event, payload=payload, next_attempt_at=now
        )
        for hook in hooks
    ]
    for delivery in deliveries:
        transaction.on_commit(lambda pk=delivery.pk: _enqueue(pk), robust=True)
    return deliveries


def _enqueue(delivery_id: int) -> None:
    from .tasks import webhook_deliver_task

    webhook_deliver_task.delay(delivery_id)


def webhook_signature(*, secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def _retry_wait(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(
        seconds=min(FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), LONGEST_RETRY_SECONDS)
    )


def _post(*, url: str, body: bytes, headers: dict) -> tuple[int | None, str]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as answer:
            return answer.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError) as exc:
        return None, repr(exc)


def webhook_deliver(*, delivery_id: int) -> bool:
    """Sends one delivery if it is due and no other worker holds it. True when delivered."""
    now = timezone.now()
    claimed = (
        WebhookDelivery.objects.filter(
            pk=delivery_id, state=State.PENDING, next_attempt_at__lte=now
        )
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
        .update(leased_until=now + LEASE, attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    delivery = WebhookDelivery.objects.select_related("webhook").get(pk=delivery_id)
    body = json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "directive-tracker-webhooks",
        "X-Webhook-Event": delivery.event,
        "X-Webhook-Delivery": str(delivery.pk),
        "X-Webhook-Timestamp": timestamp,
        "X-Webhook-Signature": webhook_signature(
            secret=delivery.webhook.secret, timestamp=timestamp, body=body
        ),
    }
    status, error = _post(url=delivery.webhook.url, body=body, headers=headers)
    done = timezone.now()
    delivery.last_status, delivery.leased_until = status, None
    if status is not None and 200 <= status < 300:
        delivery.state, delivery.delivered_at, delivery.last_error = State.DELIVERED, done, ""
    else:
        delivery.last_error = error or f"HTTP {status}"
        if delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            delivery.state = State.FAILED
        else:
            delivery.next_attempt_at = done + _retry_wait(delivery.attempts)
        logger.warning("Webhook delivery %s failed: %s", delivery.pk, delivery.last_error)
    delivery.save(
        update_fields=[
            "state",
            "delivered_at",
            "last_status",
            "last_error",
            "leased_until",
            "next_attempt_at",
        ]
    )
    return delivery.state == State.DELIVERED


def webhook_deliveries_due(*, now: datetime.datetime | None = None) -> list[int]:
    """Pending deliveries whose time has come and that no worker holds: failed ones waiting for
    their retry, and any whose task was lost."""
    now = now or timezone.now()
    return list(
        WebhookDelivery.objects.filter(state=State.PENDING, next_attempt_at__lte=now)
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:500]
    )


def webhooks_sweep() -> int:
    """Enqueues every delivery due; the lease keeps a delivery enqueued twice from being sent
    twice. Returns how many were enqueued."""
    due = webhook_deliveries_due()
    for delivery_id in due:
        _enqueue(delivery_id)
    return len(due)


def webhook_event_listen(*, event: str, report=None, summary=None, **_signal) -> None:
    """Listens to `reports.events`: the services announce inside their transaction, so the
    deliveries are committed with the change."""
    if event in WebhookEvent.values:
        webhook_event_record(event=WebhookEvent(event), report=report, summary=summary)
