"""Factories for the periodic summary, and a period with reports worth summarising."""

import datetime
from dataclasses import dataclass, field

import factory

from assignments.models import Body, Duty
from reports.models import ProgressReport, ReportingPeriod, Summary

from .factories import (
    IndicatorFactory,
    IndicatorFigureFactory,
    PeriodFactory,
    ProgressEntryFactory,
    ProgressReportFactory,
)


class SummaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Summary

    period = factory.SubFactory(PeriodFactory)
    version = 1
    title = "kết quả thực hiện Công văn thử"
    parent_body = "TỈNH ỦY KIÊN GIANG"
    issuing_body = "BAN TUYÊN GIÁO"
    symbol = "BC/BTGTU"
    place = "Kiên Giang"
    authority_line = "K/T TRƯỞNG BAN"
    signer_title = "PHÓ TRƯỞNG BAN"
    signer_name = "Nguyễn Văn Thử"
    recipients = "Thường trực Tỉnh ủy (b/c),\nLưu Văn phòng."


def _at(date: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(date, datetime.time(9, 30), tzinfo=datetime.UTC)


@dataclass
class PeriodData:
    period: ReportingPeriod
    previous: ReportingPeriod
    indicators: list = field(default_factory=list)
    reports: dict = field(default_factory=dict)


def period_with_reports(directive) -> PeriodData:
    """The first half of 2026 and of 2025 for the real directive.

    2026: the UBND party cadres (lead of assignment 1) and Thành ủy Rạch Giá (assignment 4)
    are accepted, with figures; the Department of Information and Communications has
    submitted, not yet accepted; Báo Kiên Giang was returned; every other body is silent.
    2025: the UBND party cadres accepted with smaller figures.
    """
    # The scan of the letter left its number illegible; a summary citing it cannot be issued
    # until an administrator enters it.
    directive.number = "06"
    directive.save(update_fields=["number"])
    period = PeriodFactory(directive=directive, year=2026)
    previous = PeriodFactory(directive=directive, year=2025)
    duty_11 = Duty.objects.get(assignment__directive=directive, assignment__number=1, number=1)
    duty_41 = Duty.objects.get(assignment__directive=directive, assignment__number=4, number=1)
    accounts = IndicatorFactory(
        duty=duty_11, name="Tài khoản mạng xã hội được rà soát", unit="tài khoản", sort_order=1
    )
    pages = IndicatorFactory(duty=duty_11, name="Trang mạo danh đã xóa", unit="trang", sort_order=2)
    sessions = IndicatorFactory(duty=duty_41, name="Buổi tuyên truyền", unit="buổi", sort_order=1)
    body = {
        code: Body.objects.get(code=code)
        for code in ("bcsd-ubnd", "thanh-uy-rach-gia", "so-tttt", "bao-kien-giang")
    }

    ubnd = ProgressReportFactory(
        period=period,
        body=body["bcsd-ubnd"],
        state=ProgressReport.State.ACCEPTED,
        submitted_at=_at(datetime.date(2026, 6, 12)),
        reviewed_at=_at(datetime.date(2026, 6, 16)),
    )
    entry = ProgressEntryFactory(
        report=ubnd,
        duty=duty_11,
        status="done_on_time",
        results="Đã rà soát 120 tài khoản, xử lý 3 trường hợp vi phạm.",
        difficulties="Thiếu cán bộ chuyên trách về an ninh mạng.",
        proposals="Đề nghị bổ sung biên chế cho lực lượng kiểm tra.",
    )
    IndicatorFigureFactory(entry=entry, indicator=accounts, value=120)
    IndicatorFigureFactory(entry=entry, indicator=pages, value=7)

    rachgia = ProgressReportFactory(
        period=period,
        body=body["thanh-uy-rach-gia"],
        state=ProgressReport.State.ACCEPTED,
        submitted_at=_at(datetime.date(2026, 6, 5)),
        reviewed_at=_at(datetime.date(2026, 6, 9)),
    )
    entry = ProgressEntryFactory(
        report=rachgia,
        duty=duty_41,
        status="in_progress_on_time",
        results="Tổ chức 15 buổi tuyên truyền tại các phường.",
    )
    IndicatorFigureFactory(entry=entry, indicator=sessions, value=15)

    sotttt = ProgressReportFactory(
        period=period,
        body=body["so-tttt"],
        state=ProgressReport.State.SUBMITTED,
        submitted_at=_at(datetime.date(2026, 6, 14)),
    )
    entry = ProgressEntryFactory(
        report=sotttt, duty=duty_11, status="done_on_time", results="Chưa duyệt"
    )
    # Not accepted: must not count in any total.
    IndicatorFigureFactory(entry=entry, indicator=accounts, value=999)
    ProgressReportFactory(
        period=period,
        body=body["bao-kien-giang"],
        state=ProgressReport.State.RETURNED,
        submitted_at=_at(datetime.date(2026, 6, 10)),
    )

    before = ProgressReportFactory(
        period=previous,
        body=body["bcsd-ubnd"],
        state=ProgressReport.State.ACCEPTED,
        submitted_at=_at(datetime.date(2025, 6, 12)),
    )
    entry = ProgressEntryFactory(report=before, duty=duty_11, status="done_on_time", results="2025")
    IndicatorFigureFactory(entry=entry, indicator=accounts, value=100)
    IndicatorFigureFactory(entry=entry, indicator=pages, value=9)

    return PeriodData(
        period=period,
        previous=previous,
        indicators=[accounts, pages, sessions],
        reports={"ubnd": ubnd, "rachgia": rachgia, "sotttt": sotttt},
    )


# Realistic reports of every body of the letter, each in its own words: what a half-year looks
# like when 25 bodies each write a few sentences per duty (issue 10).

TOPICS = [
    "công tác phòng, chống thiên tai",
    "giải phóng mặt bằng dự án đường ven biển",
    "giá đất tại các khu tái định cư",
    "dịch bệnh trên đàn gia súc",
    "tuyển sinh đầu cấp",
    "bầu cử đại biểu Hội đồng nhân dân",
    "sắp xếp đơn vị hành chính cấp xã",
    "tình hình an ninh trật tự vùng biên giới",
    "khai thác hải sản bất hợp pháp",
    "chương trình xây dựng nông thôn mới",
]
PARTNERS = ["Công an", "Đoàn Thanh niên", "Hội Liên hiệp Phụ nữ", "Ủy ban Mặt trận Tổ quốc"]
# Difficulties said by several bodies in nearly the same words, and one of each body's own.
SHARED_DIFFICULTIES = [
    [
        "Lực lượng làm công tác đấu tranh trên không gian mạng ở cơ sở còn mỏng, chủ yếu "
        "kiêm nhiệm.",
        "Lực lượng làm công tác đấu tranh trên không gian mạng ở cơ sở còn mỏng, phần lớn "
        "kiêm nhiệm.",
    ],
    [
        "Chưa có kinh phí riêng và trang thiết bị chuyên dụng để phát hiện sớm thông tin xấu, độc.",
        "Chưa có kinh phí riêng, trang thiết bị chuyên dụng để phát hiện sớm thông tin xấu, độc.",
    ],
]
SHARED_PROPOSALS = [
    "Đề nghị Ban Thường vụ Tỉnh ủy chỉ đạo bố trí kinh phí tập huấn kỹ năng nhận diện, phản "
    "bác thông tin sai trái cho lực lượng cốt cán cấp xã.",
    "Đề nghị Ban Thường vụ Tỉnh ủy chỉ đạo bố trí kinh phí tập huấn kỹ năng nhận diện, phản "
    "bác thông tin sai trái cho lực lượng cốt cán ở cấp xã.",
]
STATUSES = ["done_on_time"] * 6 + ["in_progress_on_time", "done_late", "in_progress_late"]


def _results_text(body: Body, duty: Duty, n: int) -> str:
    topic = TOPICS[n % len(TOPICS)]
    partner = PARTNERS[n % len(PARTNERS)]
    return (
        f"{body.name} đã ban hành kế hoạch triển khai nội dung {duty.label}, tổ chức "
        f"{3 + n % 7} hội nghị quán triệt cho {120 + 17 * n} lượt cán bộ, đảng viên. "
        f"Tổ phản ứng nhanh với {8 + n % 9} thành viên đã phát hiện, phản bác {4 + n % 11} "
        f"bài viết sai sự thật về {topic}. Phối hợp với {partner} rà soát {30 + 7 * n} trang, "
        f"nhóm trên mạng xã hội; đề nghị gỡ bỏ {n % 6 + 1} bài viết có nội dung xuyên tạc."
    )


def period_with_realistic_reports(directive) -> PeriodData:
    """Every body of the letter reports on every duty it has, accepted, in its own words, with
    figures this half-year and the last; a third of them raise the same difficulties in nearly
    the same words, and a few the same proposal."""
    from assignments.models import Task

    directive.number = "06"
    directive.save(update_fields=["number"])
    period = PeriodFactory(directive=directive, year=2026)
    previous = PeriodFactory(directive=directive, year=2025)
    first_duties = Duty.objects.filter(assignment__directive=directive, number=1)
    indicators = []
    for duty in first_duties.order_by("assignment__number"):
        indicators.append(
            IndicatorFactory(duty=duty, name="Hội nghị quán triệt", unit="hội nghị", sort_order=1)
        )
        indicators.append(
            IndicatorFactory(
                duty=duty, name="Tài khoản mạng xã hội được rà soát", unit="tài khoản", sort_order=2
            )
        )
    by_duty = {}
    for indicator in indicators:
        by_duty.setdefault(indicator.duty_id, []).append(indicator)
    tasks = Task.objects.filter(duty__assignment__directive=directive).select_related(
        "body", "duty__assignment"
    )
    duties_of = {}
    for task in tasks.order_by("body__sort_order", "body__name", "duty__assignment__number"):
        duties_of.setdefault(task.body, []).append(task.duty)
    reports = {}
    n = 0
    for index, (body, duties) in enumerate(duties_of.items()):
        for year_period, accepted_on in ((period, 2026), (previous, 2025)):
            report = ProgressReportFactory(
                period=year_period,
                body=body,
                state=ProgressReport.State.ACCEPTED,
                submitted_at=_at(datetime.date(accepted_on, 6, 10 + index % 8)),
                reviewed_at=_at(datetime.date(accepted_on, 6, 18)),
            )
            if year_period == period:
                reports[body.code] = report
            for duty in duties:
                n += 1
                this_year = year_period == period
                entry = ProgressEntryFactory(
                    report=report,
                    duty=duty,
                    status=STATUSES[n % len(STATUSES)],
                    results=_results_text(body, duty, n) if this_year else "Kỳ trước.",
                    difficulties=(
                        SHARED_DIFFICULTIES[index % 2][(index // 3) % 2]
                        if this_year and index % 3 == 0
                        else (
                            f"Địa bàn {body.name} có nhiều tài khoản ẩn danh khó xác minh."
                            if this_year and index % 5 == 1 and duty == duties[0]
                            else ""
                        )
                    ),
                    proposals=(
                        SHARED_PROPOSALS[index % 2]
                        if this_year and index % 4 == 0 and duty == duties[0]
                        else ""
                    ),
                )
                for indicator in by_duty.get(duty.pk, []):
                    base = 3 + index if indicator.unit == "hội nghị" else 40 + 3 * index
                    IndicatorFigureFactory(
                        entry=entry, indicator=indicator, value=base + (2 if this_year else 0)
                    )
    return PeriodData(period=period, previous=previous, indicators=indicators, reports=reports)
