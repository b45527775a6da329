"""Celery tasks: thin, taking ids, calling the services (the schedule is in
directive_tracker/celery.py)."""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError, close_old_connections, connection

from .outbox.services import outbox_deliver
from .services.reminders import reminder_deliver, reminder_record_failure
from .services.reminders import reminders_scan as reminders_scan_service

logger = logging.getLogger(__name__)

# What a restarting or unreachable database raises: the next scan completes the work.
DATABASE_ERRORS = (OperationalError, InterfaceError)


@shared_task(name="reports.reminders_scan")
def reminders_scan() -> str:
    try:
        result = reminders_scan_service()
    except DATABASE_ERRORS as exc:
        # Each batch of claims is its own transaction: what committed stays claimed and sent,
        # the rest is claimed by the next scan. Drop the broken connection, exit cleanly.
        logger.warning(
            "Reminder scan interrupted by the database, the next one completes it: %r", exc
        )
        if not connection.in_atomic_block:
            close_old_connections()
        return "interrupted"
    logger.info("Reminder scan: %s", result.outcome())
    return result.outcome()


@shared_task(
    name="reports.reminder_send",
    autoretry_for=DATABASE_ERRORS,
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def reminder_send(reminder_id: int) -> bool:
    try:
        return reminder_deliver(reminder_id=reminder_id)
    except DATABASE_ERRORS:
        raise
    except Exception as exc:
        # A fault in the message itself (not the mail server: e-mail goes through the outbox).
        reminder_record_failure(reminder_id=reminder_id, error=repr(exc), final=True)
        raise


@shared_task(
    name="reports.outbox_send",
    autoretry_for=DATABASE_ERRORS,
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def outbox_send(email_id: int) -> str:
    """Sends one queued e-mail; a mail server's refusal is recorded on the row, whose next
    attempt the reminder scan sweeps."""
    return outbox_deliver(email_id=email_id)
