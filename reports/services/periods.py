"""Reporting periods from each directive's schedule, and the reports each period owes.

`periods_create_upcoming` runs at the start of every reminder scan (every few minutes, possibly
in two workers at once), so it is idempotent, safe to race (the unique constraints decide, not a
read-then-write), and costs four queries when nothing is missing.

Entries (one per duty of a report) are created eagerly with the report. A task added to a body
after its report was opened gets its entry when the report is next edited
(`reports.services.progress.report_entries_ensure`), which keeps the scan cheap.
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef

from assignments.models import Directive, Task

from ..models import ProgressEntry, ProgressReport, ReportingPeriod

Kind = ReportingPeriod.Kind


@dataclass(frozen=True)
class PeriodDates:
    starts_on: datetime.date
    ends_on: datetime.date
    data_cutoff: datetime.date
    body_due: datetime.date
    summary_due: datetime.date

    def as_dict(self) -> dict:
        return {
            "starts_on": self.starts_on,
            "ends_on": self.ends_on,
            "data_cutoff": self.data_cutoff,
            "body_due": self.body_due,
            "summary_due": self.summary_due,
        }


def _day_of_month(year: int, month: int, day: int) -> datetime.date:
    """The given day of a month, clamped to the month's length (31 → 30 June)."""
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def period_dates(*, directive: Directive, kind: str, year: int) -> PeriodDates:
    """A period's dates from the directive's schedule: the six-month period is 1 Jan–30 Jun, the
    annual one 1 Jan–31 Dec; the due days fall in the period's last month."""
    last_month = 6 if kind == Kind.HALF_YEAR else 12
    if kind not in (Kind.HALF_YEAR, Kind.ANNUAL):
        raise ValueError(f"unknown period kind {kind!r}")
    return PeriodDates(
        starts_on=datetime.date(year, 1, 1),
        ends_on=_day_of_month(year, last_month, 31),
        data_cutoff=_day_of_month(year, last_month, directive.body_cutoff_day),
        body_due=_day_of_month(year, last_month, directive.body_due_day),
        summary_due=_day_of_month(year, last_month, directive.summary_due_day),
    )


def _enabled_kinds(directive: Directive) -> list[str]:
    kinds = []
    if directive.report_half_year:
        kinds.append(Kind.HALF_YEAR)
    if directive.report_annual:
        kinds.append(Kind.ANNUAL)
    return kinds


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return _day_of_month(year, month, day.day)


def _wanted_periods(
    *, directive: Directive, today: datetime.date, since: int | None, last_ended: bool
) -> list[tuple[str, int, PeriodDates]]:
    """The periods to exist now: those containing today or ending within the next 12 months,
    with `last_ended` the most recent one that has ended (an office starting mid-year chases
    and summarises it), and with `since` every earlier one from that year; none ending before
    tracking starts."""
    tracking_starts = directive.tracking_starts or directive.date
    horizon = _add_months(today, 12)
    first_year = today.year - 1 if since is None else min(since, today.year - 1)
    wanted, ended = [], []
    for year in range(first_year, today.year + 2):
        for kind in _enabled_kinds(directive):
            dates = period_dates(directive=directive, kind=kind, year=year)
            if dates.ends_on < tracking_starts or dates.ends_on > horizon:
                continue
            if dates.ends_on < today:
                ended.append((kind, year, dates))
            else:
                wanted.append((kind, year, dates))
    if since is None:
        ended = sorted(ended, key=lambda item: item[2].ends_on)[-1:] if last_ended else []
    return ended + wanted


def _period_get_or_create(*, directive: Directive, kind: str, year: int, dates: PeriodDates):
    """Created once even when two processes race: the unique constraint decides the winner."""
    try:
        with transaction.atomic():
            return ReportingPeriod.objects.create(
                directive=directive, kind=kind, year=year, **dates.as_dict()
            ), True
    except IntegrityError:
        return ReportingPeriod.objects.get(directive=directive, kind=kind, year=year), False


def periods_create_upcoming(
    *, today: datetime.date, since: int | None = None, last_ended: bool = False
) -> list[ReportingPeriod]:
    """Creates the missing periods of every directive (see `_wanted_periods`) and opens their
    reports (a period an administrator adds is opened by `reports_open`, the same code).
    Returns the periods it created. Existing periods are never changed: an administrator may
    have edited their dates."""
    directives = list(Directive.objects.all())
    wanted = {
        directive.pk: _wanted_periods(
            directive=directive, today=today, since=since, last_ended=last_ended
        )
        for directive in directives
    }
    years = {year for periods in wanted.values() for _kind, year, _dates in periods}
    if not years:
        return []
    existing = {
        (period.directive_id, period.kind, period.year): period
        # Only what finding the missing ones needs: the periods that exist are not returned.
        for period in ReportingPeriod.objects.filter(directive__in=directives, year__in=years).only(
            "id", "directive_id", "kind", "year"
        )
    }
    created, periods = [], []
    for directive in directives:
        for kind, year, dates in wanted[directive.pk]:
            period = existing.get((directive.pk, kind, year))
            if period is None:
                period, was_created = _period_get_or_create(
                    directive=directive, kind=kind, year=year, dates=dates
                )
                if was_created:
                    created.append(period)
            periods.append(period)
    _reports_open_many(periods=periods)
    return created


def reports_open(*, period: ReportingPeriod) -> list[ProgressReport]:
    """One report (not reported) for every active body with a task in the period's directive,
    with an entry per duty of its tasks. Idempotent; returns the reports it created."""
    return _reports_open_many(periods=[period])


def _reports_open_many(*, periods: list[ReportingPeriod]) -> list[ProgressReport]:
    if not periods:
        return []
    # First the periods that lack a report some active tasked body owes, in one query that
    # finds none on almost every scan; only those are compared body by body (two queries that
    # would otherwise read every pair of a few dozen periods).
    ids = [period.pk for period in periods]
    unreported = Task.objects.filter(
        duty__assignment__directive_id=OuterRef("directive_id"), body__is_active=True
    ).filter(
        ~Exists(
            # period_id__in again: PostgreSQL hashes the reports once, and only these periods'.
            ProgressReport.objects.filter(
                period_id__in=ids, period_id=OuterRef(OuterRef("pk")), body_id=OuterRef("body_id")
            )
        )
    )
    lacking = set(
        ReportingPeriod.objects.filter(pk__in=ids)
        .filter(Exists(unreported))
        .order_by()
        .values_list("pk", flat=True)
    )
    periods = [period for period in periods if period.pk in lacking]
    if not periods:
        return []
    directive_ids = {period.directive_id for period in periods}
    # (directive, body) pairs owing a report: one query however many periods.
    owing = defaultdict(list)  # directive -> bodies, in order
    for directive_id, body_id in sorted(
        Task.objects.filter(duty__assignment__directive_id__in=directive_ids, body__is_active=True)
        .values_list("duty__assignment__directive_id", "body_id")
        .distinct()
    ):
        owing[directive_id].append(body_id)
    have = set(
        ProgressReport.objects.filter(period__in=periods).values_list("period_id", "body_id")
    )
    missing = [
        ProgressReport(period=period, body_id=body_id)
        for period in periods
        for body_id in owing[period.directive_id]
        if (period.pk, body_id) not in have
    ]
    if not missing:
        return []
    with transaction.atomic():
        # ignore_conflicts: a concurrent scan may have inserted the same rows a moment ago.
        ProgressReport.objects.bulk_create(missing, ignore_conflicts=True)
        keys = {(report.period_id, report.body_id) for report in missing}
        reports = [
            report
            for report in ProgressReport.objects.filter(
                period__in={report.period_id for report in missing},
                body_id__in={report.body_id for report in missing},
            ).select_related("period")
            if (report.period_id, report.body_id) in keys
        ]
        duties = {}
        for directive_id, body_id, duty_id in Task.objects.filter(
            duty__assignment__directive_id__in=directive_ids,
            body_id__in={report.body_id for report in reports},
        ).values_list("duty__assignment__directive_id", "body_id", "duty_id"):
            duties.setdefault((directive_id, body_id), []).append(duty_id)
        ProgressEntry.objects.bulk_create(
            [
                ProgressEntry(report=report, duty_id=duty_id)
                for report in reports
                for duty_id in duties.get((report.period.directive_id, report.body_id), [])
            ],
            ignore_conflicts=True,
        )
    return reports
