"""Celery tasks: thin, taking ids, calling the services (the schedule is in
directive_tracker/celery.py)."""

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from .notifications import email_deliver
from .services.reminders import ReminderBusy, reminder_deliver, reminder_record_failure
from .services.reminders import reminders_scan as reminders_scan_service

logger = logging.getLogger(__name__)

# What a mail server, an unreachable network or a busy database raises: worth trying again later.
RETRYABLE_ERRORS = (smtplib.SMTPException, OSError, OperationalError, InterfaceError)


@shared_task(name="reports.reminders_scan")
def reminders_scan() -> str:
    result = reminders_scan_service()
    logger.info("Reminder scan: %s", result.outcome())
    return result.outcome()


@shared_task(
    bind=True,
    name="reports.reminder_send",
    autoretry_for=RETRYABLE_ERRORS,
    retry_backoff=True,
    retry_backoff_max=settings.REMINDER_EMAIL_RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=settings.REMINDER_EMAIL_MAX_RETRIES,
)
def reminder_send(self, reminder_id: int) -> bool:
    try:
        return reminder_deliver(reminder_id=reminder_id)
    except ReminderBusy as busy:
        # Another worker holds it, or died holding it: look again when its lease has passed.
        raise self.retry(countdown=busy.seconds) from busy
    except Exception as exc:
        final = not isinstance(exc, RETRYABLE_ERRORS) or self.request.retries >= self.max_retries
        reminder_record_failure(reminder_id=reminder_id, error=repr(exc), final=final)
        raise


@shared_task(
    name="reports.email_deliver",
    autoretry_for=RETRYABLE_ERRORS,
    retry_backoff=True,
    retry_backoff_max=settings.REMINDER_EMAIL_RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=settings.REMINDER_EMAIL_MAX_RETRIES,
)
def email_deliver_task(*, recipients: list[str], subject: str, text: str, html: str) -> int:
    """Sends a review or chase notice already rendered when the board acted."""
    return email_deliver(recipients=recipients, subject=subject, text=text, html=html)
