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
from django.utils import timezone

from assignments.models import Body, Directive
from directive_tracker.sql import day_param, fetch_rows, local_day_sql, model_from_row
from reports.models import Chase, ProgressReport, ReportingPeriod
from reports.selectors.dashboard import STATE_CSS, STATE_LABELS, report_state

# Rows of the record's table per page: ten years of twenty directives are some four hundred
# periods, too many to render at once. The tally still covers the whole span chosen.
RECORD_PER_PAGE = 20

_REPORT, _PERIOD, _DIRECTIVE, _BODY, _CHASE = (
    model._meta.db_table for model in (ProgressReport, ReportingPeriod, Directive, Body, Chase)
)


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


# The verdicts on a report, as _tallied counts them (and where the returns go).
ON_TIME, LATE_SENT, NOT_SENT, PENDING, RETURNS = range(5)


def _tallied(
    *, columns: dict[str, str], joins: str, where: str, params: list, today: datetime.date
) -> list[tuple]:
    """The reports (`r`, with their period `p` and the `joins`) chosen by `where`, judged by the
    database and counted per group of `columns` (alias: SQL): each row is the columns' values,
    then on time, late and sent, late and not sent, not yet due, and returns. A report is
    judged by the local day of its first sending (or, for one written without report_submit, of
    its last); unsent, it is late once its due date has passed. Written by hand: building the
    statement through the ORM cost more than PostgreSQL takes to run it."""
    sent, sent_params = local_day_sql("COALESCE(r.first_sent_at, r.submitted_at)")
    keys = ", ".join(columns)
    chosen = ", ".join(f"{sql} AS {alias}" for alias, sql in columns.items())
    # Each report's verdict is computed once and grouped by: summing a condition on the local
    # day per column made PostgreSQL convert every moment to the time zone four times.
    rows = fetch_rows(
        f"SELECT {keys}, r_verdict, COUNT(*), SUM(r_returned)"
        f" FROM (SELECT {chosen},"
        " CASE WHEN r.first_sent_at IS NULL AND r.submitted_at IS NULL"
        f" THEN CASE WHEN p.body_due < %s THEN {NOT_SENT} ELSE {PENDING} END"
        f" WHEN {sent} <= p.body_due THEN {ON_TIME} ELSE {LATE_SENT} END AS r_verdict,"
        " r.times_returned AS r_returned"
        f" FROM {_REPORT} r JOIN {_PERIOD} p ON p.id = r.period_id"
        f" {joins} WHERE {where}) AS judged"
        f" GROUP BY {keys}, r_verdict",
        [day_param(today), *sent_params, *params],
    )
    width = len(columns)
    tallies: dict[tuple, list[int]] = {}
    for row in rows:
        counts = tallies.setdefault(row[:width], [0, 0, 0, 0, 0])
        counts[row[width]] += row[width + 1]
        counts[RETURNS] += row[width + 2]
    return [(*key, *counts) for key, counts in tallies.items()]


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


# A page of the body's reports with what their rows show: the period's label and due date, the
# directive's reference, the report's state, sendings and returns, and the times the body was
# chased for the period. Written by hand: the ORM's select_related, only() and the chases'
# subquery cost more to build than the database takes to answer.
# The columns of each, in its model's field order (model_from_row).
_RECORD_REPORT = (
    "id",
    "period_id",
    "body_id",
    "state",
    "submitted_at",
    "first_sent_at",
    "times_returned",
)
_RECORD_PERIOD = ("id", "directive_id", "kind", "year", "body_due")
_RECORD_DIRECTIVE = ("id", "number", "symbol")
_RECORD_ROWS_SQL = (
    f"SELECT {', '.join(f'r.{name}' for name in _RECORD_REPORT)},"
    f" {', '.join(f'p.{name}' for name in _RECORD_PERIOD)},"
    f" {', '.join(f'd.{name}' for name in _RECORD_DIRECTIVE)},"
    f" (SELECT COUNT(*) FROM {_CHASE} c"
    " WHERE c.period_id = r.period_id AND c.body_id = r.body_id)"
    f" FROM {_REPORT} r"
    f" JOIN {_PERIOD} p ON p.id = r.period_id"
    f" JOIN {_DIRECTIVE} d ON d.id = p.directive_id"
    " WHERE r.body_id = %s"
    " ORDER BY p.ends_on DESC, p.kind, p.directive_id"
    " LIMIT %s OFFSET %s"
)


class _RecordRows:
    """The body's reports, newest period first, for Paginator: their number is known from the
    tally (Paginator would count them again), and a page is read when it is sliced."""

    def __init__(self, body: Body, count: int):
        self.body, self.count = body, count

    def __len__(self):
        return self.count

    def __getitem__(self, index: slice) -> list[tuple[ProgressReport, int]]:
        if index.stop <= index.start:
            return []  # a body that never owed a report: its empty first page
        rows = fetch_rows(_RECORD_ROWS_SQL, [self.body.pk, index.stop - index.start, index.start])
        period_end = len(_RECORD_REPORT) + len(_RECORD_PERIOD)
        reports = []
        for *values, chases in rows:
            report = model_from_row(ProgressReport, _RECORD_REPORT, values[: len(_RECORD_REPORT)])
            period = model_from_row(
                ReportingPeriod, _RECORD_PERIOD, values[len(_RECORD_REPORT) : period_end]
            )
            period.directive = model_from_row(Directive, _RECORD_DIRECTIVE, values[period_end:])
            report.period, report.body = period, self.body
            reports.append((report, chases))
        return reports


def body_record(
    *,
    body_id: int,
    first_year: int | None = None,
    last_year: int | None = None,
    today: datetime.date | None = None,
    page: int | str | None = 1,
) -> BodyRecord | None:
    """The periods the body owed a report in, newest first, one page at a time; the tally over
    the chosen years (every year when none is chosen). None for a body that does not exist."""
    today = today or timezone.localdate()
    # One row a year: the years to choose from, the tally of the span and the number of
    # periods come from a dozen rows however many periods the body has owed; the body's name
    # comes with them, which spares the page a query.
    by_year = _tallied(
        columns={"r_year": "p.year", "r_code": "b.code", "r_name": "b.name"},
        joins=f"JOIN {_BODY} b ON b.id = r.body_id",
        where="r.body_id = %s",
        params=[body_id],
        today=today,
    )
    if by_year:
        _year, code, name, *_counts = by_year[0]
        body = model_from_row(Body, ("id", "code", "name"), (body_id, code, name))
    else:
        # A body that never owed a report, or none at all.
        body = Body.objects.filter(pk=body_id).only("code", "name").first()
        if body is None:
            return None
    tally = Tally()
    owed = 0
    for year, _code, _name, on_time, late_sent, not_sent, pending, _returned in by_year:
        owed += on_time + late_sent + not_sent + pending
        if (first_year is None or year >= first_year) and (last_year is None or year <= last_year):
            tally.on_time += on_time
            tally.late += late_sent + not_sent
            tally.not_sent += not_sent
            tally.pending += pending
    shown = Paginator(_RecordRows(body, owed), RECORD_PER_PAGE).get_page(page)
    periods = []
    for report, chases in shown.object_list:
        sent_at, days_early, on_time = _judge(report, report.first_sent_at, today)
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
                returns=report.times_returned,
                chases=chases,
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
    return [year for (year,) in fetch_rows(YEARS_SQL, [])]


YEARS_SQL = f"SELECT DISTINCT year FROM {_PERIOD} ORDER BY year DESC"


def body_ranking(*, year: int, today: datetime.date | None = None) -> list[RankedBody]:
    """The bodies that owed reports in the year's periods, best on-time rate first; bodies with
    the same rate and the same number of reports on time share a rank (1, 1, 3)."""
    today = today or timezone.localdate()
    tallied = _tallied(
        columns={"r_body": "r.body_id", "r_name": "b.name", "r_sort": "b.sort_order"},
        joins=f"JOIN {_BODY} b ON b.id = r.body_id",
        where="p.year = %s",
        params=[year],
        today=today,
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
