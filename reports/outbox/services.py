"""Queueing an e-mail with the change that causes it, delivering it once, retrying it over a real
outage. See the package's docstring."""

import datetime
import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assignments.models import Body, User

from ..models import Notification, ReportingPeriod
from ..notifications import email_deliver, email_render, notification_create
from .models import OutgoingEmail

logger = logging.getLogger(__name__)

SEND_TASK = "reports.outbox_send"


def outbox_enqueue(email_id: int) -> None:
    """Hands one queued e-mail to the worker. The task is looked up by name so that services
    never import the tasks module; the broker carries the id only."""
    from celery import current_app

    current_app.tasks[SEND_TASK].delay(email_id)


def queue_email(
    *,
    recipients: Iterable[str],
    template: str,
    context: dict,
    kind: str = OutgoingEmail.Kind.OTHER,
    body: Body | None = None,
    period: ReportingPeriod | None = None,
    now: datetime.datetime | None = None,
) -> OutgoingEmail | None:
    """Renders templates/emails/<template>-* now and keeps the message as a row in the current
    transaction; the worker is asked to send it once that transaction commits. Call it inside
    the transaction of the change the message is about: a rollback then takes the message with
    it, and a commit keeps it whatever happens to the broker. None when no address is given."""
    addresses = list(dict.fromkeys(address.strip() for address in recipients if address))
    addresses = [address for address in addresses if address]
    if not addresses:
        return None
    content = email_render(template=template, context=context)
    now = now or timezone.now()
    email = OutgoingEmail.objects.create(
        kind=kind,
        body=body,
        period=period,
        recipients="\n".join(addresses),
        subject=content["subject"][:255],
        text=content["text"],
        html=content["html"],
        created_at=now,
        next_attempt_at=now,
    )
    # robust: a broker that refuses the enqueue must not undo the change; the row stays pending
    # and the next sweep hands it to a worker.
    transaction.on_commit(lambda: outbox_enqueue(email.pk), robust=True)
    return email


def _wait_after(attempts: int) -> datetime.timedelta:
    """Growing waits: a minute, two, four … up to EMAIL_RETRY_MAX_WAIT_SECONDS (an hour)."""
    first = settings.EMAIL_RETRY_FIRST_WAIT_SECONDS
    seconds = min(settings.EMAIL_RETRY_MAX_WAIT_SECONDS, first * 2 ** max(attempts - 1, 0))
    return datetime.timedelta(seconds=seconds)


def outbox_deliver(*, email_id: int, now: datetime.datetime | None = None) -> str:
    """Sends one queued e-mail if its attempt has come and nobody else is sending it. Returns
    "sent", "retry", "failed" or "skipped" (already sent, not due, or held by another worker).
    A mail server's error never escapes: it schedules the next attempt on the row."""
    now = now or timezone.now()
    lease_until = now + datetime.timedelta(seconds=settings.EMAIL_SEND_LEASE_SECONDS)
    taken = (
        OutgoingEmail.objects.filter(
            pk=email_id, state=OutgoingEmail.State.PENDING, next_attempt_at__lte=now
        )
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(lease_until=lease_until, attempts=F("attempts") + 1)
    )
    if not taken:
        return "skipped"
    email = OutgoingEmail.objects.get(pk=email_id)
    try:
        email_deliver(
            recipients=email.recipient_list, subject=email.subject, text=email.text, html=email.html
        )
    except Exception as exc:  # whatever the mail server says, the row decides what happens next
        return _record_failure(email=email, lease_until=lease_until, error=repr(exc), now=now)
    # Only the lease holder marks it: a worker whose lease ran out does not overwrite.
    OutgoingEmail.objects.filter(pk=email.pk, lease_until=lease_until).update(
        state=OutgoingEmail.State.SENT, sent_at=now, lease_until=None, last_error=""
    )
    return "sent"


def _record_failure(
    *, email: OutgoingEmail, lease_until: datetime.datetime, error: str, now: datetime.datetime
) -> str:
    deadline = email.created_at + datetime.timedelta(hours=settings.EMAIL_DELIVERY_WINDOW_HOURS)
    held = OutgoingEmail.objects.filter(pk=email.pk, lease_until=lease_until)
    if now < deadline:
        logger.warning("E-mail %s not delivered (attempt %s): %s", email.pk, email.attempts, error)
        held.update(
            lease_until=None,
            last_error=error[:2000],
            # The last try falls on the deadline itself, not an hour after it.
            next_attempt_at=min(now + _wait_after(email.attempts), deadline),
        )
        return "retry"
    with transaction.atomic():
        if held.update(
            state=OutgoingEmail.State.FAILED, failed_at=now, lease_until=None, last_error=error
        ):
            _tell_the_board(email=email, error=error)
    logger.error("E-mail %s failed for good after %s attempts: %s", email.pk, email.attempts, error)
    return "failed"


def _tell_the_board(*, email: OutgoingEmail, error: str) -> None:
    board = User.objects.filter(is_active=True, role=User.Role.BOARD)
    with translation.override(settings.LANGUAGE_CODE):
        title = _("An e-mail could not be delivered: %(subject)s") % {"subject": email.subject}
        message = _(
            "The mail server refused it for %(hours)s hours. Recipients: %(recipients)s. "
            "Last error: %(error)s"
        ) % {
            "hours": settings.EMAIL_DELIVERY_WINDOW_HOURS,
            "recipients": ", ".join(email.recipient_list),
            "error": error[:300],
        }
    notification_create(
        users=board,
        kind=Notification.Kind.DELIVERY,
        title=title[:255],
        message=message,
        url=reverse("reports:reminder_list"),
    )


def outbox_sweep(
    *,
    now: datetime.datetime | None = None,
    dispatch: Callable[[int], None] = outbox_enqueue,
    limit: int = 500,
) -> list[int]:
    """Hands every pending e-mail whose next attempt has come (and that nobody holds) to
    `dispatch`: a lost enqueue, a dead worker or a retry after an outage. A duplicate is
    harmless: delivery takes a lease and checks the state."""
    now = now or timezone.now()
    due = list(
        OutgoingEmail.objects.filter(state=OutgoingEmail.State.PENDING, next_attempt_at__lte=now)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for email_id in due:
        dispatch(email_id)
    return due


def outbox_send_again(*, email: OutgoingEmail, now: datetime.datetime | None = None) -> bool:
    """An administrator tries a failed e-mail again, with a fresh delivery window."""
    now = now or timezone.now()
    with transaction.atomic():
        updated = OutgoingEmail.objects.filter(
            pk=email.pk, state=OutgoingEmail.State.FAILED
        ).update(
            state=OutgoingEmail.State.PENDING,
            created_at=now,
            next_attempt_at=now,
            failed_at=None,
            lease_until=None,
        )
        if updated:
            transaction.on_commit(lambda: outbox_enqueue(email.pk), robust=True)
    return bool(updated)
