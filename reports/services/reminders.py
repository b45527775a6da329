"""The reminder job (nhắc việc): what is due, claiming it once, and delivering it.

Built like healthchecks' `sendalerts`: the scan asks what is due *at or before now*, so a scan
that did not run for days sends what is due now, and only the latest occasion of each reminder
(one per period and recipient), not one per missed run. Every reminder is claimed by inserting
its row under the unique constraint `reminder_unique_occasion` before anything is sent; only the
scan whose insert committed enqueues the sending, so two scans, two workers or a beat firing
twice send it once.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assignments.models import Body, User

from ..holidays import days_before
from ..models import JobHeartbeat, Notification, ProgressReport, Reminder, ReportingPeriod, Summary
from ..notifications import email_send, notification_create

logger = logging.getLogger(__name__)

SCAN_JOB = JobHeartbeat.REMINDERS_SCAN
Kind = Reminder.Kind


# What is due ----------------------------------------------------------------------------------


def reminder_occasion(
    *, due: datetime.date, today: datetime.date, board: bool
) -> tuple[str, datetime.date] | None:
    """The latest reminder occasion at or before `today` for something due on `due`, as
    (kind, occasion date): a lead time before the due date, the day itself, or every
    REMINDER_OVERDUE_EVERY_DAYS after it. None while no occasion has come yet."""
    upcoming, on_day, late = (
        (Kind.SUMMARY_UPCOMING, Kind.SUMMARY_DUE, Kind.SUMMARY_OVERDUE)
        if board
        else (Kind.REPORT_UPCOMING, Kind.REPORT_DUE, Kind.REPORT_LATE)
    )
    if today >= due:
        days_late = (today - due).days
        every = settings.REMINDER_OVERDUE_EVERY_DAYS
        if days_late < every:
            return on_day, due
        return late, due + datetime.timedelta(days=days_late - days_late % every)
    leads = [days_before(due, lead) for lead in settings.REMINDER_LEAD_DAYS if lead > 0]
    passed = [day for day in leads if day <= today]
    return (upcoming, max(passed)) if passed else None


def _horizon(today: datetime.date) -> datetime.date:
    """No period due after this date can have a lead-time occasion today. Working days stretch
    a lead time over weekends and Tết, hence the margin."""
    longest = max([0, *settings.REMINDER_LEAD_DAYS])
    return today + datetime.timedelta(days=longest * 2 + 21)


@dataclass
class Candidate:
    period: ReportingPeriod
    body: Body
    kind: str
    occasion: datetime.date
    due_on: datetime.date

    @property
    def key(self) -> tuple:
        return (self.period.pk, self.body.pk, self.kind, self.occasion)

    def describe(self) -> str:
        return (
            f"{self.kind} to {self.body.name} for {self.period} "
            f"(due {self.due_on:%d/%m/%Y}, occasion {self.occasion:%d/%m/%Y})"
        )


@dataclass
class ScanResult:
    now: datetime.datetime
    claimed: list[Reminder] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    requeued: list[Reminder] = field(default_factory=list)

    def outcome(self) -> str:
        return (
            f"claimed {len(self.claimed)}, skipped {len(self.skipped)}, "
            f"requeued {len(self.requeued)}"
        )


def reminders_due(*, today: datetime.date, result: ScanResult | None = None) -> list[Candidate]:
    """Every reminder whose latest occasion has come by `today`, recorded yet or not."""
    periods = (
        ReportingPeriod.objects.filter(body_due__lte=_horizon(today))
        .select_related("directive__monitoring_body")
        .annotate(
            issued=Exists(Summary.objects.filter(period=OuterRef("pk"), state=Summary.State.ISSUED))
        )
    )
    candidates = []
    period_by_id = {}
    for period in periods:
        period_by_id[period.pk] = period
        found = reminder_occasion(due=period.summary_due, today=today, board=True)
        if found is None:
            continue
        if period.issued:
            if result is not None:
                result.skipped.append((f"{period}", "summary issued"))
            continue
        kind, occasion = found
        candidates.append(
            Candidate(period, period.directive.monitoring_body, kind, occasion, period.summary_due)
        )
    reports = ProgressReport.objects.filter(
        period_id__in=period_by_id, body__is_active=True
    ).select_related("body")
    for report in reports:
        period = period_by_id[report.period_id]
        found = reminder_occasion(due=period.body_due, today=today, board=False)
        if found is None:
            continue
        if report.state not in ProgressReport.OUTSTANDING_STATES:
            if result is not None:
                result.skipped.append((f"{report.body} – {period}", "report submitted"))
            continue
        kind, occasion = found
        candidates.append(Candidate(period, report.body, kind, occasion, period.body_due))
    return candidates


# Claiming ---------------------------------------------------------------------------------------


def _claim(candidate: Candidate, dispatch: Callable[[int], None]) -> Reminder | None:
    """Inserts the reminder's row; None when another scan inserted it first."""
    reminder = Reminder(
        period=candidate.period,
        body=candidate.body,
        kind=candidate.kind,
        occasion=candidate.occasion,
        due_on=candidate.due_on,
    )
    # Uniqueness is not pre-checked: the insert itself, guarded by the constraint, is the claim.
    reminder.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            reminder.save()
            transaction.on_commit(lambda: dispatch(reminder.pk))
    except IntegrityError:
        return None
    return reminder


def reminder_enqueue(reminder_id: int) -> None:
    """The usual way a claimed reminder goes out: a task, which retries a failed e-mail."""
    from ..tasks import reminder_send

    reminder_send.delay(reminder_id)


def reminder_send_now(reminder_id: int) -> None:
    """Sends in this process (for `send_reminders`); a failure is left to the task's retries."""
    try:
        reminder_deliver(reminder_id=reminder_id)
    except ReminderBusy:
        pass
    except Exception as exc:
        logger.warning("Reminder %s failed, handing it to the worker: %r", reminder_id, exc)
        reminder_record_failure(reminder_id=reminder_id, error=repr(exc), final=False)
        reminder_enqueue(reminder_id)


def _requeue_lost(*, now: datetime.datetime, dispatch: Callable[[int], None]) -> list[Reminder]:
    """Pending reminders whose task never ran (the broker lost it, or was down at the commit)
    are enqueued again. A duplicate is harmless: sending takes a lease and checks the state."""
    lease = datetime.timedelta(seconds=settings.REMINDER_SEND_LEASE_SECONDS)
    retry_window = lease + datetime.timedelta(seconds=settings.REMINDER_EMAIL_RETRY_BACKOFF_MAX)
    lost = list(
        Reminder.objects.filter(state=Reminder.State.PENDING)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .filter(
            Q(last_attempt_at__isnull=True, created_at__lt=now - lease)
            | Q(last_attempt_at__lt=now - retry_window)
        )
    )
    for reminder in lost:
        dispatch(reminder.pk)
    return lost


def reminders_scan(
    *,
    now: datetime.datetime | None = None,
    dispatch: Callable[[int], None] = reminder_enqueue,
) -> ScanResult:
    """Creates the upcoming periods, claims every reminder due at or before `now` that has no
    record yet, and has `dispatch` send each after its claim commits (by default a task).
    Records the heartbeat at the end."""
    from .periods import periods_create_upcoming

    now = now or timezone.now()
    today = timezone.localdate(now)
    # The heartbeat and the leases are about real time, even in a trial scan at another `now`.
    JobHeartbeat.objects.update_or_create(
        name=SCAN_JOB, defaults={"last_started_at": timezone.now()}
    )
    periods_create_upcoming(today=today)
    result = ScanResult(now=now)
    candidates = reminders_due(today=today, result=result)
    recorded = set(
        Reminder.objects.filter(
            period_id__in={c.period.pk for c in candidates},
            occasion__in={c.occasion for c in candidates},
        ).values_list("period_id", "body_id", "kind", "occasion")
    )
    for candidate in candidates:
        if candidate.key in recorded:
            result.skipped.append((candidate.describe(), "already recorded"))
            continue
        reminder = _claim(candidate, dispatch)
        if reminder is None:
            result.skipped.append((candidate.describe(), "claimed by another scan"))
        else:
            result.claimed.append(reminder)
    result.requeued = _requeue_lost(now=timezone.now(), dispatch=dispatch)
    JobHeartbeat.objects.filter(name=SCAN_JOB).update(
        last_completed_at=timezone.now(), last_outcome=result.outcome()
    )
    return result


# Delivering -------------------------------------------------------------------------------------


class ReminderBusy(Exception):
    """Another worker holds the lease on this reminder (or held it and died)."""

    def __init__(self, seconds: float):
        super().__init__(f"being sent by another worker for {seconds:.0f} more seconds")
        self.seconds = seconds


def reminder_recipients(reminder: Reminder):
    """The board's reminders go to every board member and to the monitoring body's staff; a
    body's reminders to that body's staff."""
    users = User.objects.filter(is_active=True)
    if reminder.for_board:
        users = users.filter(Q(role=User.Role.BOARD) | Q(bodies=reminder.body))
    else:
        users = users.filter(bodies=reminder.body)
    return users.distinct().order_by("username")


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return reverse("home")


def reminder_message(reminder: Reminder) -> dict:
    """Title, text and link of a reminder, worded for its occasion (the same text whenever a
    retry or a catch-up sends it; the due date is always stated)."""
    period = reminder.period
    due = date_format(reminder.due_on, "d/m/Y")
    days = (reminder.due_on - reminder.occasion).days
    context = {"period": period.label, "due": due, "days": abs(days), "body": reminder.body.name}
    if reminder.for_board:
        title = _("Reminder: the periodic summary for %(period)s") % context
        url = _url("reports:dashboard")
        if days > 0:
            text = ngettext(
                "The periodic summary for %(period)s is due on %(due)s, in %(days)s day.",
                "The periodic summary for %(period)s is due on %(due)s, in %(days)s days.",
                days,
            )
        elif days == 0:
            text = _("The periodic summary for %(period)s is due today, %(due)s.")
        else:
            text = ngettext(
                "The periodic summary for %(period)s was due on %(due)s and is %(days)s day "
                "overdue: it has not been issued yet.",
                "The periodic summary for %(period)s was due on %(due)s and is %(days)s days "
                "overdue: it has not been issued yet.",
                -days,
            )
    else:
        title = _("Reminder: the progress report of %(body)s for %(period)s") % context
        report = ProgressReport.objects.filter(period=period, body=reminder.body).first()
        url = _url("reports:report_detail", report.pk) if report else _url("home")
        if days > 0:
            text = ngettext(
                "The progress report of %(body)s for %(period)s is due on %(due)s, in %(days)s "
                "day.",
                "The progress report of %(body)s for %(period)s is due on %(due)s, in %(days)s "
                "days.",
                days,
            )
        elif days == 0:
            text = _("The progress report of %(body)s for %(period)s is due today, %(due)s.")
        else:
            text = ngettext(
                "The progress report of %(body)s for %(period)s was due on %(due)s and is "
                "%(days)s day late: it has not been submitted yet.",
                "The progress report of %(body)s for %(period)s was due on %(due)s and is "
                "%(days)s days late: it has not been submitted yet.",
                -days,
            )
    return {"title": title, "text": text % context, "url": url}


def reminder_deliver(*, reminder_id: int) -> bool:
    """Sends one claimed reminder: the in-app notices (once, in one transaction with their
    mark), then the e-mail. Returns False when it was already sent. Raises ReminderBusy while
    another worker holds it, and the mail backend's error when the e-mail fails (the caller
    retries; the in-app notices are not repeated)."""
    now = timezone.now()
    lease_until = now + datetime.timedelta(seconds=settings.REMINDER_SEND_LEASE_SECONDS)
    taken = (
        Reminder.objects.filter(pk=reminder_id, state=Reminder.State.PENDING)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(lease_until=lease_until, attempts=F("attempts") + 1, last_attempt_at=now)
    )
    if not taken:
        reminder = Reminder.objects.filter(pk=reminder_id).first()
        if reminder is None or reminder.state != Reminder.State.PENDING:
            return False
        raise ReminderBusy((reminder.lease_until - now).total_seconds() + 1)
    reminder = Reminder.objects.select_related("period__directive", "body").get(pk=reminder_id)
    users = list(reminder_recipients(reminder))
    with translation.override(settings.LANGUAGE_CODE):
        message = reminder_message(reminder)
    if reminder.notified_at is None:
        with transaction.atomic():
            if Reminder.objects.filter(pk=reminder.pk, notified_at__isnull=True).update(
                notified_at=now
            ):
                notification_create(
                    users=users,
                    kind=Notification.Kind.REMINDER,
                    title=message["title"],
                    message=message["text"],
                    url=message["url"],
                )
    addresses = list(dict.fromkeys([u.email for u in users if u.email] + [reminder.body.email]))
    addresses = [address for address in addresses if address]
    email_send(
        recipients=addresses,
        template="reminder",
        context={"reminder": reminder, **message},
    )
    # Only the lease holder marks it sent: a worker whose lease ran out does not overwrite.
    Reminder.objects.filter(pk=reminder.pk, lease_until=lease_until).update(
        state=Reminder.State.SENT,
        sent_at=timezone.now(),
        lease_until=None,
        emailed_to=", ".join(addresses),
    )
    return True


def reminder_record_failure(*, reminder_id: int, error: str, final: bool) -> None:
    """Keeps the error for the administrators and frees the reminder for the next attempt; after
    the last attempt the reminder is failed."""
    changes = {"last_error": error[:2000], "lease_until": None}
    if final:
        changes["state"] = Reminder.State.FAILED
    Reminder.objects.filter(pk=reminder_id, state=Reminder.State.PENDING).update(**changes)


def reminder_retry(*, reminder: Reminder) -> None:
    """An administrator sends a failed reminder again."""
    with transaction.atomic():
        updated = Reminder.objects.filter(pk=reminder.pk, state=Reminder.State.FAILED).update(
            state=Reminder.State.PENDING, lease_until=None
        )
        if updated:
            transaction.on_commit(lambda: reminder_enqueue(reminder.pk))
