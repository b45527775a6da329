import datetime

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ..outbox.selectors import outbox_oldest_pending_age
from ..selectors.reminders import scan_health


@never_cache
@require_safe
def healthz(request):
    """For the monitoring of the host (no login): the database answers, the reminder job has
    completed a scan recently, and no e-mail has waited in the outbox longer than
    EMAIL_STALE_MINUTES. 503 naming the failing part when one fails."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure is the answer, not a crash
        return JsonResponse(
            {"status": "failing", "database": "failing", "error": exc.__class__.__name__},
            status=503,
        )
    health = scan_health()
    email_wait = outbox_oldest_pending_age()
    outbox_late = email_wait is not None and email_wait > datetime.timedelta(
        minutes=settings.EMAIL_STALE_MINUTES
    )
    failing = health.is_stale or outbox_late
    body = {
        "status": "failing" if failing else "ok",
        "database": "ok",
        # An e-mail waiting too long: the mail server or the worker is down.
        "outbox": {
            "status": "late" if outbox_late else "ok",
            "oldest_pending_age_seconds": (
                int(email_wait.total_seconds()) if email_wait is not None else None
            ),
            "late_after_seconds": settings.EMAIL_STALE_MINUTES * 60,
        },
        "reminder_scan": {
            "status": "stale" if health.is_stale else "ok",
            "last_completed_at": (
                health.last_completed_at.isoformat() if health.last_completed_at else None
            ),
            "age_seconds": int(health.age.total_seconds()) if health.age is not None else None,
            "stale_after_seconds": int(health.stale_after.total_seconds()),
        },
    }
    return JsonResponse(body, status=503 if failing else 200)
