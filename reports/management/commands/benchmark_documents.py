"""Times the summary's DOCX, PDF and XLSX for a period of 40 bodies (targets: 1 s, 3 s, 1 s).

    manage.py benchmark_documents [--bodies 40] [--runs 5]

Creates a realistic period (every body responsible for every duty, accepted reports with text
and figures, a previous period to compare with) inside a transaction that is rolled back at the
end, so it leaves the database as it found it. Needs a migrated database.
"""

import copy
import datetime
import resource
import statistics
import time
import tracemalloc

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from assignments.models import (
    Assignment,
    AssignmentRecipient,
    Body,
    Directive,
    Duty,
    Indicator,
    Role,
    Task,
    User,
)
from reports.documents import render
from reports.models import IndicatorFigure, ProgressEntry, ProgressReport, ReportingPeriod
from reports.selectors.summaries import period_data, summary_document
from reports.services.summaries import summary_assemble, summary_issue

TARGETS = {"docx": 1.0, "pdf": 3.0, "xlsx": 1.0}
RESULTS = (
    "Đã tổ chức quán triệt, triển khai đến toàn thể cán bộ, đảng viên; rà soát {n} tài khoản "
    "mạng xã hội, phối hợp xử lý các trường hợp đăng tải thông tin sai sự thật, xúc phạm uy tín "
    "tổ chức, cá nhân; kịp thời định hướng dư luận trên các nhóm Zalo, Facebook của địa phương."
)
DIFFICULTIES = "Lực lượng làm công tác an ninh mạng còn mỏng, thiếu trang thiết bị chuyên dụng."
PROPOSALS = "Đề nghị tổ chức tập huấn kỹ năng xử lý thông tin xấu, độc cho cán bộ cơ sở."


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Times the periodic summary's documents for a period of N bodies (default 40)."

    def add_arguments(self, parser):
        parser.add_argument("--bodies", type=int, default=40)
        parser.add_argument("--runs", type=int, default=5)

    def handle(self, *args, bodies: int, runs: int, **options):
        try:
            with transaction.atomic():
                summary = self.build(bodies=bodies)
                self.measure(summary=summary, runs=runs)
                raise Rollback
        except Rollback:
            self.stdout.write("The benchmark's data has been rolled back.")

    def build(self, *, bodies: int):
        """A directive of 4 assignments × 4 duties × 2 indicators; every body does every duty."""
        start = time.perf_counter()
        board_body = Body.objects.create(code="bench-btg", name="Ban Tuyên giáo (benchmark)")
        directive = Directive.objects.create(
            issuer="Ban Thường vụ Tỉnh ủy Kiên Giang",
            issuer_header="TỈNH ỦY KIÊN GIANG",
            number="999",
            symbol="CV/TU",
            date=datetime.date(2021, 8, 3),
            place="Kiên Giang",
            summary="Văn bản đo hiệu năng: tăng cường quản lý thông tin trên mạng xã hội",
            monitoring_body=board_body,
        )
        members = Body.objects.bulk_create(
            Body(code=f"bench-{i}", name=f"Huyện ủy Thử nghiệm số {i}", sort_order=i)
            for i in range(bodies)
        )
        duties, indicators = [], []
        for number in range(1, 5):
            assignment = Assignment.objects.create(
                directive=directive, number=number, text=f"Nhiệm vụ {number}."
            )
            recipients = AssignmentRecipient.objects.bulk_create(
                AssignmentRecipient(assignment=assignment, body=body, role=Role.LEAD)
                for body in members
            )
            for duty_number in range(1, 5):
                duty = Duty.objects.create(
                    assignment=assignment,
                    number=duty_number,
                    text=f"Kiểm tra, rà soát, xử lý thông tin xấu, độc – nội dung {duty_number}",
                )
                duties.append(duty)
                Task.objects.bulk_create(
                    Task(duty=duty, body=r.body, role=Role.LEAD, recipient=r) for r in recipients
                )
                indicators += Indicator.objects.bulk_create(
                    [
                        Indicator(
                            duty=duty, name=f"Tài khoản được rà soát {duty.label}", unit="tài khoản"
                        ),
                        Indicator(
                            duty=duty, name=f"Tin bài định hướng {duty.label}", unit="tin, bài"
                        ),
                    ]
                )
        by_duty = {}
        for indicator in indicators:
            by_duty.setdefault(indicator.duty_id, []).append(indicator)

        periods = []
        for year in (2025, 2026):
            periods.append(
                ReportingPeriod.objects.create(
                    directive=directive,
                    kind=ReportingPeriod.Kind.HALF_YEAR,
                    year=year,
                    starts_on=datetime.date(year, 1, 1),
                    ends_on=datetime.date(year, 6, 30),
                    data_cutoff=datetime.date(year, 6, 14),
                    body_due=datetime.date(year, 6, 15),
                    summary_due=datetime.date(year, 6, 20),
                )
            )
        submitted = timezone.make_aware(datetime.datetime(2026, 6, 12, 9, 0))
        for period in periods:
            reports = ProgressReport.objects.bulk_create(
                ProgressReport(
                    period=period,
                    body=body,
                    # One body in eight has not had its report accepted: it is listed as missing.
                    state=(
                        ProgressReport.State.SUBMITTED
                        if i % 8 == 7
                        else ProgressReport.State.ACCEPTED
                    ),
                    submitted_at=submitted,
                    reviewed_at=submitted,
                )
                for i, body in enumerate(members)
            )
            entries = ProgressEntry.objects.bulk_create(
                ProgressEntry(
                    report=report,
                    duty=duty,
                    status="done_on_time",
                    results=RESULTS.format(n=10 + i),
                    difficulties=DIFFICULTIES if i % 3 == 0 else "",
                    proposals=f"{PROPOSALS} ({report.body.name})" if i % 5 == 0 else "",
                )
                for i, report in enumerate(reports)
                for duty in duties
            )
            IndicatorFigure.objects.bulk_create(
                IndicatorFigure(entry=entry, indicator=indicator, value=(entry.pk * 7 + n) % 50)
                for entry in entries
                for n, indicator in enumerate(by_duty[entry.duty_id])
            )
        user = User.objects.create(username="bench-board", role=User.Role.BOARD)
        summary = summary_assemble(period=periods[1], user=user)
        summary_issue(summary=summary, user=user, number="1", issued_on=datetime.date(2026, 7, 1))
        summary.refresh_from_db()
        self.stdout.write(
            f"Data: {bodies} bodies, {len(duties)} duties, {len(indicators)} indicators, "
            f"{ProgressEntry.objects.filter(report__period=periods[1]).count()} entries "
            f"(built in {time.perf_counter() - start:.2f} s)."
        )
        return summary

    def measure(self, *, summary, runs: int):
        timings = {"content": []}
        for _ in range(runs):
            start = time.perf_counter()
            summary_document(summary=_as_draft(summary), data=period_data(period=summary.period))
            timings["content"].append(time.perf_counter() - start)
        content = summary_document(summary=summary)
        sizes, peaks = {}, {}
        for fmt in TARGETS:
            render(fmt, content)  # warm-up: imports, font registration
            timings[fmt] = []
            for _ in range(runs):
                start = time.perf_counter()
                sizes[fmt] = len(render(fmt, content))
                timings[fmt].append(time.perf_counter() - start)
            tracemalloc.start()
            render(fmt, content)
            peaks[fmt] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()

        self.stdout.write(
            f"{'step':<8} {'median s':>9} {'max s':>7} {'target s':>9} "
            f"{'peak MiB':>9} {'size KiB':>9}"
        )
        for step, values in timings.items():
            target = TARGETS.get(step)
            line = (
                f"{step:<8} {statistics.median(values):>9.3f} {max(values):>7.3f} "
                f"{(f'{target:.1f}' if target else '-'):>9} "
                f"{(f'{peaks[step] / 2**20:.1f}' if step in peaks else '-'):>9} "
                f"{(f'{sizes[step] / 1024:.0f}' if step in sizes else '-'):>9}"
            )
            # Judged on the median: the machine is shared, and one slow run is its neighbours.
            if target and statistics.median(values) >= target:
                line += "  MISSES ITS TARGET"
            self.stdout.write(line)
        self.stdout.write(
            f"Peak resident memory of the process: "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB "
            "(tracemalloc's peak counts Python objects only, not lxml's or reportlab's C buffers)."
        )
        self.stdout.write(
            "'content' reads the period from the database (a draft's download does it first; an "
            "issued summary prints its frozen content)."
        )


def _as_draft(summary):
    """A copy of the summary as a draft, so summary_document builds its content afresh."""
    draft = copy.copy(summary)
    draft.state = summary.State.DRAFT
    return draft
