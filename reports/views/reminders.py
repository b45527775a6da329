from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..access import board_required
from ..outbox.selectors import outbox_overview, outbox_recent
from ..selectors.reminders import (
    RECENT_DAYS,
    reminder_state_counts,
    reminders_recent,
    scan_health,
)


@login_required
@board_required
def reminder_list(request):
    """The board's and administrators' view of the reminder job and the outbox: is it alive,
    what went out, what still waits."""
    email_counts, oldest_wait = outbox_overview(recent_days=RECENT_DAYS)
    return render(
        request,
        "reports/reminder_list.html",
        {
            "health": scan_health(),
            "counts": reminder_state_counts(),
            "recent_days": RECENT_DAYS,
            "page": reminders_recent(page=request.GET.get("page")),
            "email_counts": email_counts,
            "email_oldest_wait_minutes": (
                int(oldest_wait.total_seconds() // 60) if oldest_wait is not None else None
            ),
            "emails": outbox_recent(),
        },
    )
