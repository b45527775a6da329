import datetime

from django.db.models import Count
from django.utils import timezone

from .models import OutgoingEmail


def outbox_state_counts() -> dict[str, int]:
    counts = dict(OutgoingEmail.objects.values_list("state").annotate(n=Count("pk")))
    return {state: counts.get(state, 0) for state in OutgoingEmail.State.values}


def outbox_recent(*, limit: int = 50):
    return OutgoingEmail.objects.select_related("body", "period").order_by("-created_at", "-pk")[
        :limit
    ]


def outbox_oldest_pending_age(*, now: datetime.datetime | None = None) -> datetime.timedelta | None:
    """How long the oldest e-mail still waiting has waited; None when nothing waits."""
    oldest = (
        OutgoingEmail.objects.filter(state=OutgoingEmail.State.PENDING)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if oldest is None:
        return None
    return (now or timezone.now()) - oldest
