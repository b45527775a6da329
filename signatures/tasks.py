"""Celery tasks: thin, taking ids, calling the services."""

from celery import shared_task

from .services import summary_seal


@shared_task(name="signatures.summary_seal", autoretry_for=(OSError,), max_retries=3)
def summary_seal_task(summary_id: int) -> bool:
    return summary_seal(summary_id=summary_id) is not None
