"""What /healthz checks: each a named function answering (healthy, details).

To check something more, write a function and add it to HEALTH_CHECKS; the 503 answer names
every check that failed.
"""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.db import connection

from .outbox.selectors import outbox_oldest_pending_age
from .selectors.reminders import scan_health

CheckResult = tuple[bool, dict]


def database_check() -> CheckResult:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, {}


def broker_check() -> CheckResult:
    """Redis answers, when it is the broker (the embedded install's broker is a folder)."""
    if not settings.REDIS_URL:
        return True, {"broker": "filesystem"}
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    finally:
        client.close()
    return True, {"broker": "redis"}


def reminder_scan_check() -> CheckResult:
    health = scan_health()
    return not health.is_stale, {
        "status": "stale" if health.is_stale else "ok",
        "last_completed_at": (
            health.last_completed_at.isoformat() if health.last_completed_at else None
        ),
        "age_seconds": int(health.age.total_seconds()) if health.age is not None else None,
        "stale_after_seconds": int(health.stale_after.total_seconds()),
    }


def outbox_check() -> CheckResult:
    """No e-mail has waited longer than EMAIL_STALE_MINUTES: the mail server or the worker is
    down when one has."""
    wait = outbox_oldest_pending_age()
    late = wait is not None and wait > datetime.timedelta(minutes=settings.EMAIL_STALE_MINUTES)
    return not late, {
        "status": "late" if late else "ok",
        "oldest_pending_age_seconds": int(wait.total_seconds()) if wait is not None else None,
        "late_after_seconds": settings.EMAIL_STALE_MINUTES * 60,
    }


HEALTH_CHECKS: list[tuple[str, Callable[[], CheckResult]]] = [
    ("database", database_check),
    ("broker", broker_check),
    ("reminder_scan", reminder_scan_check),
    ("outbox", outbox_check),
]


def health_report() -> tuple[bool, dict]:
    """Runs every check; one that raises fails with the exception's class name (never its
    message, which may hold a host name or a password)."""
    checks = {}
    failing = []
    database_down = False
    for name, check in HEALTH_CHECKS:
        if database_down and name != "broker":
            checks[name] = "skipped"
            continue
        try:
            healthy, details = check()
        except Exception as exc:  # the failure is the answer, not a crash
            healthy, details = False, {"error": exc.__class__.__name__}
            database_down = name == "database"
        entry = {"status": "ok" if healthy else "failing", **details}
        # A check with nothing to add answers a word ("database": "ok").
        checks[name] = entry if len(entry) > 1 else entry["status"]
        if not healthy:
            failing.append(name)
    return not failing, {"status": "ok" if not failing else "failing", "failing": failing, **checks}
