"""Celery tasks of the API app: thin, taking ids (schedule: directive_tracker/celery.py)."""

from celery import shared_task

from . import webhooks


@shared_task(name="api.webhook_deliver")
def webhook_deliver_task(delivery_id: int) -> bool:
    # Retries are the sweep's: the delivery record holds when the next attempt is due.
    return webhooks.webhook_deliver(delivery_id=delivery_id)


@shared_task(name="api.webhooks_sweep")
def webhooks_sweep_task() -> int:
    return webhooks.webhooks_sweep()
