"""The demo's history, for `seed_demo --history`: what a newcomer's first look should show.

Every period since the directive's date, with reports in mixed states (accepted, returned, sent
late, never sent), the board's chases of the late bodies, and an issued summary for each ended
period but the latest, which is left for the board to chase and summarise. Runs only on a fresh
database (no report sent yet); the same seed gives the same history.
"""

import datetime
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from assignments.models import Body, Directive, User
from reports.models import Chase, ProgressEntry, ProgressReport, ReportingPeriod
from reports.services.periods import periods_create_upcoming
from reports.services.summaries import summary_assemble, summary_issue

Status = ProgressEntry.Status
State = ProgressReport.State

RESULTS = [
    "Đã quán triệt nội dung văn bản đến toàn thể cán bộ, đảng viên; rà soát {n} tài khoản mạng "
    "xã hội của cán bộ, đảng viên và kịp thời nhắc nhở các trường hợp chia sẻ thông tin chưa "
    "được kiểm chứng.",
    "Tổ chức {n} buổi tập huấn kỹ năng nhận diện, phản bác thông tin xấu, độc trên mạng xã hội; "
    "duy trì hoạt động của nhóm Zalo định hướng dư luận tại địa phương.",
    "Phối hợp với lực lượng công an xử lý {n} trường hợp đăng tải thông tin sai sự thật, xúc phạm "
    "uy tín tổ chức, cá nhân; đăng tải tin bài tích cực trên trang thông tin điện tử.",
]
DIFFICULTIES = "Lực lượng làm công tác an ninh mạng còn mỏng, thiếu trang thiết bị chuyên dụng."
PROPOSALS = "Đề nghị tổ chức tập huấn chuyên sâu cho cán bộ phụ trách trang thông tin điện tử."
RETURN_COMMENT = "Đề nghị bổ sung số liệu cụ thể và minh chứng cho kết quả đã nêu."


DEMO_LETTER_NUMBER = "00"


class Command(BaseCommand):
    help = "Builds the demo history (run through `seed_demo --history`, on a fresh database)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=datetime.date.fromisoformat)
        parser.add_argument("--seed", type=int, default=2021)

    def handle(self, *args, today=None, seed=2021, **options):
        today = today or timezone.localdate()
        if ProgressReport.objects.exclude(state=State.NOT_REPORTED).exists():
            self.stdout.write("Demo history skipped: this database already holds sent reports.")
            return
        board = User.objects.filter(role=User.Role.BOARD, is_active=True).order_by("pk").first()
        if board is None or not Directive.objects.exists():
            self.stdout.write("Demo history skipped: load the directive and the demo users first.")
            return
        # A summary cannot cite a letter without its number, and the shipped letter's number is
        # illegible on the scan: the demo enters a stand-in, said here, for the office to correct.
        for directive in Directive.objects.filter(number=""):
            directive.number = DEMO_LETTER_NUMBER
            directive.save(update_fields=["number"])
            self.stdout.write(
                f"Demo history: {directive} has no number; the demo entered "
                f"{DEMO_LETTER_NUMBER!r} to issue its summaries (correct it in the admin)."
            )
        counts = self.build(today=today, board=board, rng=random.Random(seed))
        self.stdout.write(
            "Demo history: {periods} periods, {accepted} accepted, {returned} returned, "
            "{submitted} awaiting review, {late} never sent, {chases} chases, "
            "{summaries} issued summaries.".format(**counts)
        )

    @transaction.atomic
    def build(self, *, today: datetime.date, board: User, rng: random.Random) -> dict:
        since = min(directive.date.year for directive in Directive.objects.all())
        periods_create_upcoming(today=today, since=since, last_ended=True)
        ended = list(
            ReportingPeriod.objects.filter(body_due__lt=today).order_by("directive", "body_due")
        )
        counts = dict(
            periods=len(ended), accepted=0, returned=0, submitted=0, late=0, chases=0, summaries=0
        )
        latest = {period.directive_id: period for period in ended}
        for period in ended:
            is_latest = latest[period.directive_id] == period
            for report in period.reports.select_related("body").order_by("body__sort_order"):
                state = self.report_story(
                    period=period, report=report, board=board, rng=rng, is_latest=is_latest
                )
                counts[state] += 1
                if state == "late":
                    counts["chases"] += self.chase(
                        period=period, body=report.body, board=board, today=today
                    )
        for period in ended:
            if latest[period.directive_id] != period:
                counts["summaries"] += 1
                self.issue_summary(period=period, board=board, number=counts["summaries"])
        return counts

    def report_story(self, *, period, report, board, rng, is_latest: bool) -> str:
        """Older periods are mostly accepted; the latest one still has work in every state."""
        roll = rng.random()
        if is_latest:
            story = (
                "accepted"
                if roll < 0.45
                else "submitted"
                if roll < 0.6
                else "returned"
                if roll < 0.7
                else "late"
            )
        else:
            story = "accepted" if roll < 0.85 else "returned" if roll < 0.9 else "late"
        if story == "late":
            return story
        sent_late = rng.random() < 0.2
        submitted_on = period.body_due + datetime.timedelta(
            days=rng.randint(1, 12) if sent_late else -rng.randint(0, 10)
        )
        submitted_at = timezone.make_aware(
            datetime.datetime.combine(submitted_on, datetime.time(rng.randint(8, 16)))
        )
        statuses = [Status.DONE_ON_TIME, Status.IN_PROGRESS_ON_TIME, Status.IN_PROGRESS_LATE]
        entries = list(report.entries.all())
        for entry in entries:
            entry.status = Status.DONE_LATE if sent_late else rng.choice(statuses)
            entry.results = rng.choice(RESULTS).format(n=rng.randint(3, 60))
            entry.difficulties = DIFFICULTIES if rng.random() < 0.4 else ""
            entry.proposals = PROPOSALS if rng.random() < 0.3 else ""
        ProgressEntry.objects.bulk_update(
            entries, ["status", "results", "difficulties", "proposals"]
        )
        changes = {
            "submitted_at": submitted_at,
            "first_sent_at": submitted_at,
            "state": State.SUBMITTED,
        }
        if story in ("accepted", "returned"):
            changes.update(
                state=State.ACCEPTED if story == "accepted" else State.RETURNED,
                times_returned=int(story == "returned"),
                reviewed_by=board,
                reviewed_at=submitted_at + datetime.timedelta(days=rng.randint(1, 4)),
                review_comment=RETURN_COMMENT if story == "returned" else "",
            )
        ProgressReport.objects.filter(pk=report.pk).update(**changes)
        return story

    def chase(self, *, period, body: Body, board, today) -> int:
        chased_on = min(period.body_due + datetime.timedelta(days=3), today)
        _chase, created = Chase.objects.get_or_create(
            period=period, body=body, chased_on=chased_on, defaults={"chased_by": board}
        )
        return int(created)

    def issue_summary(self, *, period, board, number: int) -> None:
        summary = summary_assemble(period=period, user=board)
        issued_on = min(period.summary_due, timezone.localdate())
        summary_issue(summary=summary, user=board, number=str(number), issued_on=issued_on)
