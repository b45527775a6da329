import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from ..models import JobHeartbeat, Reminder
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
    return ScanHealth(
        last_completed_at=heartbeat.last_completed_at if heartbeat else None,
        stale_after=datetime.timedelta(minutes=settings.REMINDER_STALE_MINUTES),
        now=now or timezone.now(),
    )


REMINDERS_PER_PAGE = 30


def reminders_recent(*, page=1) -> Slice:
    """One page of the reminders, newest first (reminder_created_idx serves the order)."""
    return slice_page(
        Reminder.objects.select_related("period", "body")
        .only(
            "id",
            "kind",
            "occasion",
            "due_on",
            "state",
            "attempts",
            "sent_at",
            "last_error",
            "created_at",
            "period__kind",
            "period__year",
            "body__name",
        )
        .order_by("-created_at", "-pk"),
        number=page,
        per_page=REMINDERS_PER_PAGE,
    )


def reminder_state_counts() -> dict[str, int]:
    counts = dict(Reminder.objects.values_list("state").annotate(n=Count("pk")))
    return {state: counts.get(state, 0) for state in Reminder.State.values}
