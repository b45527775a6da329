import datetime

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.text import capfirst

from .models import OutgoingEmail


def outbox_state_counts(*, since: datetime.datetime):
    """(state, count, oldest creation) of the e-mails waiting and of those delivered or failed
    since the moment: counted from outgoingemail_state_age_idx alone (Count("*") needs no other
    column). Every waiting e-mail counts, however old; delivered and failed ones only recently,
    or the count would read a row for every e-mail of every past year."""
    return (
        OutgoingEmail.objects.filter(
            Q(state=OutgoingEmail.State.PENDING)
            | Q(
                state__in=[OutgoingEmail.State.SENT, OutgoingEmail.State.FAILED],
                created_at__gte=since,
            )
        )
        .order_by()
        .values_list("state")
        .annotate(n=Count("*"), first=Min("created_at"))
    )


def outbox_figures(
    rows, *, now: datetime.datetime
) -> tuple[dict[str, int], datetime.timedelta | None]:
    """How many e-mails are in each state, and how long the oldest one still waiting has waited
    (None when nothing waits), from outbox_state_counts' rows."""
    counts, oldest = {}, None
    for state, count, first in rows:
        counts[state] = count
        if state == OutgoingEmail.State.PENDING:
            oldest = first
    wait = now - oldest if oldest is not None else None
    return {state: counts.get(state, 0) for state in OutgoingEmail.State.values}, wait


def outbox_overview(
    *, now: datetime.datetime | None = None, recent_days: int = 30
) -> tuple[dict[str, int], datetime.timedelta | None]:
    """How many e-mails wait, delivered or failed in the last `recent_days` days, and how long
    the oldest one still waiting has waited (None when nothing waits): one query."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=recent_days)
    return outbox_figures(outbox_state_counts(since=since), now=now)


def outbox_recent(*, limit: int = 50) -> list[OutgoingEmail]:
    """The latest e-mails with the columns the reminders page lists (not their text or HTML),
    each with its state's label (get_state_display rebuilds the choices on every call)."""
    emails = list(
        OutgoingEmail.objects.only(
            "id",
            "subject",
            "recipients",
            "state",
            "attempts",
            "next_attempt_at",
            "last_error",
            "created_at",
        ).order_by("-created_at", "-pk")[:limit]
    )
    states = {key: capfirst(str(label)) for key, label in OutgoingEmail.State.choices}
    for email in emails:
        email.state_label = states[email.state]
    return emails


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
