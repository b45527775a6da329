import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from ..models import JobHeartbeat, Reminder


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


def reminders_recent(*, limit: int = 100):
    return Reminder.objects.select_related("period__directive", "body").order_by(
        "-created_at", "-pk"
    )[:limit]


def reminder_state_counts() -> dict[str, int]:
    counts = dict(Reminder.objects.values_list("state").annotate(n=Count("pk")))
    return {state: counts.get(state, 0) for state in Reminder.State.values}
