"""A body's record over the periods, and the ranking of bodies by on-time reporting for a year
(the basis of the year-end assessment, đánh giá, xếp loại).

A report is on time when it was first sent on or before the bodies' due date, by the local
calendar day (ReportingPeriod.sent_late); a report returned and sent again keeps its first
sending, and the return is counted on its own. A report still owed after the due date is late;
one not yet due is left out of the rate. Both pages cost a fixed number of queries whatever the
number of periods and bodies (tests pin them).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.utils import timezone

from assignments.models import Body
from reports.models import Chase, ProgressReport, ReportingPeriod
from reports.selectors.dashboard import STATE_CSS, STATE_LABELS, report_state
from reports.services.progress import REASON_SUBMITTED

RETURNED = ProgressReport.State.RETURNED


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

    def add(self, record_on_time: bool | None, sent: bool):
        if record_on_time is None:
            self.pending += 1
        elif record_on_time:
            self.on_time += 1
        else:
            self.late += 1
            if not sent:
                self.not_sent += 1


@dataclass
class BodyRecord:
    body: Body
    periods: list[PeriodRecord]
    first_year: int | None
    last_year: int | None
    years: list[int]
    tally: Tally


@dataclass
class RankedBody:
    rank: int
    body: Body
    tally: Tally
    returns: int


@dataclass
class Ranking:
    year: int
    years: list[int]
    rows: list[RankedBody] = field(default_factory=list)


def _history_by_report(history):
    """{report id: (first sending, number of returns)} from the reports' history."""
    rows = (
        history.values("id")
        .annotate(
            first_sent=Min("history_date", filter=Q(history_change_reason=REASON_SUBMITTED)),
            returns=Count("history_id", filter=Q(history_change_reason=RETURNED)),
        )
        .order_by()
    )
    return {row["id"]: (row["first_sent"], row["returns"]) for row in rows}


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


def body_record(
    *,
    body: Body,
    first_year: int | None = None,
    last_year: int | None = None,
    today: datetime.date | None = None,
) -> BodyRecord:
    """Every period the body owed a report in, newest first; the tally over the chosen years
    (every year when none is chosen)."""
    today = today or timezone.localdate()
    reports = list(
        ProgressReport.objects.filter(body=body)
        .select_related("period__directive")
        .order_by("-period__ends_on", "period__kind", "period__directive_id")
    )
    history = _history_by_report(ProgressReport.history.filter(body_id=body.pk))
    chases = dict(
        Chase.objects.filter(body=body)
        .values_list("period_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("period_id", "n")
    )
    years = sorted({r.period.year for r in reports}, reverse=True)
    tally = Tally()
    periods = []
    for report in reports:
        first_sent, returns = history.get(report.pk, (None, 0))
        sent_at, days_early, on_time = _judge(report, first_sent, today)
        record = PeriodRecord(
            period=report.period,
            report=report,
            state=report_state(
                state=report.state, submitted_at=report.submitted_at, period=report.period
            ),
            first_sent_at=sent_at,
            days_early=days_early,
            on_time=on_time,
            returns=returns,
            chases=chases.get(report.period_id, 0),
        )
        periods.append(record)
        year = report.period.year
        if (first_year is None or year >= first_year) and (last_year is None or year <= last_year):
            tally.add(on_time, sent=sent_at is not None)
    return BodyRecord(
        body=body,
        periods=periods,
        first_year=first_year,
        last_year=last_year,
        years=years,
        tally=tally,
    )


def ranking_years() -> list[int]:
    return list(ReportingPeriod.objects.order_by("-year").values_list("year", flat=True).distinct())


def body_ranking(*, year: int, today: datetime.date | None = None) -> list[RankedBody]:
    """The bodies that owed reports in the year's periods, best on-time rate first; bodies with
    the same rate and the same number of reports on time share a rank (1, 1, 3)."""
    today = today or timezone.localdate()
    reports = list(
        ProgressReport.objects.filter(period__year=year).select_related("period", "body__parent")
    )
    history = _history_by_report(
        ProgressReport.history.filter(period_id__in=ReportingPeriod.objects.filter(year=year))
    )
    tallies: dict[int, Tally] = {}
    returns: dict[int, int] = {}
    bodies: dict[int, Body] = {}
    for report in reports:
        first_sent, returned = history.get(report.pk, (None, 0))
        sent_at, _days, on_time = _judge(report, first_sent, today)
        tallies.setdefault(report.body_id, Tally()).add(on_time, sent=sent_at is not None)
        returns[report.body_id] = returns.get(report.body_id, 0) + returned
        bodies[report.body_id] = report.body

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
