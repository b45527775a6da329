"""Times every page of every role, and the reminder scan, on the current database.

    manage.py benchmark_pages [--runs 20] [--warmup 3] [--page NAME ...] [--no-scan]
                              [--scan-now 2026-12-15T08:00]

Prints one JSON line per page: name (page:role), scale, database, queries, p50_ms, p95_ms, bytes
and ratio_to_minimal (the page's median over the median of the login page requested between its
timed requests). Fill the
database with `seed_scale` first. Reads only; the scan runs in a transaction that is rolled back.
"""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports.scale.pages import (
    MINIMAL,
    database_name,
    default_scan_time,
    measure_pages,
    measure_reminder_scan,
    scale_name,
)


class Command(BaseCommand):
    help = "Times every page of every role and the reminder scan; one JSON line each."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--warmup", type=int, default=3)
        parser.add_argument(
            "--page", action="append", help="only this page (name or name:role); repeatable"
        )
        parser.add_argument("--no-scan", action="store_true", help="skip the reminder scan")
        parser.add_argument(
            "--scan-now", help="scan as if at this time (default: the seed's open period's due day)"
        )

    def handle(self, *args, runs, warmup, page, no_scan, scan_now, **options):
        if runs < 1 or warmup < 0:
            raise CommandError("--runs must be 1 or more and --warmup 0 or more")
        try:
            measurements = measure_pages(runs=runs, warmup=warmup, only=set(page or ()))
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        minimal = next(m for m in measurements if m.name == MINIMAL).p50
        scale, database = scale_name(), database_name()
        for m in measurements:
            self.emit(m, scale=scale, database=database, minimal=minimal)
        if not no_scan and not page:
            for m in measure_reminder_scan(now=self.parse_now(scan_now)):
                self.emit(m, scale=scale, database=database, minimal=None)

    def parse_now(self, value):
        if not value:
            return default_scan_time()
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(f"--scan-now must be an ISO date and time, got {value!r}") from exc
        return timezone.make_aware(moment) if timezone.is_naive(moment) else moment

    def emit(self, m, *, scale, database, minimal):
        line = {
            "name": m.name,
            "scale": scale,
            "database": database,
            "queries": m.queries,
            "p50_ms": round(m.p50, 2),
            "p95_ms": round(m.p95, 2),
            "bytes": m.bytes,
            "ratio_to_minimal": round(m.p50 / (m.minimal_p50 or minimal), 2) if minimal else None,
        }
        if m.minimal_p50:
            line["minimal_p50_ms"] = round(m.minimal_p50, 2)
        if m.status != 200:
            line["status"] = m.status
        line.update(m.extra)
        self.stdout.write(json.dumps(line, ensure_ascii=False))
