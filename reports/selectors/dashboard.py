"""The board's status dashboard: every body that owes a report, against every duty, for a period.

Built from a fixed handful of aggregated queries whatever the number of bodies, duties, reports,
chases and periods (a test pins the count), then shaped in Python.
"""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from assignments.models import Assignment, Body, Directive, Duty, Membership, Task, User
from directive_tracker.sql import calendar_day, fetch_rows, model_from_row, utc_moment
from directive_tracker.urlreuse import url_maker
from reports.models import Chase, ProgressEntry, ProgressReport, ReportingPeriod

State = ProgressReport.State

# What a body's report is, as the dashboard tells it: submitted reports split by the due date.
NOT_REPORTED = "not_reported"
DRAFT = "draft"
SUBMITTED_ON_TIME = "submitted_on_time"
SUBMITTED_LATE = "submitted_late"
ACCEPTED = "accepted"
RETURNED = "returned"
# A filter only: bodies still owing their report after the due date.
LATE = "late"

STATE_LABELS = {
    NOT_REPORTED: _("not reported"),
    DRAFT: _("draft"),
    SUBMITTED_ON_TIME: _("submitted on time"),
    SUBMITTED_LATE: _("submitted late"),
    ACCEPTED: _("accepted"),
    RETURNED: _("returned"),
}
# Bootstrap's text-bg-* pairs keep the contrast; the words, not the colour, carry the meaning.
STATE_CSS = {
    NOT_REPORTED: "text-bg-light border border-secondary",
    DRAFT: "text-bg-secondary",
    SUBMITTED_ON_TIME: "text-bg-primary",
    SUBMITTED_LATE: "text-bg-warning",
    ACCEPTED: "text-bg-success",
    RETURNED: "text-bg-danger",
}
FILTER_STATES = {
    # The "not reported" count includes drafts, so its filter does too.
    NOT_REPORTED: _("not reported (drafts included)"),
    DRAFT: _("draft"),
    SUBMITTED_ON_TIME: _("submitted on time"),
    SUBMITTED_LATE: _("submitted late"),
    ACCEPTED: _("accepted"),
    RETURNED: _("returned"),
    LATE: _("late: not sent after the due date"),
}
OUTSTANDING = (NOT_REPORTED, DRAFT, RETURNED)


# What a duty stands at in a body's report: the entry's status, or "not started" when the
# report gives none (no report yet, or a draft that has not chosen one).
NOT_STARTED = "not_started"
EXECUTION_LABELS = {
    **dict(ProgressEntry.Status.choices),
    NOT_STARTED: _("not started"),
}
# One mark per duty: a shape and a colour, so that neither alone carries the meaning; the words
# are in the mark's text alternative and the legend.
EXECUTION_MARKS = {
    ProgressEntry.Status.DONE_ON_TIME: "✓",
    ProgressEntry.Status.DONE_LATE: "✓",
    ProgressEntry.Status.IN_PROGRESS_ON_TIME: "◐",
    ProgressEntry.Status.IN_PROGRESS_LATE: "!",
    NOT_STARTED: "○",
}


def execution_legend() -> list[tuple[str, str, str]]:
    """(key, mark, words) for every execution status, in the order of the report form."""
    return [(key, EXECUTION_MARKS[key], str(label)) for key, label in EXECUTION_LABELS.items()]


class Cell:
    """One duty of one body: owed or not, and how far the body says it has got.

    The words are looked up once per dashboard (see `_cell_words`), not per cell: a matrix of ten
    years' bodies and duties has hundreds of cells, and each lookup of a lazy label is a gettext.
    """

    __slots__ = ("duty", "owed", "key", "status", "mark")

    def __init__(self, duty: Duty, owed: bool, key: str = NOT_STARTED, status: str | None = None):
        self.duty = duty
        self.owed = owed
        self.key = key
        if status is None:
            status = str(EXECUTION_LABELS[key])
        self.status = status if owed else ""
        self.mark = EXECUTION_MARKS[key]

    def __repr__(self):
        return f"Cell({self.duty.label}, owed={self.owed}, key={self.key!r})"

    def text(self) -> str:
        return self.status if self.owed else "—"


class AssignmentCell:
    """One assignment of one body: a mark for each duty the body has in it."""

    __slots__ = ("assignment", "cells", "owed")

    def __init__(self, assignment: Assignment, cells: list[Cell]):
        self.assignment = assignment
        self.cells = cells
        self.owed = [cell for cell in cells if cell.owed]


@dataclass
class Row:
    body: Body
    group: Body | None
    report_id: int | None
    state: str
    submitted_at: datetime.datetime | None
    days_late: int | None
    url: str
    cells: list[Cell] = field(default_factory=list)
    assignment_cells: list[AssignmentCell] = field(default_factory=list)
    duty_ids: set = field(default_factory=set)
    last_chased_on: datetime.date | None = None
    # False for a late body that no staff account with an e-mail nor an office e-mail reaches.
    reachable: bool = True

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def css(self) -> str:
        return STATE_CSS[self.state]

    @property
    def is_late(self) -> bool:
        return self.days_late is not None

    def cell_texts(self) -> list[str]:
        return [cell.text() for cell in self.cells]


@dataclass
class Section:
    group: Body | None
    rows: list[Row]


@dataclass
class Total:
    key: str
    label: str
    count: int
    url: str


@dataclass
class ChartPoint:
    period: ReportingPeriod
    owed: int
    reported: int
    accepted: int

    @property
    def reported_pct(self) -> float:
        return round(100 * self.reported / self.owed, 1) if self.owed else 0.0

    @property
    def accepted_pct(self) -> float:
        return round(100 * self.accepted / self.owed, 1) if self.owed else 0.0


class ChaseLine(NamedTuple):
    """A chase as the dashboard lists it; `chased_by` is the chaser's name, None when the
    reminder scan chased."""

    body_id: int
    body_name: str
    chased_on: datetime.date
    chased_by: str | None


@dataclass
class Dashboard:
    directive: Directive
    period: ReportingPeriod
    periods: list[ReportingPeriod]
    all_assignments: list[Assignment]
    assignments: list[Assignment]
    duties: list[Duty]
    groups: list[Body]
    rows: list[Row]
    totals: list[Total]
    late: list[Row]
    chases: list[ChaseLine]
    chart: list[ChartPoint]
    filters: dict
    today: datetime.date
    # Filters given that name nothing in this directive (an old link, a typed URL): ignored.
    invalid: list[str] = field(default_factory=list)
    # Every directive, when the caller read them for the page's links to the others.
    directives: list[Directive] = field(default_factory=list)

    @property
    def sections(self) -> list[Section]:
        sections: list[Section] = []
        for row in self.rows:
            if sections and row.group is not None and sections[-1].group == row.group:
                sections[-1].rows.append(row)
            else:
                sections.append(Section(group=row.group, rows=[row]))
        return sections

    @property
    def assignment_columns(self) -> list[tuple[Assignment, list[Duty]]]:
        return [(a, [d for d in self.duties if d.assignment_id == a.pk]) for a in self.assignments]

    def query(self, **overrides) -> str:
        """The dashboard's filters as a query string, with some changed."""
        params = {**self.filters, **overrides}
        return urlencode({k: v for k, v in params.items() if v not in (None, "")})

    def headers(self) -> list[str]:
        return [str(_("Group")), str(_("Body")), str(_("Report"))] + [
            duty.label for duty in self.duties
        ]

    def table(self) -> list[list[str]]:
        """The matrix as text, as the page shows it with every mark opened: the report's state
        once per body, then each duty's status (the exports write this)."""
        return [
            [
                row.group.name if row.group else "",
                row.body.name,
                capfirst(str(row.state_label)),
                *row.cell_texts(),
            ]
            for row in self.rows
        ]


def report_state(
    *, state: str | None, submitted_at: datetime.datetime | None, period: ReportingPeriod
) -> str:
    """The dashboard's word for a report; no report at all is "not reported"."""
    if state is None or state == State.NOT_REPORTED:
        return NOT_REPORTED
    if state == State.SUBMITTED:
        if period.sent_late(submitted_at):
            return SUBMITTED_LATE
        return SUBMITTED_ON_TIME
    return state


def dashboard_default_period(
    *, directive: Directive | None = None, today: datetime.date | None = None
) -> ReportingPeriod | None:
    """The latest open period of the directive (the latest directive by default).

    A period is open once it has begun; of those, the one still running (the earliest to end on
    or after today), else the one that ended last. Before any has begun, the first.
    """
    today = today or timezone.localdate()
    if directive is None:
        directive = Directive.objects.order_by("-date", "pk").first()
        if directive is None:
            return None
    periods = list(directive.periods.select_related("directive").order_by("ends_on", "kind"))
    begun = [p for p in periods if p.starts_on <= today]
    if not begun:
        return periods[0] if periods else None
    running = [p for p in begun if p.ends_on >= today]
    return running[0] if running else begun[-1]


# A period is read with every column, its directive with those the dashboard's pages show (its
# reference, its summary, its date in the links to the other directives).
PERIOD_FIELDS = tuple(f.attname for f in ReportingPeriod._meta.concrete_fields)
DIRECTIVE_FIELDS = ("id", "number", "symbol", "date", "summary")


def _period_and_directive_columns() -> str:
    return ", ".join(
        [*(f"p.{name}" for name in PERIOD_FIELDS), *(f"d.{name}" for name in DIRECTIVE_FIELDS)]
    )


def _directive_from(values) -> Directive:
    return model_from_row(Directive, DIRECTIVE_FIELDS, values)


def _period_from(values, directive: Directive) -> ReportingPeriod:
    period = model_from_row(ReportingPeriod, PERIOD_FIELDS, values)
    period.directive = directive
    return period


PERIOD_SQL = (
    f"SELECT {_period_and_directive_columns()}"
    f" FROM {ReportingPeriod._meta.db_table} p"
    f" INNER JOIN {Directive._meta.db_table} d ON d.id = p.directive_id WHERE p.id = %s"
)


def dashboard_period(*, period_id: int) -> ReportingPeriod | None:
    """The period `period_id` with its directive, as the report list and the downloads show
    them; None when there is no such period. Written as SQL: the ORM took longer to put this
    one-row query together than the database to answer it."""
    rows = fetch_rows(PERIOD_SQL, [period_id])
    if not rows:
        return None
    width = len(PERIOD_FIELDS)
    return _period_from(rows[0][:width], _directive_from(rows[0][width:]))


# Every directive (the dashboard links to the others), each row with one of the periods of the
# chosen period's directive, or none for the other directives.
CHOICES_SQL = (
    f"SELECT {_period_and_directive_columns()}"
    f" FROM {Directive._meta.db_table} d LEFT JOIN {ReportingPeriod._meta.db_table} p"
    " ON p.directive_id = d.id"
    f" AND d.id = (SELECT c.directive_id FROM {ReportingPeriod._meta.db_table} c WHERE c.id = %s)"
    # Directive's and ReportingPeriod's own orders.
    " ORDER BY d.date DESC, d.id, p.ends_on, p.kind"
)


def dashboard_choices(*, period_id: int | None) -> tuple[list[Directive], list[ReportingPeriod]]:
    """Every directive, newest first, with the fields the dashboard shows, and every period of
    the directive the period `period_id` belongs to, in order, each with that directive (none
    when there is no such period): the directive links and the period filter in one query,
    where the chosen period and its siblings, then the directives, took two."""
    directives: list[Directive] = []
    periods: list[ReportingPeriod] = []
    width = len(PERIOD_FIELDS)
    for values in fetch_rows(CHOICES_SQL, [period_id]):
        directive_id = values[width]
        if not directives or directives[-1].pk != directive_id:
            directives.append(_directive_from(values[width:]))
        if values[0] is not None:
            periods.append(_period_from(values[:width], directives[-1]))
    return directives, periods


DUTY_FIELDS = ("id", "assignment_id", "number", "text")
# What the dashboard, the report list and the downloads say of a body and of its group (its name,
# its link, its place in letter order).
SHOWN_BODY_FIELDS = ("id", "name", "parent_id", "sort_order", "is_active")
# An assignment's own text is long and the dashboard does not show it.
ASSIGNMENT_FIELDS = ("id", "directive_id", "number")


def _duties_and_owed_sql(*, reachable: bool) -> str:
    """The SQL of `_duties_and_owed`, written once: the ORM took longer to put this five-table
    query together (1–2 ms, twice that with the reachability test) than the database to run it,
    on every dashboard, report list and download. `body_reachable_condition` says the same
    test in the ORM for the other pages."""
    duty, assignment, task, body, user, membership = (
        model._meta.db_table for model in (Duty, Assignment, Task, Body, User, Membership)
    )
    shown = ", ".join(f"b.{name}" for name in SHOWN_BODY_FIELDS)
    group = ", ".join(f"g.{name}" for name in SHOWN_BODY_FIELDS)
    reached = "NULL"
    if reachable:
        # Mail reaches a body with an office e-mail, or with an active staff account that has one.
        reached = (
            f"(b.email <> '' OR EXISTS (SELECT 1 FROM {user} u"
            f" INNER JOIN {membership} m ON m.user_id = u.id"
            " WHERE m.body_id = b.id AND u.is_active AND u.email <> ''))"
        )
    return (
        "SELECT d.id, d.assignment_id, d.number, d.text, a.id, a.directive_id, a.number,"
        f" {shown}, {group}, {reached}"
        f" FROM {duty} d INNER JOIN {assignment} a ON a.id = d.assignment_id"
        f" LEFT JOIN {task} t ON t.duty_id = d.id"
        f" LEFT JOIN {body} b ON b.id = t.body_id"
        f" LEFT JOIN {body} g ON g.id = b.parent_id"
        " WHERE a.directive_id = %s ORDER BY a.number, d.number"
    )


DUTIES_AND_OWED_SQL = {
    reachable: _duties_and_owed_sql(reachable=reachable) for reachable in (False, True)
}


def _duties_and_owed(
    directive: Directive, *, reachable: bool = False
) -> tuple[list[Duty], dict[int, Body], dict[int, set[int]]]:
    """The directive's duties in order (with their assignments), the active bodies with a task
    (with their groups; with `reachable`, whether mail reaches each) and the duties each one
    has: one query, a row per task (a duty without any, once)."""
    duties: dict[int, Duty] = {}
    assignments: dict[int, Assignment] = {}
    bodies: dict[int, Body] = {}
    groups: dict[int, Body] = {}
    duties_of: dict[int, set[int]] = {}
    rows = fetch_rows(DUTIES_AND_OWED_SQL[reachable], [directive.pk])
    duty_end = len(DUTY_FIELDS)
    assignment_end = duty_end + len(ASSIGNMENT_FIELDS)
    body_end = assignment_end + len(SHOWN_BODY_FIELDS)
    group_end = body_end + len(SHOWN_BODY_FIELDS)
    active = SHOWN_BODY_FIELDS.index("is_active")
    for values in rows:
        duty_id = values[0]
        if duty_id not in duties:
            assignment_id = values[duty_end]
            if assignment_id not in assignments:
                assignments[assignment_id] = model_from_row(
                    Assignment, ASSIGNMENT_FIELDS, values[duty_end:assignment_end]
                )
            duty = model_from_row(Duty, DUTY_FIELDS, values[:duty_end])
            duty.assignment = assignments[assignment_id]
            duties[duty_id] = duty
        body_values = values[assignment_end:body_end]
        body_id = body_values[0]
        # SQLite says a boolean as 0 or 1.
        if body_id is None or not body_values[active]:
            continue
        duties_of.setdefault(body_id, set()).add(duty_id)
        if body_id in bodies:
            continue
        body = model_from_row(Body, SHOWN_BODY_FIELDS, body_values)
        parent_id = values[body_end]
        if parent_id is not None:
            if parent_id not in groups:
                groups[parent_id] = model_from_row(
                    Body, SHOWN_BODY_FIELDS, values[body_end:group_end]
                )
            body.parent = groups[parent_id]
        if reachable:
            body.reachable = bool(values[group_end])
        bodies[body_id] = body
    return list(duties.values()), bodies, duties_of


def _letter_order(body: Body):
    top = body.parent or body
    return (top.sort_order, top.name, body.parent_id is not None, body.sort_order, body.name)


def late_bodies(*, period: ReportingPeriod, today: datetime.date | None = None) -> list[Body]:
    """Bodies still owing their report for the period after its due date, in letter order."""
    today = today or timezone.localdate()
    if today <= period.body_due:
        return []
    # Every column of the bodies and their groups: a chase writes to each (its name, its address).
    owing = (
        Body.objects.filter(is_active=True, tasks__duty__assignment__directive=period.directive_id)
        .select_related("parent")
        .distinct()
    )
    done = set(
        ProgressReport.objects.filter(
            period=period, state__in=ProgressReport.SENT_STATES
        ).values_list("body_id", flat=True)
    )
    return sorted((body for body in owing if body.pk not in done), key=_letter_order)


def _report_list_url(list_url: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{list_url}?{query}"


class _Report(NamedTuple):
    pk: int
    state: str
    submitted_at: datetime.datetime | None


# The rows of `_period_reports`, told apart by their first column. Each part has its own
# columns in shared slots: report id, period id, body id, text, moment, duty id, day, text, text.
_REPORT, _ENTRY, _CHASE = 0, 1, 2


def _period_reports_sql(*, periods: int, with_cells: bool, with_chases: bool) -> str:
    report, entry, chase, user = (
        model._meta.db_table for model in (ProgressReport, ProgressEntry, Chase, User)
    )
    placeholders = ", ".join(["%s"] * periods)
    # The chart's reports need no moment: parsing one per report was a third of the reading.
    # Typed: PostgreSQL cannot match an untyped NULL column of one part with a typed one.
    parts = [
        f"SELECT {_REPORT}, r.id, r.period_id, r.body_id, r.state,"
        " CASE WHEN r.period_id = %s THEN r.submitted_at END, CAST(NULL AS bigint),"
        " CAST(NULL AS date), CAST(NULL AS text), CAST(NULL AS text)"
        f" FROM {report} r WHERE r.period_id IN ({placeholders})"
    ]
    if with_cells:
        # Only the shown period's reports bring their entries, those with a status. A part of
        # their own: joined to every report of the chart's periods, their index was searched
        # for each report, and the join took three times as long as the rest.
        parts.append(
            f"SELECT {_ENTRY}, e.report_id, NULL, NULL, e.status, NULL, e.duty_id, NULL, NULL,"
            f" NULL FROM {entry} e INNER JOIN {report} r ON r.id = e.report_id"
            " WHERE r.period_id = %s AND e.status <> ''"
        )
    if with_chases:
        # Its day, its moment, and the chaser's names (none when the reminder scan chased).
        parts.append(
            f"SELECT {_CHASE}, NULL, NULL, c.body_id, u.username, c.created_at, NULL,"
            " c.chased_on, u.last_name, u.first_name"
            f" FROM {chase} c LEFT JOIN {user} u ON u.id = c.chased_by_id WHERE c.period_id = %s"
        )
    return " UNION ALL ".join(parts)


class _Chase(NamedTuple):
    body_id: int
    chased_on: datetime.date
    created_at: datetime.datetime
    # The chaser's name, None when the reminder scan chased.
    chased_by: str | None


def _period_reports(
    *,
    period: ReportingPeriod,
    chart_periods: list[ReportingPeriod],
    with_cells: bool,
    with_chases: bool = False,
) -> tuple[
    dict[int, _Report], dict[tuple[int, int], str], list[tuple[int, int, str]], list[_Chase]
]:
    """The period's report of each body and, with `with_cells`, each entry's status by (report,
    duty); (period, body, state) of every report of the chart's periods; and with
    `with_chases`, the period's chases, in no order. One query, written as SQL: the ORM took
    longer to put it together than the database to answer, and the chart and the chases had
    one each of their own."""
    current = period.pk
    period_ids = [current, *(p.pk for p in chart_periods if p.pk != current)]
    chart_ids = {p.pk for p in chart_periods}
    params = [
        current,
        *period_ids,
        *([current] if with_cells else []),
        *([current] if with_chases else []),
    ]
    sql = _period_reports_sql(
        periods=len(period_ids), with_cells=with_cells, with_chases=with_chases
    )
    reports: dict[int, _Report] = {}
    entry_status: dict[tuple[int, int], str] = {}
    chart_states: list[tuple[int, int, str]] = []
    chases: list[_Chase] = []
    for kind, report_id, period_id, owner_id, text, moment, duty_id, *chase in fetch_rows(
        sql, params
    ):
        if kind == _REPORT:
            if period_id in chart_ids:
                chart_states.append((period_id, owner_id, text))
            if period_id == current and owner_id not in reports:
                reports[owner_id] = _Report(report_id, text, utc_moment(moment))
        elif kind == _ENTRY:
            entry_status[(report_id, duty_id)] = text
        else:
            chased_on, last_name, first_name = chase
            by = None
            if text is not None:
                # What User.__str__ says: the full name, else the username.
                by = User.full_name_of(first_name=first_name, last_name=last_name) or text
            chases.append(_Chase(owner_id, calendar_day(chased_on), utc_moment(moment), by))
    return reports, entry_status, chart_states, chases


def dashboard_build(
    *,
    period: ReportingPeriod,
    periods: list[ReportingPeriod] | None = None,
    overview: bool = True,
    assignment_id: int | None = None,
    group_id: int | None = None,
    state: str = "",
    body_id: int | None = None,
    today: datetime.date | None = None,
    with_cells: bool = True,
    directives: list[Directive] | None = None,
) -> Dashboard:
    """The dashboard for a period (with its directive loaded), filters applied.

    The assignment filter narrows the columns to its duties and the rows to bodies with a task
    in it; the group filter keeps a group's members; the state filter narrows the rows only, so
    the totals still show every state and lead to each.

    `periods`, the directive's periods in order when the caller has them, saves reading them
    again. Without `overview` (the report list, the downloads) the chases, the chart and whether
    mail reaches the late bodies, which only the dashboard shows, are not read, and `periods`
    may hold the chosen period alone. Without `with_cells` (the report list) the rows have no
    duty cells. `directives`, read by the caller, are kept for the page's links.
    """
    today = today or timezone.localdate()
    directive = period.directive
    if periods is None:
        periods = list(directive.periods.order_by("ends_on", "kind"))
    all_duties, bodies, duties_of = _duties_and_owed(directive, reachable=overview)
    chart_periods = periods[-CHART_PERIODS:] if overview else []
    reports, entry_status, chart_states, period_chases = _period_reports(
        period=period, chart_periods=chart_periods, with_cells=with_cells, with_chases=overview
    )

    assignments = []
    for duty in all_duties:
        if duty.assignment not in assignments:
            assignments.append(duty.assignment)
    all_assignments = list(assignments)
    invalid = []
    if assignment_id is not None and assignment_id not in {a.pk for a in assignments}:
        invalid.append("assignment")
        assignment_id = None
    if state and state not in FILTER_STATES:
        invalid.append("state")
        state = ""
    if assignment_id is not None:
        assignments = [a for a in assignments if a.pk == assignment_id]
    shown_assignment_ids = {a.pk for a in assignments}
    duties = [d for d in all_duties if d.assignment_id in shown_assignment_ids]
    shown_duty_ids = {d.pk for d in duties}
    groups = sorted(
        {b.parent_id: b.parent for b in bodies.values() if b.parent_id}.values(),
        key=_letter_order,
    )
    if group_id is not None and group_id not in {g.pk for g in groups}:
        invalid.append("group")
        group_id = None

    # Built once: reverse() and a lazy label's gettext cost more than the rest of a cell.
    words = {key: str(label) for key, label in EXECUTION_LABELS.items()}
    columns = [(a, [(d, d.pk) for d in duties if d.assignment_id == a.pk]) for a in assignments]
    # A duty a body does not owe shows the same dash in every row: one cell per duty, shared
    # (cells are never changed once built), instead of one per body and duty.
    not_owed = {d.pk: Cell(d, False) for d in duties}
    report_url = url_maker("reports:report_detail")
    list_url = reverse("reports:report_list")
    rows: list[Row] = []
    for body in sorted(bodies.values(), key=_letter_order):
        if group_id is not None and body.parent_id != group_id:
            continue
        if body_id is not None and body.pk != body_id:
            continue
        if not duties_of[body.pk] & shown_duty_ids:
            continue
        report = reports.get(body.pk)
        key = report_state(
            state=report.state if report else None,
            submitted_at=report.submitted_at if report else None,
            period=period,
        )
        days_late = (
            (today - period.body_due).days
            if key in OUTSTANDING and today > period.body_due
            else None
        )
        if report is not None:
            url = report_url(report.pk)
        else:
            url = f"{list_url}?{urlencode({'period': period.pk, 'body': body.pk})}"
        row = Row(
            body=body,
            group=body.parent,
            report_id=report.pk if report else None,
            state=key,
            submitted_at=report.submitted_at if report else None,
            days_late=days_late,
            url=url,
            duty_ids=duties_of[body.pk],
        )
        rows.append(row)
        if not with_cells:
            continue
        owed = duties_of[body.pk]
        report_id = row.report_id
        row.assignment_cells = []
        for assignment, its_duties in columns:
            cells = []
            for duty, duty_id in its_duties:
                if duty_id not in owed:
                    cells.append(not_owed[duty_id])
                    continue
                status_key = entry_status.get((report_id, duty_id), NOT_STARTED)
                cells.append(Cell(duty, True, status_key, words[status_key]))
            row.assignment_cells.append(AssignmentCell(assignment, cells))
            row.cells += cells

    filters = {
        "period": period.pk,
        "assignment": assignment_id or "",
        "group": group_id or "",
        "state": state,
    }
    base = {"period": period.pk, "assignment": assignment_id, "group": group_id}
    counts = {key: 0 for key in STATE_LABELS}
    for row in rows:
        counts[row.state] += 1
    counts[NOT_REPORTED] += counts[DRAFT]
    totals = [Total("owed", _("owed"), len(rows), _report_list_url(list_url, **base))] + [
        Total(state, label, counts[state], _report_list_url(list_url, **base, state=state))
        for state, label in (
            (SUBMITTED_ON_TIME, _("submitted on time")),
            (SUBMITTED_LATE, _("submitted late")),
            (ACCEPTED, _("accepted")),
            (RETURNED, _("returned")),
            (NOT_REPORTED, _("not reported (drafts included)")),
        )
    ]
    late = [row for row in rows if row.is_late]
    shown_body_ids = {row.body.pk for row in rows}
    # The chased body's name comes from the shown bodies. Chase's own order (latest first,
    # then the body's place) is applied here, on the shown bodies: in SQL it joined every
    # chase's body only to sort by it.
    chased = sorted(
        (chase for chase in period_chases if chase.body_id in shown_body_ids),
        key=lambda chase: bodies[chase.body_id].sort_order,
    )
    # Stable: equal moments keep the body order.
    chased.sort(key=lambda chase: (chase.chased_on, chase.created_at), reverse=True)
    chases: list[ChaseLine] = [
        ChaseLine(chase.body_id, bodies[chase.body_id].name, chase.chased_on, chase.chased_by)
        for chase in chased
    ]
    last_chased: dict[int, datetime.date] = {}
    for chase in chases:
        if chase.chased_on > last_chased.get(chase.body_id, datetime.date.min):
            last_chased[chase.body_id] = chase.chased_on
    for row in late:
        row.last_chased_on = last_chased.get(row.body.pk)
        row.reachable = getattr(row.body, "reachable", True)
    chart = _chart(periods=chart_periods, states=chart_states, body_ids=shown_body_ids)

    if state:
        rows = [row for row in rows if _matches(row, state)]
    return Dashboard(
        directive=directive,
        period=period,
        periods=periods,
        all_assignments=all_assignments,
        assignments=assignments,
        duties=duties,
        groups=groups,
        rows=rows,
        totals=totals,
        late=late,
        chases=chases,
        chart=chart,
        filters=filters,
        today=today,
        invalid=invalid,
        directives=directives or [],
    )


def _matches(row: Row, state: str) -> bool:
    if state == LATE:
        return row.is_late
    if state == NOT_REPORTED:
        return row.state in (NOT_REPORTED, DRAFT)
    return row.state == state


# The chart shows the latest periods only: ten years of them would make the dashboard grow, and
# its bars unreadable.
CHART_PERIODS = 10


def _chart(
    *, periods: list[ReportingPeriod], states: list[tuple[int, int, str]], body_ids: set[int]
) -> list[ChartPoint]:
    """Per period, how many of the shown bodies have reported (submitted or accepted) and how
    many reports were accepted, from each report's (period, body, state)."""
    reported = dict.fromkeys((p.pk for p in periods), 0)
    accepted = dict.fromkeys(reported, 0)
    for period_id, body_id, state in states:
        if body_id not in body_ids:
            continue
        if state in ProgressReport.SENT_STATES:
            reported[period_id] += 1
        if state == State.ACCEPTED:
            accepted[period_id] += 1
    return [
        ChartPoint(period=p, owed=len(body_ids), reported=reported[p.pk], accepted=accepted[p.pk])
        for p in periods
    ]
