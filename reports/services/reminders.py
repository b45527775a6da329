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
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assignments.models import User
from assignments.selectors import body_addresses

from ..holidays import days_before, working_days_after
from ..models import (
    JobHeartbeat,
    Notification,
    OutgoingEmail,
    ProgressReport,
    Reminder,
    ReportingPeriod,
    Summary,
)
from ..notifications import about, notification_create
from ..outbox.services import queue_email

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
    # The recipient body's id and name, not a Body: a repeat scan makes hundreds of candidates
    # only to find them recorded already.
    body_id: int
    body_name: str
    kind: str
    occasion: datetime.date
    due_on: datetime.date

    @property
    def key(self) -> tuple:
        return (self.period.pk, self.body_id, self.kind, self.occasion)

    def __str__(self) -> str:
        """Written out only when printed: a repeat scan skips hundreds of candidates, and most
        scans' skips are never read, so the skip list holds the candidates themselves."""
        return (
            f"{self.kind} to {self.body_name} for {self.period} "
            f"(due {self.due_on:%d/%m/%Y}, occasion {self.occasion:%d/%m/%Y})"
        )


class ReportDescribed:
    """A submitted report's description, written out only when printed (as a Candidate's)."""

    def __init__(self, body_name: str, period: ReportingPeriod):
        self.body_name, self.period = body_name, period

    def __str__(self) -> str:
        return f"{self.body_name} – {self.period}"


@dataclass
class ScanResult:
    now: datetime.datetime
    claimed: list[Reminder] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    requeued: list[Reminder] = field(default_factory=list)
    emails: list[int] = field(default_factory=list)

    def outcome(self) -> str:
        return (
            f"claimed {len(self.claimed)}, skipped {len(self.skipped)}, "
            f"requeued {len(self.requeued)}, e-mails swept {len(self.emails)}"
        )


def _last_due_by_directive(today: datetime.date) -> dict[int, tuple]:
    """Per directive, the latest bodies' and summary due dates at or before today: reminders
    about any earlier period have stopped (its next report or summary has fallen due)."""
    rows = (
        ReportingPeriod.objects.values("directive_id")
        .annotate(
            last_body=Max("body_due", filter=Q(body_due__lte=today)),
            last_summary=Max("summary_due", filter=Q(summary_due__lte=today)),
        )
        .values_list("directive_id", "last_body", "last_summary")
    )
    return {
        directive_id: (last_body, last_summary) for directive_id, last_body, last_summary in rows
    }


def _live_periods(*, today: datetime.date, floors: dict[int, tuple]):
    """The periods whose reminders can still fall due: per directive the latest one past its due
    date, and those due up to the horizon. The years of history before them are never read."""
    horizon = _horizon(today)
    live = Q()
    for directive_id, (last_body, last_summary) in floors.items():
        floor = Q(directive_id=directive_id)
        if last_body is not None and last_summary is not None:
            floor &= Q(body_due__gte=last_body) | Q(summary_due__gte=last_summary)
        elif last_body is not None:
            floor &= Q(body_due__gte=last_body)
        live |= floor
    return (
        ReportingPeriod.objects.filter(body_due__lte=horizon)
        .filter(live)
        .select_related("directive__monitoring_body")
        .annotate(
            issued=Exists(Summary.objects.filter(period=OuterRef("pk"), state=Summary.State.ISSUED))
        )
    )


def _escalation_day(due: datetime.date) -> datetime.date:
    return working_days_after(due, settings.REMINDER_ESCALATE_AFTER_DAYS)


def reminders_due(*, today: datetime.date, result: ScanResult | None = None) -> list[Candidate]:
    """Every reminder whose latest occasion has come by `today`, recorded yet or not.

    A body's reminders about a period stop when its summary is issued or the body's next report
    falls due; the board's when the summary is issued or the next summary falls due. So a scan
    reminds about at most one past period per directive, however long the history."""
    floors = _last_due_by_directive(today)
    candidates = []
    live = {}
    for period in _live_periods(today=today, floors=floors):
        last_body, last_summary = floors.get(period.directive_id, (None, None))
        if period.issued:
            if result is not None:
                result.skipped.append((f"{period}", "summary issued"))
            continue
        if last_summary is None or period.summary_due >= last_summary:
            found = reminder_occasion(due=period.summary_due, today=today, board=True)
            if found is not None:
                kind, occasion = found
                monitoring = period.directive.monitoring_body
                candidates.append(
                    Candidate(
                        period, monitoring.pk, monitoring.name, kind, occasion, period.summary_due
                    )
                )
        if last_body is None or period.body_due >= last_body:
            live[period.pk] = period
    if not live:
        return candidates
    # Rows, not instances: a repeat scan reads every live report only to skip them all.
    reports = ProgressReport.objects.filter(period_id__in=live, body__is_active=True).values_list(
        "period_id", "state", "body_id", "body__name"
    )
    escalate: dict[int, int] = {}
    escalation_days = {pk: _escalation_day(period.body_due) for pk, period in live.items()}
    for period_id, state, body_id, body_name in reports:
        period = live[period_id]
        found = reminder_occasion(due=period.body_due, today=today, board=False)
        if found is None:
            continue
        if state not in ProgressReport.OUTSTANDING_STATES:
            if result is not None:
                result.skipped.append((ReportDescribed(body_name, period), "report submitted"))
            continue
        kind, occasion = found
        candidates.append(Candidate(period, body_id, body_name, kind, occasion, period.body_due))
        if today >= escalation_days[period.pk]:
            escalate[period.pk] = escalate.get(period.pk, 0) + 1
    for period_id in escalate:
        period = live[period_id]
        monitoring = period.directive.monitoring_body
        candidates.append(
            Candidate(
                period,
                monitoring.pk,
                monitoring.name,
                Kind.REPORT_ESCALATION,
                escalation_days[period_id],
                period.body_due,
            )
        )
    return candidates


# Claiming ---------------------------------------------------------------------------------------

CLAIM_BATCH = 200


def _claim_batch(batch: list[Candidate], dispatch: Callable[[int], None]) -> list[Reminder]:
    """Inserts a batch of reminders in one statement; returns those this scan inserted. The
    unique constraint drops a row another scan inserted first (ignore_conflicts), and the
    batch's token tells this scan's rows from the other's."""
    token = uuid.uuid4().hex
    rows = [
        Reminder(
            period=candidate.period,
            body_id=candidate.body_id,
            kind=candidate.kind,
            occasion=candidate.occasion,
            due_on=candidate.due_on,
            claim_token=token,
        )
        for candidate in batch
    ]
    with transaction.atomic():
        Reminder.objects.bulk_create(rows, ignore_conflicts=True)
        # Filtered by period too, so the unique constraint's index (period first) serves it.
        claimed = list(
            Reminder.objects.filter(
                period_id__in={candidate.period.pk for candidate in batch}, claim_token=token
            ).order_by("pk")
        )
        ids = [reminder.pk for reminder in claimed]
        transaction.on_commit(lambda: [dispatch(reminder_id) for reminder_id in ids])
    return claimed


def reminder_enqueue(reminder_id: int) -> None:
    """The usual way a claimed reminder goes out: a task (looked up by name, so that services
    never import the tasks module)."""
    from celery import current_app

    current_app.tasks["reports.reminder_send"].delay(reminder_id)


def reminder_send_now(reminder_id: int) -> None:
    """Sends in this process (for `send_reminders`); an error is left to the next scan."""
    try:
        reminder_deliver(reminder_id=reminder_id)
    except Exception as exc:
        logger.warning("Reminder %s not sent, the next scan tries again: %r", reminder_id, exc)
        reminder_record_failure(reminder_id=reminder_id, error=repr(exc))


def _requeue_lost(*, now: datetime.datetime, dispatch: Callable[[int], None]) -> list[Reminder]:
    """Pending reminders whose task never ran (the broker lost it, was down at the commit, or
    the worker died) are enqueued again. A duplicate is harmless: delivery is one transaction
    that starts by moving the reminder out of "pending"."""
    wait = datetime.timedelta(seconds=settings.REMINDER_SEND_LEASE_SECONDS)
    lost = list(
        Reminder.objects.filter(state=Reminder.State.PENDING)
        .filter(
            Q(last_attempt_at__isnull=True, created_at__lt=now - wait)
            | Q(last_attempt_at__lt=now - wait)
        )
        .order_by("pk")
    )
    if lost:
        Reminder.objects.filter(pk__in=[r.pk for r in lost]).update(last_attempt_at=now)
    for reminder in lost:
        dispatch(reminder.pk)
    return lost


def reminders_scan(
    *,
    now: datetime.datetime | None = None,
    dispatch: Callable[[int], None] = reminder_enqueue,
    email_dispatch: Callable[[int], None] | None = None,
) -> ScanResult:
    """Creates the upcoming periods, claims every reminder due at or before `now` that has no
    record yet (in batches), has `dispatch` send each after its claim commits (by default a
    task), and sweeps the outbox. Records the heartbeat at the end."""
    from ..outbox.services import outbox_enqueue, outbox_sweep
    from .periods import periods_create_upcoming

    now = now or timezone.now()
    today = timezone.localdate(now)
    # The heartbeat and the leases are about real time, even in a trial scan at another `now`.
    # A plain UPDATE: update_or_create costs a savepoint and a locking read on every scan.
    if not JobHeartbeat.objects.filter(name=SCAN_JOB).update(last_started_at=timezone.now()):
        JobHeartbeat.objects.update_or_create(
            name=SCAN_JOB, defaults={"last_started_at": timezone.now()}
        )
    periods_create_upcoming(today=today)
    result = ScanResult(now=now)
    candidates = reminders_due(today=today, result=result)
    # Everything recorded for these periods, to skip what was sent and what a newer occasion of
    # the same series has replaced (a scan running late, or on a host whose clock is behind).
    recorded = set()
    newest: dict[tuple, datetime.date] = {}
    for period_id, body_id, kind, occasion in Reminder.objects.filter(
        period_id__in={c.period.pk for c in candidates}
    ).values_list("period_id", "body_id", "kind", "occasion"):
        recorded.add((period_id, body_id, kind, occasion))
        series = (period_id, body_id, Reminder.SERIES[kind])
        newest[series] = max(occasion, newest.get(series, occasion))
    fresh = []
    for candidate in candidates:
        series = (candidate.period.pk, candidate.body_id, Reminder.SERIES[candidate.kind])
        if candidate.key in recorded:
            result.skipped.append((candidate, "already recorded"))
        elif newest.get(series, candidate.occasion) > candidate.occasion:
            result.skipped.append((candidate, "a newer reminder was already sent"))
        else:
            fresh.append(candidate)
    for start in range(0, len(fresh), CLAIM_BATCH):
        batch = fresh[start : start + CLAIM_BATCH]
        claimed = _claim_batch(batch, dispatch)
        result.claimed.extend(claimed)
        if len(claimed) < len(batch):
            mine = {(r.period_id, r.body_id, r.kind, r.occasion) for r in claimed}
            for candidate in batch:
                if candidate.key not in mine:
                    result.skipped.append((candidate, "claimed by another scan"))
    result.requeued = _requeue_lost(now=timezone.now(), dispatch=dispatch)
    result.emails = outbox_sweep(dispatch=email_dispatch or outbox_enqueue)
    JobHeartbeat.objects.filter(name=SCAN_JOB).update(
        last_completed_at=timezone.now(), last_outcome=result.outcome()
    )
    return result


# Delivering -------------------------------------------------------------------------------------


def reminder_recipients(reminder: Reminder):
    """The board's reminders go to every board member and to the monitoring body's staff; a
    body's reminders to that body's staff (and, by e-mail, to its office address)."""
    users = User.objects.filter(is_active=True)
    if reminder.for_board:
        users = users.filter(Q(role=User.Role.BOARD) | Q(bodies=reminder.body))
    else:
        users = users.filter(bodies=reminder.body)
    return users.distinct().order_by("username")


def _still_late(reminder: Reminder) -> list[str]:
    return list(
        ProgressReport.objects.filter(
            period=reminder.period,
            body__is_active=True,
            state__in=ProgressReport.OUTSTANDING_STATES,
        )
        .order_by("body__sort_order", "body__name")
        .values_list("body__name", flat=True)
    )


def reminder_message(reminder: Reminder) -> dict:
    """Title, text and link of a reminder, worded for its occasion (the same text whenever a
    retry or a catch-up sends it; the due date is always stated). Every title names the body
    and the period; every link opens the page the reminder is about."""
    period = reminder.period
    due = date_format(reminder.due_on, "d/m/Y")
    days = (reminder.due_on - reminder.occasion).days
    context = {
        "period": period.label,
        "due": due,
        "days": abs(days),
        "body": reminder.body.name,
        "about": about(body=reminder.body, period=period),
    }
    if reminder.kind == Kind.REPORT_ESCALATION:
        late = _still_late(reminder)
        context.update(count=len(late), names=", ".join(late))
        title = _("Still late: %(about)s") % context
        url = f"{reverse('reports:dashboard')}?period={period.pk}"
        text = ngettext(
            "%(count)s body has still not sent its report for %(period)s, due on %(due)s: "
            "%(names)s.",
            "%(count)s bodies have still not sent their reports for %(period)s, due on %(due)s: "
            "%(names)s.",
            len(late),
        )
        return {"title": title, "text": text % context, "url": url, "late": late}
    if reminder.for_board:
        title = _("Reminder: the periodic summary for %(period)s") % context
        url = reverse("reports:summary_period", args=[period.pk])
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
        # The body's staff open the form itself.
        url = reverse("reports:report_edit", args=[report.pk]) if report else reverse("home")
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
    """Sends one claimed reminder: its in-app notices and its e-mail (queued in the outbox), in
    one transaction that starts by moving it out of "pending", so a second worker finds nothing
    to do and a crash leaves it pending for the next scan. Returns False when there was nothing
    to send."""
    now = timezone.now()
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(of=("self",))
            .select_related("period__directive", "body")
            .filter(pk=reminder_id, state=Reminder.State.PENDING)
            .first()
        )
        if reminder is None:
            return False
        changes = {"attempts": F("attempts") + 1, "last_attempt_at": now, "lease_until": None}
        if _superseded(reminder):
            Reminder.objects.filter(pk=reminder.pk).update(
                state=Reminder.State.SUPERSEDED, **changes
            )
            return False
        with translation.override(settings.LANGUAGE_CODE):
            message = reminder_message(reminder)
        if message.get("late") == []:
            # Every body sent its report since the digest fell due: nothing to escalate.
            Reminder.objects.filter(pk=reminder.pk).update(
                state=Reminder.State.SUPERSEDED, **changes
            )
            return False
        users = list(reminder_recipients(reminder))
        notification_create(
            users=users,
            kind=(
                Notification.Kind.ESCALATION
                if reminder.kind == Kind.REPORT_ESCALATION
                else Notification.Kind.REMINDER
            ),
            title=message["title"][:255],
            message=message["text"],
            url=message["url"],
        )
        addresses = body_addresses(body=reminder.body, staff=users)
        queue_email(
            recipients=addresses,
            template="reminder",
            context={"reminder": reminder, **message},
            kind=OutgoingEmail.Kind.REMINDER,
            body=reminder.body,
            period=reminder.period,
        )
        Reminder.objects.filter(pk=reminder.pk).update(
            state=Reminder.State.SENT if addresses else Reminder.State.UNREACHABLE,
            sent_at=now,
            notified_at=now,
            emailed_to=", ".join(addresses),
            **changes,
        )
    return True


def _superseded(reminder: Reminder) -> bool:
    """Whether a newer occasion of the same series already went out."""
    kinds = [kind for kind, series in Reminder.SERIES.items() if series == reminder.series]
    return (
        Reminder.objects.filter(
            period_id=reminder.period_id,
            body_id=reminder.body_id,
            kind__in=kinds,
            occasion__gt=reminder.occasion,
        )
        .exclude(state__in=[Reminder.State.PENDING, Reminder.State.SUPERSEDED])
        .exists()
    )


def reminder_record_failure(*, reminder_id: int, error: str, final: bool = False) -> None:
    """Keeps the error for the administrators. The reminder stays pending for the next scan,
    unless `final` (an error that retrying cannot fix)."""
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
