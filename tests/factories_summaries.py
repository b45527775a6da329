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
