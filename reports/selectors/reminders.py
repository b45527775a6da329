import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import CharField, Count, F, IntegerField, Min, Value
from django.utils import timezone
from django.utils.text import capfirst

from ..models import JobHeartbeat, Reminder, ReportingPeriod
from ..outbox.selectors import outbox_figures, outbox_state_counts
from ..paging import Slice, slice_page


@dataclass(frozen=True)
class ScanHealth:
    last_completed_at: datetime.datetime | None
    stale_after: datetime.timedelta
    now: datetime.datetime

    @property
    def age(self) -> datetime.timedelta | None:
        if self.last_completed_at is None:
            return None
        return self.now - self.last_completed_at

    @property
    def is_stale(self) -> bool:
        """Never run, or not run to completion for several scan intervals."""
        return self.age is None or self.age > self.stale_after


def scan_health(*, now: datetime.datetime | None = None) -> ScanHealth:
    heartbeat = JobHeartbeat.objects.filter(name=JobHeartbeat.REMINDERS_SCAN).first()
    return _scan_health(heartbeat.last_completed_at if heartbeat else None, now=now)


def _scan_health(last_completed_at, *, now: datetime.datetime | None = None) -> ScanHealth:
    return ScanHealth(
        last_completed_at=last_completed_at,
        stale_after=datetime.timedelta(minutes=settings.REMINDER_STALE_MINUTES),
        now=now or timezone.now(),
    )


REMINDERS_PER_PAGE = 30


def reminders_recent(*, page=1) -> Slice:
    """One page of the reminders, newest first (reminder_created_idx serves the order), as rows
    of the columns the page lists, their labels and dates written out: get_FOO_display rebuilds
    the choices on every call, and a period's label is a lazy translation formatted anew for
    every row."""
    page = slice_page(
        Reminder.objects.values(
            "id",
            "kind",
            "occasion",
            "due_on",
            "state",
            "attempts",
            "sent_at",
            "last_error",
            "created_at",
            "period_id",
            "period__kind",
            "period__year",
            body_name=F("body__name"),
        ).order_by("-created_at", "-pk"),
        number=page,
        per_page=REMINDERS_PER_PAGE,
    )
    kinds = {key: capfirst(str(label)) for key, label in Reminder.Kind.choices}
    states = {key: capfirst(str(label)) for key, label in Reminder.State.choices}
    period_labels = {}
    for reminder in page.object_list:
        # The dates as the `date` filter writes "d/m/Y" and "d/m/Y H:i" (local time), written
        # here: the filter costs more than the rest of a row.
        reminder["occasion_display"] = reminder["occasion"].strftime("%d/%m/%Y")
        reminder["due_display"] = reminder["due_on"].strftime("%d/%m/%Y")
        sent_at = reminder["sent_at"]
        reminder["sent_display"] = (
            timezone.localtime(sent_at).strftime("%d/%m/%Y %H:%M") if sent_at else "–"
        )
        reminder["kind_label"] = kinds[reminder["kind"]]
        reminder["state_label"] = states[reminder["state"]]
        period_id = reminder["period_id"]
        if period_id not in period_labels:
            period_labels[period_id] = ReportingPeriod.label_of(
                reminder["period__kind"], reminder["period__year"]
            )
        reminder["period_label"] = period_labels[period_id]
    return page


# The reminders page counts over this many recent days, and says so: a count over every
# reminder ever claimed reads a row per reminder of every past year.
RECENT_DAYS = 30


def _claimed_since(since: datetime.datetime):
    """(state, count) of the reminders claimed since the moment: a range of
    reminder_created_idx, the same few hundred rows whatever the years behind them."""
    return (
        Reminder.objects.filter(created_at__gte=since)
        .order_by()
        .values_list("state")
        .annotate(n=Count("*"))
    )


def _state_counts(rows) -> dict[str, int]:
    counts = dict(rows)
    return {state: counts.get(state, 0) for state in Reminder.State.values}


def reminder_state_counts(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """How many reminders claimed in the last RECENT_DAYS days are in each state."""
    since = (now or timezone.now()) - datetime.timedelta(days=RECENT_DAYS)
    return _state_counts(_claimed_since(since))


@dataclass(frozen=True)
class RemindersOverview:
    health: ScanHealth
    counts: dict[str, int]
    email_counts: dict[str, int]
    email_oldest_wait: datetime.timedelta | None


def reminders_overview(*, now: datetime.datetime | None = None) -> RemindersOverview:
    """The reminders page's figures: the job's health (scan_health), the reminders of the last
    RECENT_DAYS days by state (reminder_state_counts) and the e-mails by state (outbox_overview
    over the same days), read as one union of the three reads: each was a round trip of its
    own. Each row is (state, count, moment, source)."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=RECENT_DAYS)
    reminders = _claimed_since(since).annotate(at=Min("created_at"), source=Value("reminder"))
    emails = outbox_state_counts(since=since).annotate(source=Value("email"))
    # No ordering in a part of a union (SQLite refuses it; the model orders by name).
    heartbeat = (
        JobHeartbeat.objects.filter(name=JobHeartbeat.REMINDERS_SCAN)
        .order_by()
        .values_list(
            Value("", output_field=CharField()),
            Value(0, output_field=IntegerField()),
            "last_completed_at",
            Value("heartbeat"),
        )
    )
    rows = {"reminder": [], "email": []}
    last_completed_at = None
    for state, count, moment, source in reminders.union(emails, heartbeat, all=True):
        if source == "heartbeat":
            last_completed_at = moment
        else:
            rows[source].append((state, count, moment))
    email_counts, oldest_wait = outbox_figures(rows["email"], now=now)
    return RemindersOverview(
        health=_scan_health(last_completed_at, now=now),
        counts=_state_counts((state, count) for state, count, _ in rows["reminder"]),
        email_counts=email_counts,
        email_oldest_wait=oldest_wait,
    )
