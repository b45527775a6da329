"""Who is trying to log in, and how many failures they are allowed (django-axes' callables).

Axes counts failures per (account, client address). On top of that an address that has failed
AXES_ADDRESS_FAILURE_LIMIT times across all accounts is locked for every account until the
cool-off passes: one address trying one password on many accounts (spraying) is slowed too.
"""

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone


def client_address(request) -> str | None:
    """The client's address as the trusted proxy saw it.

    Behind the proxy (BEHIND_HTTPS_PROXY), the proxy appends the address it received the
    connection from as the last X-Forwarded-For entry; anything before it was sent by the client
    and could be forged. The header is believed only when the connection comes from a trusted
    proxy address, so a client reaching the app directly cannot choose its own address.
    """
    remote = request.META.get("REMOTE_ADDR")
    if not settings.BEHIND_HTTPS_PROXY or remote not in settings.TRUSTED_PROXY_ADDRESSES:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return hops[-1][:45] if hops else remote


def address_failures(ip_address: str | None) -> int:
    """Failures from this address across every account, within the cool-off."""
    if not ip_address:
        return 0
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return (
        AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since).aggregate(
            total=Sum("failures_since_start")
        )["total"]
        or 0
    )


def failure_limit(request, credentials) -> int:
    """The account limit, or 0 (locked for any account) once the address has spent its own.

    Axes compares the (account, address) failures with this limit; 0 makes every account
    locked for that address, including one it has not tried yet.
    """
    address = getattr(request, "axes_ip_address", None) or client_address(request)
    if address_failures(address) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
        return 0
    return settings.AXES_ACCOUNT_FAILURE_LIMIT


def lockout_response(request, original_response=None, credentials=None):
    """The locked-out page, saying for how long (429, as axes answers)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, {"lockout_minutes": minutes}, status=429)
