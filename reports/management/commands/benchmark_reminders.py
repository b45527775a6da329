"""Times the reminder scan on years of history (targets: first scan with ~600 reminders due under
5 s, a repeat scan under 0.2 s).

    manage.py benchmark_reminders [--bodies 600] [--since 2021] [--runs 3]

Builds a directive with N bodies and a report for each in every half-year and annual period
since the given year, none of them sent, inside a transaction that is rolled back at the end (it
leaves the database as it found it). The scan runs as the beat runs it, at a moment three weeks
after the latest due date; claimed reminders are handed to a no-op instead of the broker, so the
figures are the scan's own. Prints one JSON line per measurement.
"""

import datetime
import json
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assignments.models import Body, Directive
from reports.models import ProgressReport, Reminder, ReportingPeriod
from reports.services.periods import period_dates
from reports.services.reminders import reminders_scan

TARGETS = {"first_scan": 5.0, "repeat_scan": 0.2}


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Times the reminder scan with N late bodies (default 600) and years of history."

    def add_arguments(self, parser):
        parser.add_argument("--bodies", type=int, default=600)
        parser.add_argument("--since", type=int, default=2021)
        parser.add_argument("--runs", type=int, default=3)

    def handle(self, *args, bodies: int, since: int, runs: int, **options):
        try:
            with transaction.atomic():
                now = self.build(bodies=bodies, since=since)
                self.measure(now=now, runs=runs, bodies=bodies, since=since)
                raise Rollback
        except Rollback:
            self.stdout.write("The benchmark's data has been rolled back.")

    def build(self, *, bodies: int, since: int) -> datetime.datetime:
        board = Body.objects.create(code="bench-reminders-btg", name="Ban Tuyên giáo (benchmark)")
        directive = Directive.objects.create(
            issuer="Ban Thường vụ Tỉnh ủy Kiên Giang",
            issuer_header="TỈNH ỦY KIÊN GIANG",
            symbol="CV/TU",
            date=datetime.date(since, 1, 1),
            place="Kiên Giang",
            summary="Văn bản đo hiệu năng của nhắc việc",
            monitoring_body=board,
        )
        members = Body.objects.bulk_create(
            Body(code=f"bench-reminders-{i}", name=f"Đơn vị đo {i}", sort_order=i)
            for i in range(bodies)
        )
        today = timezone.localdate()
        periods = []
        for year in range(since, today.year + 1):
            for kind in (ReportingPeriod.Kind.HALF_YEAR, ReportingPeriod.Kind.ANNUAL):
                dates = period_dates(directive=directive, kind=kind, year=year)
                if dates.body_due < today:
                    periods.append(
                        ReportingPeriod(
                            directive=directive, kind=kind, year=year, **dates.as_dict()
                        )
                    )
        periods = ReportingPeriod.objects.bulk_create(periods)
        ProgressReport.objects.bulk_create(
            (ProgressReport(period=period, body=body) for period in periods for body in members),
            batch_size=2000,
        )
        last_due = max(period.body_due for period in periods)
        self.stdout.write(
            f"built {len(periods)} periods since {since} × {bodies} bodies = "
            f"{len(periods) * bodies} reports; scanning on {last_due:%d/%m/%Y} + 21 days"
        )
        moment = datetime.datetime.combine(last_due + datetime.timedelta(days=21), datetime.time(8))
        return timezone.make_aware(moment)

    def scan(self, now):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            result = reminders_scan(now=now, dispatch=lambda _reminder_id: None)
            seconds = time.perf_counter() - start
        return seconds, len(queries), result

    def measure(self, *, now, runs: int, bodies: int, since: int):
        engine = connection.vendor
        seconds, queries, result = self.scan(now)
        self.emit("first_scan", seconds, queries, len(result.claimed), bodies, since, engine)
        repeats = []
        for _ in range(runs):
            repeat_seconds, repeat_queries, repeat = self.scan(now)
            repeats.append(repeat_seconds)
        self.emit(
            "repeat_scan",
            statistics.median(repeats),
            repeat_queries,
            len(repeat.claimed),
            bodies,
            since,
            engine,
        )
        self.stdout.write(f"reminders recorded: {Reminder.objects.count()}")

    def emit(self, name, seconds, queries, claimed, bodies, since, engine):
        self.stdout.write(
            json.dumps(
                {
                    "name": name,
                    "bodies": bodies,
                    "history_since": since,
                    "database": engine,
                    "seconds": round(seconds, 4),
                    "target_seconds": TARGETS[name],
                    "within_target": seconds <= TARGETS[name],
                    "queries": queries,
                    "claimed": claimed,
                }
            )
        )
