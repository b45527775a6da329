from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ..selectors.reminders import scan_health


@never_cache
@require_safe
def healthz(request):
    """For the monitoring of the host (no login): the database answers, and the reminder job
    has completed a scan recently. 503 when either fails."""
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
    body = {
        "status": "failing" if health.is_stale else "ok",
        "database": "ok",
        "reminder_scan": {
            "status": "stale" if health.is_stale else "ok",
            "last_completed_at": (
                health.last_completed_at.isoformat() if health.last_completed_at else None
            ),
            "age_seconds": int(health.age.total_seconds()) if health.age is not None else None,
            "stale_after_seconds": int(health.stale_after.total_seconds()),
        },
    }
    return JsonResponse(body, status=503 if health.is_stale else 200)
