from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..access import board_required
from ..selectors.reminders import reminder_state_counts, reminders_recent, scan_health


@login_required
@board_required
def reminder_list(request):
    """The board's and administrators' view of the reminder job: is it alive, what went out."""
    return render(
        request,
        "reports/reminder_list.html",
        {
            "health": scan_health(),
            "counts": reminder_state_counts(),
            "page": reminders_recent(page=request.GET.get("page")),
        },
    )
