from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..access import board_required
from ..outbox.selectors import outbox_recent
from ..selectors.reminders import RECENT_DAYS, reminders_overview, reminders_recent


@login_required
@board_required
def reminder_list(request):
    """The board's and administrators' view of the reminder job and the outbox: is it alive,
    what went out, what still waits."""
    overview = reminders_overview()
    oldest_wait = overview.email_oldest_wait
    return render(
        request,
        "reports/reminder_list.html",
        {
            "health": overview.health,
            "counts": overview.counts,
            "recent_days": RECENT_DAYS,
            "page": reminders_recent(page=request.GET.get("page")),
            "email_counts": overview.email_counts,
            "email_oldest_wait_minutes": (
                int(oldest_wait.total_seconds() // 60) if oldest_wait is not None else None
            ),
            "emails": outbox_recent(),
        },
    )
