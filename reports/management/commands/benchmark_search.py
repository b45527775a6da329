"""Times search over many years of reports, and the body record and ranking pages' selectors.

    manage.py benchmark_search [--bodies 40] [--years 10] [--duties 16] [--runs 20]

Creates the data (two periods a year, every body reporting on every duty with text) inside a
transaction that is rolled back at the end, so it leaves the database as it found it. Prints
one JSON line per measurement: name, scale, database, p50 and p95 in milliseconds, queries, and
the ratio of p50 to a reference measured in the same run (reading one report entry by its key),
so that figures from different machines compare as ratios. Needs a migrated database.
"""

import datetime
import json
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assignments.models import Assignment, Body, Directive, Duty, User
from reports.models import ProgressEntry, ProgressReport, ReportingPeriod
from reports.search.selectors import search
from reports.selectors.records import body_ranking, body_record

RESULTS = (
    "Đã quán triệt đến cán bộ, đảng viên; rà soát {n} tài khoản mạng xã hội, phối hợp xử lý "
    "các trường hợp đăng tải thông tin sai sự thật; định hướng dư luận trên các nhóm Zalo."
)
DIFFICULTIES = "Lực lượng làm công tác an ninh mạng còn mỏng, thiếu trang thiết bị chuyên dụng."
PROPOSALS = "Đề nghị tổ chức tập huấn kỹ năng xử lý thông tin xấu, độc cho cán bộ cơ sở."
# One entry in a hundred names a place no other mentions: the rare query.
RARE = " Học tập kinh nghiệm của Đồng Tháp."


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Times search, the body record and the ranking over years of reports."

    def add_arguments(self, parser):
        parser.add_argument("--bodies", type=int, default=40)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--duties", type=int, default=16)
        parser.add_argument("--runs", type=int, default=20)

    def handle(self, *args, bodies: int, years: int, duties: int, runs: int, **options):
        try:
            with transaction.atomic():
                board, body, entries, last_year = self._data(bodies, years, duties)
                scale = (
                    f"{bodies} bodies x {2 * years} periods x {duties} duties = {entries} entries"
                )
                reference = self._time(
                    lambda: ProgressEntry.objects.filter(pk=self.some_entry).first(), runs
                )
                self._print("reference: one entry by key", scale, reference, None)
                for name, call in [
                    ("search: a word in every entry", lambda: search(user=board, query="ra soat")),
                    ("search: a rare place", lambda: search(user=board, query="dong thap")),
                    ("search: no match", lambda: search(user=board, query="khong co gi")),
                    ("body record", lambda: body_record(body_id=body.pk)),
                    ("ranking of a year", lambda: body_ranking(year=last_year)),
                ]:
                    self._print(name, scale, self._time(call, runs), reference)
                raise Rollback
        except Rollback:
            pass

    def _data(self, bodies: int, years: int, duties: int):
        monitoring = Body.objects.create(code="bench-btg", name="Ban Tuyên giáo (đo)")
        directive = Directive.objects.create(
            issuer="Ban Thường vụ (đo)",
            issuer_header="TỈNH ỦY (ĐO)",
            symbol="CV/TU",
            date=datetime.date(2015, 1, 1),
            place="Đo",
            summary="Văn bản đo thời gian tìm kiếm",
            monitoring_body=monitoring,
        )
        assignment = Assignment.objects.create(directive=directive, number=1, text="Nhiệm vụ")
        duty_list = Duty.objects.bulk_create(
            Duty(assignment=assignment, number=n + 1, text=f"Nội dung {n + 1}")
            for n in range(duties)
        )
        body_list = Body.objects.bulk_create(
            Body(code=f"bench-{n}", name=f"Đơn vị đo {n}", sort_order=n) for n in range(bodies)
        )
        first_year = timezone.localdate().year - years
        periods = []
        for year in range(first_year, first_year + years):
            for kind, month_end in (("half_year", (6, 30)), ("annual", (12, 31))):
                ends = datetime.date(year, *month_end)
                periods.append(
                    ReportingPeriod(
                        directive=directive,
                        kind=kind,
                        year=year,
                        starts_on=datetime.date(year, 1, 1),
                        ends_on=ends,
                        data_cutoff=ends.replace(day=14),
                        body_due=ends.replace(day=15),
                        summary_due=ends.replace(day=20),
                    )
                )
        periods = ReportingPeriod.objects.bulk_create(periods)
        submitted = timezone.now() - datetime.timedelta(days=1)
        reports = ProgressReport.objects.bulk_create(
            ProgressReport(period=p, body=b, state="accepted", submitted_at=submitted)
            for p in periods
            for b in body_list
        )
        n = 0
        batch = []
        for report in reports:
            for duty in duty_list:
                n += 1
                batch.append(
                    ProgressEntry(
                        report=report,
                        duty=duty,
                        status="done_on_time",
                        results=RESULTS.format(n=n) + (RARE if n % 100 == 0 else ""),
                        difficulties=DIFFICULTIES,
                        proposals=PROPOSALS,
                    )
                )
                if len(batch) == 5000:
                    ProgressEntry.objects.bulk_create(batch)
                    batch = []
        ProgressEntry.objects.bulk_create(batch)
        self.some_entry = ProgressEntry.objects.filter(report__in=reports[:1]).first().pk
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        board = User.objects.create(username="bench-board", role=User.Role.BOARD)
        return board, body_list[0], n, first_year + years - 1

    def _time(self, call, runs: int) -> dict:
        call()  # warm the caches once
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            call()
            timings.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            call()
        timings.sort()
        return {
            "p50_ms": round(statistics.median(timings), 2),
            "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 2),
            "queries": len(queries),
        }

    def _print(self, name: str, scale: str, figures: dict, reference: dict | None):
        line = {"name": name, "scale": scale, "database": connection.vendor, **figures}
        if reference:
            line["ratio_to_reference"] = round(figures["p50_ms"] / reference["p50_ms"], 1)
        self.stdout.write(json.dumps(line, ensure_ascii=False))
