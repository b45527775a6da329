"""A body's record over the periods, and the ranking of bodies by on-time reporting for a year
(the basis of the year-end assessment, đánh giá, xếp loại).

A report is on time when it was first sent on or before the bodies' due date, by the local
calendar day (ReportingPeriod.sent_late); a report returned and sent again keeps its first
sending, and the return is counted on its own. A report still owed after the due date is late;
one not yet due is left out of the rate. Both pages cost a fixed number of queries whatever the
number of periods and bodies (tests pin them). Tallies read plain values, not report instances,
and the record shows one page of periods at a time: ten years of history stay cheap to show.
"""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from assignments.models import Body
from directive_tracker.sql import fetch_rows
from reports.models import Chase, ProgressReport, ReportingPeriod
from reports.selectors.dashboard import STATE_CSS, STATE_LABELS, report_state
from reports.services.progress import REASON_SUBMITTED

RETURNED = ProgressReport.State.RETURNED
# Rows of the record's table per page: ten years of twenty directives are some four hundred
# periods, too many to render at once. The tally still covers the whole span chosen.
RECORD_PER_PAGE = 20


@dataclass
class PeriodRecord:
    period: ReportingPeriod
    report: ProgressReport
    state: str
    first_sent_at: datetime.datetime | None
    # Positive: sent that many days before the due date; negative: after it (or, unsent, late
    # by that many days so far); None: not sent and not yet due.
    days_early: int | None
    on_time: bool | None
    returns: int
    chases: int

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def state_css(self) -> str:
        return STATE_CSS[self.state]

    @property
    def days_late(self) -> int | None:
        return -self.days_early if self.days_early is not None and self.days_early < 0 else None


@dataclass
class Tally:
    on_time: int = 0
    late: int = 0
    not_sent: int = 0
    pending: int = 0

    @property
    def due(self) -> int:
        return self.on_time + self.late

    @property
    def rate(self) -> float | None:
        """The share of due reports first sent on time, in per cent; None with none due."""
        return round(100 * self.on_time / self.due, 1) if self.due else None


@dataclass
class BodyRecord:
    body: Body
    periods: list[PeriodRecord]
    first_year: int | None
    last_year: int | None
    years: list[int]
    tally: Tally
    # The page of periods shown (`periods` holds its rows), newest first.
    page: Page | None = None


@dataclass
class RankedBody:
    rank: int
    body: Body
    tally: Tally
    returns: int


def _local_day(expression) -> TruncDate:
    """The calendar day of a moment in the offices' time zone, as sent_late() judges it: the
    database sends a date, not a timestamp to convert (parsing thousands of timestamps was a
    large part of the ranking's time)."""
    return TruncDate(expression, tzinfo=timezone.get_current_timezone())


def _history_by_report(history):
    """The day of each report's first sending and how often it was returned, from the reports'
    history, one row per report (id, h_first, h_returns)."""
    first_sent = Min("history_date", filter=Q(history_change_reason=REASON_SUBMITTED))
    return (
        history.values("id")
        .annotate(
            h_first=_local_day(first_sent),
            h_returns=Count("history_id", filter=Q(history_change_reason=RETURNED)),
        )
        .order_by()
        .values("id", "h_first", "h_returns")
    )


def _judged_reports(reports, today: datetime.date):
    """The reports with what judging them needs (r_id, r_submitted, r_due, r_overdue), as
    values to which the caller adds the columns it groups by."""
    return (
        reports.order_by()
        .annotate(
            r_id=F("pk"),
            r_submitted=_local_day("submitted_at"),
            r_due=F("period__body_due"),
            r_overdue=ExpressionWrapper(Q(period__body_due__lt=today), output_field=BooleanField()),
        )
        .values("r_id", "r_submitted", "r_due", "r_overdue")
    )


def _tallied(reports, history, keys: list[str]) -> list[tuple]:
    """The reports judged by the database and counted per group of `keys` (columns of
    `reports`): each row is the keys' values, then on time, late and sent, late and not sent,
    not yet due, and returns. A report is judged by the day of its first sending, or, for one
    sent before the history recorded reasons, of its last; unsent, it is late once its due date
    has passed. Reading every report and its history into Python to judge them there cost most
    of the ranking's time and made the record's grow with its years."""
    history_sql, history_params = _history_by_report(history).query.sql_with_params()
    reports_sql, reports_params = reports.query.sql_with_params()
    columns = ", ".join(keys)
    rows = fetch_rows(
        f"SELECT {columns},"
        " SUM(CASE WHEN r_sent IS NOT NULL AND r_sent <= r_due THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN r_sent IS NOT NULL AND r_sent > r_due THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN r_sent IS NULL AND r_overdue THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN r_sent IS NULL AND NOT r_overdue THEN 1 ELSE 0 END),"
        " SUM(r_returned)"
        " FROM (SELECT reports.*, COALESCE(history.h_first, reports.r_submitted) AS r_sent,"
        " COALESCE(history.h_returns, 0) AS r_returned"
        f" FROM ({reports_sql}) AS reports"
        f" LEFT JOIN ({history_sql}) AS history ON history.id = reports.r_id) AS judged"
        f" GROUP BY {columns}",
        [*reports_params, *history_params],
    )
    # PostgreSQL's SUM of counts is a numeric (Decimal).
    return [(*row[: len(keys)], *map(int, row[len(keys) :])) for row in rows]


def _judge(report: ProgressReport, first_sent, today: datetime.date):
    """(first sending, days early, on time) of a report."""
    period = report.period
    # Reports sent before the history recorded reasons have only their last sending.
    sent_at = first_sent or report.submitted_at
    if sent_at is not None:
        days_early = (period.body_due - timezone.localdate(sent_at)).days
        return sent_at, days_early, not period.sent_late(sent_at)
    if today > period.body_due:
        return None, -(today - period.body_due).days, False
    return None, None, None


class _CountedRows:
    """A queryset whose length is already known, for Paginator (which would count it again)."""

    def __init__(self, queryset, count: int):
        self.queryset, self.count_ = queryset, count

    def __len__(self):
        return self.count_

    def __getitem__(self, index):
        return self.queryset[index]


def body_record(
    *,
    body: Body,
    first_year: int | None = None,
    last_year: int | None = None,
    today: datetime.date | None = None,
    page: int | str | None = 1,
) -> BodyRecord:
    """The periods the body owed a report in, newest first, one page at a time; the tally over
    the chosen years (every year when none is chosen)."""
    today = today or timezone.localdate()
    reports = ProgressReport.objects.filter(body=body)
    # One row a year: the years to choose from, the tally of the span and the number of
    # periods come from a dozen rows however many periods the body has owed.
    by_year = _tallied(
        _judged_reports(reports, today).annotate(r_year=F("period__year")),
        ProgressReport.history.filter(body_id=body.pk),
        ["r_year"],
    )
    tally = Tally()
    owed = 0
    for year, on_time, late_sent, not_sent, pending, _returned in by_year:
        owed += on_time + late_sent + not_sent + pending
        if (first_year is None or year >= first_year) and (last_year is None or year <= last_year):
            tally.on_time += on_time
            tally.late += late_sent + not_sent
            tally.not_sent += not_sent
            tally.pending += pending
    history = ProgressReport.history.filter(id=OuterRef("pk")).order_by().values("id")
    first_sent = history.annotate(
        first=Min("history_date", filter=Q(history_change_reason=REASON_SUBMITTED))
    ).values("first")
    returns = history.annotate(
        n=Count("history_id", filter=Q(history_change_reason=RETURNED))
    ).values("n")
    chases = (
        Chase.objects.filter(period_id=OuterRef("period_id"), body_id=OuterRef("body_id"))
        .order_by()
        .values("body_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        reports.select_related("period__directive")
        # What the rows show: the period's label and due date, the directive's reference.
        .only(
            "id",
            "state",
            "submitted_at",
            "period__kind",
            "period__year",
            "period__body_due",
            "period__directive__number",
            "period__directive__symbol",
        )
        .annotate(
            first_sent=Subquery(first_sent),
            returns=Coalesce(Subquery(returns, output_field=IntegerField()), 0),
            chases=Coalesce(Subquery(chases, output_field=IntegerField()), 0),
        )
        .order_by("-period__ends_on", "period__kind", "period__directive_id")
    )
    shown = Paginator(_CountedRows(rows, owed), RECORD_PER_PAGE).get_page(page)
    periods = []
    for report in shown.object_list:
        sent_at, days_early, on_time = _judge(report, report.first_sent, today)
        periods.append(
            PeriodRecord(
                period=report.period,
                report=report,
                state=report_state(
                    state=report.state, submitted_at=report.submitted_at, period=report.period
                ),
                first_sent_at=sent_at,
                days_early=days_early,
                on_time=on_time,
                returns=report.returns,
                chases=report.chases,
            )
        )
    return BodyRecord(
        body=body,
        periods=periods,
        first_year=first_year,
        last_year=last_year,
        years=sorted((row[0] for row in by_year), reverse=True),
        tally=tally,
        page=shown,
    )


def ranking_years() -> list[int]:
    return list(ReportingPeriod.objects.order_by("-year").values_list("year", flat=True).distinct())


def body_ranking(*, year: int, today: datetime.date | None = None) -> list[RankedBody]:
    """The bodies that owed reports in the year's periods, best on-time rate first; bodies with
    the same rate and the same number of reports on time share a rank (1, 1, 3)."""
    today = today or timezone.localdate()
    tallied = _tallied(
        _judged_reports(ProgressReport.objects.filter(period__year=year), today).annotate(
            r_body=F("body_id"), r_name=F("body__name"), r_sort=F("body__sort_order")
        ),
        ProgressReport.history.filter(
            period_id__in=ReportingPeriod.objects.filter(year=year).values("pk")
        ),
        ["r_body", "r_name", "r_sort"],
    )
    tallies: dict[int, Tally] = {}
    returns: dict[int, int] = {}
    bodies: dict[int, Body] = {}
    for body_id, name, sort_order, on_time, late_sent, not_sent, pending, returned in tallied:
        tallies[body_id] = Tally(
            on_time=on_time, late=late_sent + not_sent, not_sent=not_sent, pending=pending
        )
        returns[body_id] = returned
        # The page and the download show the name and link the record: no more of it.
        bodies[body_id] = Body(pk=body_id, name=name, sort_order=sort_order)

    def order(body_id):
        tally = tallies[body_id]
        rate = tally.rate if tally.rate is not None else -1.0
        body = bodies[body_id]
        return (-rate, -tally.on_time, returns[body_id], body.sort_order, body.name)

    rows: list[RankedBody] = []
    for position, body_id in enumerate(sorted(tallies, key=order), start=1):
        tally = tallies[body_id]
        previous = rows[-1] if rows else None
        same = previous and (previous.tally.rate, previous.tally.on_time) == (
            tally.rate,
            tally.on_time,
        )
        rows.append(
            RankedBody(
                rank=previous.rank if same else position,
                body=bodies[body_id],
                tally=tally,
                returns=returns[body_id],
            )
        )
    return rows
