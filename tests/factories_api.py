"""Test data for the API: clients with their keys, and the objects the endpoints are about."""

import datetime

from django.utils import timezone

from api.models import APIClient
from assignments.models import Body
from reports.services.summaries import summary_assemble, summary_issue

from .factories_progress import open_report


def make_client(name="E-office", *, bodies=(), read_all=False, revoked=False, rate=120):
    """(client, key): the key as the admin shows it once."""
    client, key = APIClient.objects.create_key(
        name=name, read_all=read_all, revoked=revoked, rate_limit_per_minute=rate
    )
    client.bodies.set(Body.objects.filter(code__in=bodies))
    return client, key


def auth(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Api-Key {key}"}


def issued_summary(period, board):
    # The shipped letter's number is illegible on the scan; a summary citing it cannot be issued.
    directive = period.directive
    if not directive.number:
        directive.number = "06"
        directive.save(update_fields=["number"])
    draft = summary_assemble(period=period, user=board)
    return summary_issue(
        summary=draft, user=board, number="12", issued_on=min(timezone.localdate(), period.ends_on)
    )


def ubnd_report():
    """The six-month 2026 report of Ban cán sự đảng UBND tỉnh (needs the directive fixture)."""
    return open_report(body_code="bcsd-ubnd", today=datetime.date(2026, 3, 1))
