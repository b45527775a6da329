"""Reads for the body's report pages: the form's entries, what a user's bodies owe, history."""

import datetime
import functools
from dataclasses import dataclass, field
from itertools import groupby

from django.db import connection
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from assignments.models import Assignment, Body, Duty, Indicator, Membership, Task, User
from directive_tracker.sql import calendar_day, fetch_rows, model_from_row, utc_moment

from ..models import (
    Evidence,
    IndicatorFigure,
    ProgressEntry,
    ProgressReport,
    ReportingPeriod,
    SummaryHighlight,
)

State = ProgressReport.State
# Joins a change reason and the API client that made the write: "saved; via API: E-office".
VIA_API = "; via API: "


class EntryList(list):
    """The report's entries, and `new_duty_ids`: the duties tasked to the body since the report
    was opened, which have no entry yet (looked for only when asked); `history_records`, the
    report's history when it was read with them."""

    new_duty_ids: tuple[int, ...] = ()
    history_records = None


# report_entries reads its rows, of several kinds, in one statement (a UNION ALL), each kind's
# columns in shared slots, typed: PostgreSQL cannot match an untyped NULL column of one table
# with a typed one. Written as SQL for the reason the history is (_history_records).
_ENTRY_SLOTS = {
    # In the order and of the types of the history's columns (_history_records): the report
    # page reads both in one statement.
    "id": "bigint",
    "parent": "bigint",
    "m1": "timestamp with time zone",
    "t1": "text",
    "t2": "text",
    "n1": "bigint",
    "t3": "text",
    "t4": "text",
    "t5": "text",
    "u1": "text",
    "u2": "text",
    "u3": "text",
    "u4": "text",
    "n2": "bigint",
    "n3": "bigint",
    "u5": "integer",
    "m2": "timestamp with time zone",
}
# Where each slot is in a row (after the kind).
_ID, _PARENT, _N1, _N2, _N3, _T1, _T2, _T3, _T4, _T5, _U1, _U2, _U3, _M1, _M2 = (
    1 + list(_ENTRY_SLOTS).index(slot)
    for slot in (
        "id",
        "parent",
        "n1",
        "n2",
        "n3",
        "t1",
        "t2",
        "t3",
        "t4",
        "t5",
        "u1",
        "u2",
        "u3",
        "m1",
        "m2",
    )
)
_ENTRY, _ASSIGNMENT, _INDICATOR, _FIGURE, _EVIDENCE, _EVIDENCE_BY, _NEW_DUTY, _MARK = range(8)
# The history's rows (_history_parts), with report_entries' history: their kinds from here.
_HISTORY = 100
_OF_REPORT = "IN (SELECT e.id FROM e)"
# A file's columns, in both parts that read the files.
_EVIDENCE_COLUMNS = {
    "id": "v.id",
    "parent": "v.entry_id",
    "n1": "v.size",
    "n2": "v.uploaded_by_id",
    "n3": "v.superseded_by_id",
    "t1": "v.file",
    "t2": "v.original_name",
    "t3": "v.content_type",
    "m1": "v.uploaded_at",
    "m2": "v.superseded_at",
}
_ENTRY_PARTS = {
    _ENTRY: (
        "e INNER JOIN {duty} d ON d.id = e.duty_id",
        {
            "id": "e.id",
            "parent": "e.duty_id",
            "n1": "d.assignment_id",
            "n2": "d.number",
            "t1": "e.status",
            "t2": "e.results",
            "t3": "e.difficulties",
            "t4": "e.proposals",
            "t5": "d.text",
        },
    ),
    _ASSIGNMENT: (
        "{assignment} a WHERE a.id IN"
        " (SELECT d.assignment_id FROM {duty} d INNER JOIN e ON e.duty_id = d.id)",
        {"id": "a.id", "n1": "a.directive_id", "n2": "a.number", "t1": "a.text"},
    ),
    _INDICATOR: (
        "{indicator} i WHERE i.duty_id IN (SELECT e.duty_id FROM e)",
        {"id": "i.id", "parent": "i.duty_id", "n1": "i.sort_order", "t1": "i.name", "t2": "i.unit"},
    ),
    _FIGURE: (
        "{figure} f WHERE f.entry_id " + _OF_REPORT,
        {"id": "f.id", "parent": "f.entry_id", "n1": "f.indicator_id", "n2": "f.value"},
    ),
    _EVIDENCE: ("{evidence} v WHERE v.entry_id " + _OF_REPORT, _EVIDENCE_COLUMNS),
    # The files with the names of those who removed them, for the board: a join here rather
    # than a part of its own, which made PostgreSQL slower to take the whole statement.
    _EVIDENCE_BY: (
        "{evidence} v LEFT OUTER JOIN {user} s ON s.id = v.superseded_by_id"
        " WHERE v.entry_id " + _OF_REPORT,
        {
            **_EVIDENCE_COLUMNS,
            "u1": "s.last_name",
            "u2": "s.first_name",
            "u3": "s.username",
        },
    ),
    _NEW_DUTY: (
        "{task} t INNER JOIN {duty} d ON d.id = t.duty_id"
        " INNER JOIN {assignment} a ON a.id = d.assignment_id"
        " WHERE t.body_id = %s AND a.directive_id = %s"
        " AND t.duty_id NOT IN (SELECT e.duty_id FROM e)",
        {"id": "t.duty_id"},
    ),
    _MARK: (
        "{mark} h WHERE h.entry_id " + _OF_REPORT,
        {
            "id": "h.id",
            "parent": "h.entry_id",
            "n1": "h.marked_by_id",
            "t1": "h.field",
            "t2": "h.excerpt",
            "m1": "h.marked_at",
        },
    ),
}
_ENTRY_TABLES = {
    "entry": ProgressEntry,
    "duty": Duty,
    "assignment": Assignment,
    "indicator": Indicator,
    "figure": IndicatorFigure,
    "evidence": Evidence,
    "user": User,
    "task": Task,
    "mark": SummaryHighlight,
}


_EVIDENCE_FIELDS = (
    "id",
    "entry_id",
    "file",
    "original_name",
    "content_type",
    "size",
    "uploaded_by_id",
    "uploaded_at",
    "superseded_at",
    "superseded_by_id",
)


def _slots(row: tuple, *slots: int) -> tuple:
    return tuple(row[slot] for slot in slots)


def _entry_rows(report: ProgressReport, kinds, *, history: bool = False) -> list[tuple]:
    quote = connection.ops.quote_name
    tables = {name: quote(model._meta.db_table) for name, model in _ENTRY_TABLES.items()}
    parts, params = [], [report.pk]
    for kind in kinds:
        source, columns = _ENTRY_PARTS[kind]
        slots = ", ".join(
            columns.get(slot) or f"CAST(NULL AS {null})" for slot, null in _ENTRY_SLOTS.items()
        )
        parts.append(f"SELECT {kind}, {slots} FROM {source.format(**tables)}")
        if kind == _NEW_DUTY:
            params += [report.body_id, report.period.directive_id]
    if history:
        history_parts = _history_parts(base=_HISTORY)
        parts += history_parts
        params += [report.pk] * len(history_parts)
    # The report's entries read once for every part: planning the same subquery in each part
    # took longer than running the whole statement.
    entries = f"WITH e AS (SELECT * FROM {tables['entry']} WHERE report_id = %s) "
    return fetch_rows(entries + " UNION ALL ".join(parts), params)


def report_entries(
    *,
    report: ProgressReport,
    superseded: bool = False,
    passages: bool = False,
    new_duties: bool = False,
    history: bool = False,
) -> EntryList:
    """The report's entries in order, with their duty and assignment, in one query whatever the
    number of duties (see _entry_rows). Each entry gets plain lists rather than related
    managers: `indicators` (its duty's, in order), `figure_values` {indicator id: value},
    `figure_rows` [(indicator, value or None)], `evidence_list` (its files still attached,
    oldest first), `superseded_list` (with `superseded`: those the body removed after sending,
    and who removed them; empty otherwise) and `status_label`; with `passages`, `passages` with
    the board's marks (see _set_passages). With `new_duties`, the list's `new_duty_ids` names
    the duties tasked to the body that have no entry yet, for report_entries_ensure. With
    `history`, the report's history is read in the same statement, for report_history."""
    evidence_kind = _EVIDENCE_BY if superseded else _EVIDENCE
    kinds = [_ENTRY, _ASSIGNMENT, _INDICATOR, _FIGURE, evidence_kind]
    if new_duties:
        kinds.append(_NEW_DUTY)
    if passages:
        kinds.append(_MARK)
    rows_of = {kind: [] for kind in kinds}
    history_rows = []
    for row in _entry_rows(report, kinds, history=history):
        (rows_of[row[0]] if row[0] < _HISTORY else history_rows).append(row)
    assignments = {
        row[_ID]: model_from_row(
            Assignment, ("id", "directive_id", "number", "text"), _slots(row, _ID, _N1, _N2, _T1)
        )
        for row in rows_of[_ASSIGNMENT]
    }
    indicators, figures, evidence, marks = {}, {}, {}, {}
    for row in sorted(rows_of[_INDICATOR], key=lambda row: (row[_N1], row[_ID])):
        indicators.setdefault(row[_PARENT], []).append(
            model_from_row(
                Indicator,
                ("id", "duty_id", "name", "unit", "sort_order"),
                _slots(row, _ID, _PARENT, _T1, _T2, _N1),
            )
        )
    for row in rows_of[_FIGURE]:
        figures.setdefault(row[_PARENT], {})[row[_N1]] = row[_N2]
    users = {}
    files = []
    for row in rows_of[evidence_kind]:
        if row[_M2] is not None and not superseded:
            continue
        item = model_from_row(
            Evidence,
            _EVIDENCE_FIELDS,
            _slots(row, _ID, _PARENT, _T1, _T2, _T3, _N1, _N2, _M1, _M2, _N3),
        )
        if superseded and row[_N3] is not None and row[_U3] is not None:
            remover = users.get(row[_N3])
            if remover is None:
                remover = users[row[_N3]] = User(
                    pk=row[_N3], last_name=row[_U1], first_name=row[_U2], username=row[_U3]
                )
            item.superseded_by = remover
        files.append(item)
    files.sort(key=lambda item: (item.uploaded_at, item.pk))
    for item in files:
        evidence.setdefault(item.entry_id, []).append(item)
    for row in rows_of.get(_MARK, ()):
        marks[row[_PARENT], row[_T1]] = model_from_row(
            SummaryHighlight,
            ("id", "entry_id", "field", "excerpt", "marked_at", "marked_by_id"),
            _slots(row, _ID, _PARENT, _T1, _T2, _M1, _N1),
        )
    entries = EntryList()
    for row in rows_of[_ENTRY]:
        duty = model_from_row(
            Duty, ("id", "assignment_id", "number", "text"), _slots(row, _PARENT, _N1, _N2, _T5)
        )
        duty.assignment = assignments[row[_N1]]
        entry = model_from_row(
            ProgressEntry,
            ("id", "report_id", "duty_id", "status", "results", "difficulties", "proposals"),
            (row[_ID], report.pk, *_slots(row, _PARENT, _T1, _T2, _T3, _T4)),
        )
        entry.report, entry.duty = report, duty
        entries.append(entry)
    entries.sort(key=lambda entry: (entry.duty.assignment.number, entry.duty.number))
    entries.new_duty_ids = tuple(row[_ID] for row in rows_of.get(_NEW_DUTY, ()))
    if history:
        entries.history_records = _history_from_rows(history_rows, base=_HISTORY)
    status_labels = dict(ProgressEntry.Status.choices)
    for entry in entries:
        entry.indicators = indicators.get(entry.duty_id, [])
        entry.figure_values = values = figures.get(entry.pk, {})
        entry.figure_rows = [
            (indicator, values.get(indicator.pk)) for indicator in entry.indicators
        ]
        files = evidence.get(entry.pk, [])
        entry.evidence_list = [item for item in files if item.superseded_at is None]
        entry.superseded_list = [item for item in files if item.superseded_at is not None]
        for item in entry.superseded_list:
            item.entry = entry
        entry.status_label = capfirst(str(status_labels.get(entry.status, entry.status)))
    if passages:
        _set_passages(entries, marks)
    return entries


@dataclass
class AssignmentGroup:
    assignment: Assignment
    entries: list = field(default_factory=list)


def entries_by_assignment(entries: list[ProgressEntry]) -> list[AssignmentGroup]:
    return [
        AssignmentGroup(assignment=assignment, entries=list(items))
        for assignment, items in groupby(entries, key=lambda entry: entry.duty.assignment)
    ]


@dataclass
class OwedReport:
    """A report of the home panel: the few columns it shows, read as plain values."""

    pk: int
    state: str
    body_name: str
    body_code: str
    body_due: datetime.date
    days_left: int | None  # days until the due date (0 = due today), when still owed
    days_late: int | None  # days past the due date, when still owed or sent late
    period_label: str = ""  # worked out once: the panel shows it three times

    @property
    def owed(self) -> bool:
        return self.state in ProgressReport.OUTSTANDING_STATES


# The home panel lists at most this many reports, the latest due: a body that never sent some
# reports of past years would otherwise see the page grow with every year.
OWED_PANEL_LIMIT = 20


def _owed_sql() -> str:
    report, period, body = (
        model._meta.db_table for model in (ProgressReport, ReportingPeriod, Body)
    )
    return (
        "SELECT r.id, r.state, r.submitted_at, p.kind, p.year, p.body_due, b.name, b.code"
        f" FROM {report} r INNER JOIN {period} p ON p.id = r.period_id"
        f" INNER JOIN {body} b ON b.id = r.body_id"
        # {bodies}: the bodies' ids, or OWED_OF_USER_SQL.
        " WHERE r.body_id IN ({bodies}) AND p.starts_on <= %s"
        # Accepted reports stay until the period's summary is due.
        " AND (r.state <> %s OR p.summary_due >= %s)"
        " ORDER BY p.body_due DESC, p.kind DESC, b.sort_order DESC, b.name DESC, r.id DESC"
        " LIMIT %s"
    )


OWED_SQL = _owed_sql()
OWED_OF_USER_SQL = f"SELECT body_id FROM {Membership._meta.db_table} WHERE user_id = %s"


class OwedList(list):
    """The owed reports, with `older_hidden` set when older ones were left out."""

    older_hidden = False


def owed_reports(
    *, user: User, today: datetime.date, limit: int = OWED_PANEL_LIMIT, body_ids=None
) -> list[OwedReport]:
    """For the staff home panel: the reports of the user's bodies for periods that have begun,
    until they are accepted and the period's summary is due; the `limit` latest due, oldest
    first. One query; none when the caller gives the user's `body_ids` and there are none."""
    owed = OwedList()
    if body_ids is not None and not body_ids:
        return owed
    if body_ids is None:
        bodies_sql, params = OWED_OF_USER_SQL, [user.pk]
    else:
        bodies_sql = ", ".join(["%s"] * len(body_ids))
        params = list(body_ids)
    # The panel shows a few columns of a few reports: plain rows, written as SQL because the
    # ORM took longer to build this query than the database took to run it.
    latest = fetch_rows(
        OWED_SQL.format(bodies=bodies_sql),
        [*params, today, State.ACCEPTED, today, limit + 1],
    )
    owed.older_hidden = len(latest) > limit
    for pk, state, submitted_at, kind, year, due, body_name, body_code in reversed(latest[:limit]):
        submitted_at, due = utc_moment(submitted_at), calendar_day(due)
        days_left = days_late = None
        if state in ProgressReport.OUTSTANDING_STATES:
            delta = (due - today).days
            days_left, days_late = (delta, None) if delta >= 0 else (None, -delta)
        elif submitted_at and ReportingPeriod.late_for(submitted_at, due):
            days_late = (timezone.localdate(submitted_at) - due).days
        owed.append(
            OwedReport(
                pk=pk,
                state=state,
                body_name=body_name,
                body_code=body_code,
                body_due=due,
                days_left=days_left,
                days_late=days_late,
                period_label=ReportingPeriod.label_of(kind, year),
            )
        )
    return owed


# ---- history -------------------------------------------------------------------------------

ACTION_LABELS = {
    "saved": _("Saved the draft"),
    "submitted": _("Submitted the report"),
    "evidence added": _("Attached a file"),
    "evidence removed": _("Removed a file"),
    "evidence superseded": _("Removed a file (kept for the board)"),
    "accepted": _("Accepted the report"),
    "returned": _("Returned the report"),
}

REPORT_FIELDS = ("state", "review_comment")
ENTRY_FIELDS = ("status", "results", "difficulties", "proposals")


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryStep:
    when: datetime.datetime
    user: User | None
    reason: str
    changes: list[Change] = field(default_factory=list)

    @property
    def action(self) -> str:
        reason, via_api, client = self.reason.partition(VIA_API)
        label = ACTION_LABELS.get(reason, reason or _("Changed"))
        if via_api:
            return _("%(action)s (via API: %(client)s)") % {"action": label, "client": client}
        return label


class _FieldWords:
    """The words of a history's fields, looked up once per history: each field's label, and
    its choices' labels. Not at import time: they are in the reader's language."""

    def __init__(self, model, fields):
        self.fields = fields
        self.labels, self.choices = {}, {}
        for name in fields:
            model_field = model._meta.get_field(name)
            label = str(model_field.verbose_name)
            self.labels[name] = f"{label[:1].upper()}{label[1:]}"
            if model_field.choices:
                self.choices[name] = dict(model_field.flatchoices)

    def display(self, name: str, value) -> str:
        if value in (None, ""):
            return ""
        choices = self.choices.get(name)
        if choices is not None:
            return capfirst(str(choices.get(value, value)))
        return str(value)


def _field_changes(words: _FieldWords, old, new, prefix: str) -> list[Change]:
    changes = []
    for name in words.fields:
        before = getattr(old, name) if old is not None else None
        after = getattr(new, name) if new is not None else None
        if (before or "") == (after or ""):
            continue
        changes.append(
            Change(
                label=f"{prefix}{words.labels[name]}",
                old=words.display(name, before),
                new=words.display(name, after),
            )
        )
    return changes


@functools.cache
def _history_model(model):
    return model.history.model


def _history(model):
    """The model's historical records. Not `model.history`: simple_history builds a new manager
    class (through inspect.getmembers) at each access, milliseconds a page for four reads."""
    return _history_model(model)._default_manager.all()


# Each history's own columns, in the shared slots of the one query that reads all four: text,
# text, text, text, entry id, indicator id, value, superseded at. None: the slot stays empty.
_HISTORY_SLOTS = (
    (ProgressReport, ("state", "review_comment", None, None, None, None, None, None)),
    (ProgressEntry, ("status", "results", "difficulties", "proposals", None, None, None, None)),
    (IndicatorFigure, (None, None, None, None, "entry_id", "indicator_id", "value", None)),
    (Evidence, ("original_name", None, None, None, "entry_id", None, None, "superseded_at")),
)
# Typed: PostgreSQL cannot match an untyped NULL column of one table with a typed one.
_SLOT_NULLS = ("text",) * 4 + ("bigint", "bigint", "integer", "timestamp with time zone")
_WHERE = (
    "h.id = %s",
    "h.report_id = %s",
    "h.entry_id IN (SELECT he.id FROM {entries} he WHERE he.report_id = %s)",
    "h.entry_id IN (SELECT he.id FROM {entries} he WHERE he.report_id = %s)",
)


class _Record:
    """A historical record read as plain values: the columns walk() and the describers read."""

    def __init__(self, row, user, kind: int):
        self.kind = kind
        self.id, self.history_id, date, self.history_type = row[1:5]
        self.history_date = utc_moment(date)
        self.history_change_reason = row[5]
        self.history_user = user
        for name, value in zip(_HISTORY_SLOTS[self.kind][1], row[10:], strict=True):
            if name is not None:
                setattr(self, name, utc_moment(value) if name == "superseded_at" else value)


def _history_parts(base: int = 0) -> list[str]:
    """The SELECT of each history, each taking the report's id; their kinds from `base`."""
    quote = connection.ops.quote_name
    users = quote(User._meta.db_table)
    entries = quote(_history_model(ProgressEntry)._meta.db_table)
    parts = []
    for kind, ((model, slots), where) in enumerate(zip(_HISTORY_SLOTS, _WHERE, strict=True)):
        columns = ", ".join(
            f"h.{quote(name)}" if name else f"CAST(NULL AS {null})"
            for name, null in zip(slots, _SLOT_NULLS, strict=True)
        )
        parts.append(
            f"SELECT {base + kind}, h.id, h.history_id, h.history_date, h.history_type,"
            " h.history_change_reason, h.history_user_id, u.last_name, u.first_name,"
            f" u.username, {columns} FROM {quote(_history_model(model)._meta.db_table)} h"
            f" LEFT JOIN {users} u ON u.id = h.history_user_id"
            f" WHERE {where.format(entries=entries)}"
        )
    return parts


def _history_records(report: ProgressReport) -> list[_Record]:
    """The historical records of the report, its entries, their figures and files, with the
    name of the user who wrote each, in one query (a UNION ALL of the four tables), written as
    SQL: the ORM took twice as long to put four queries together as the database to answer
    them, and longer still for their union."""
    parts = _history_parts()
    return _history_from_rows(fetch_rows(" UNION ALL ".join(parts), [report.pk] * len(parts)))


def _history_from_rows(rows, base: int = 0) -> list[_Record]:
    users_by_id, records = {}, []
    for row in rows:
        user_id = row[6]
        if user_id is not None and user_id not in users_by_id:
            users_by_id[user_id] = User(
                pk=user_id, last_name=row[7], first_name=row[8], username=row[9]
            )
        records.append(_Record(row, users_by_id.get(user_id), row[0] - base))
    return records


def report_history(*, report: ProgressReport, entries=None) -> list[HistoryStep]:
    """Every recorded step of the report, newest first: who, when, what it was, and what changed
    field by field. The records of the report, its entries, figures and files are merged, those
    one action wrote grouped into one step. Three queries whatever the length of the history;
    one when given the report's entries from report_entries (their duties and indicators);
    none when report_entries read the history too."""
    records = getattr(entries, "history_records", None)
    if records is None:
        records = _history_records(report)
    report_records = [record for record in records if record.kind == 0]
    entry_records = [record for record in records if record.kind == 1]
    figure_records = [record for record in records if record.kind == 2]
    evidence_records = [record for record in records if record.kind == 3]
    entry_ids = {record.id for record in entry_records}
    report_words = _FieldWords(ProgressReport, REPORT_FIELDS)
    entry_words = _FieldWords(ProgressEntry, ENTRY_FIELDS)
    if entries is not None:
        duty_labels = {entry.pk: entry.duty.label for entry in entries}
        indicators = {
            indicator.pk: indicator for entry in entries for indicator in entry.indicators
        }
    else:
        duty_labels = {
            entry.pk: entry.duty.label
            for entry in ProgressEntry.objects.filter(pk__in=entry_ids).select_related(
                "duty__assignment"
            )
        }
        indicators = {
            indicator.pk: indicator
            for indicator in Indicator.objects.filter(
                pk__in={record.indicator_id for record in figure_records}
            )
        }

    items = []  # (when, user, reason, changes)

    def walk(records, describe, *, steps_without_changes=False):
        records = sorted(records, key=lambda r: (r.id, r.history_date, r.history_id))
        for _key, group in groupby(records, key=lambda r: r.id):
            previous = None
            for record in group:
                changes = describe(previous, record)
                if changes or (steps_without_changes and record.history_change_reason):
                    items.append((record.history_date, record.history_user, record, changes))
                previous = record if record.history_type != "-" else None

    def duty_prefix(entry_id):
        label = duty_labels.get(entry_id)
        return _("Duty %(label)s: ") % {"label": label} if label else ""

    def describe_report(previous, record):
        if previous is None:
            return [] if record.history_change_reason is None else _report_changes(None, record)
        return _report_changes(previous, record)

    def _report_changes(previous, record):
        return _field_changes(report_words, previous, record, "")

    def describe_entry(previous, record):
        if previous is None and record.history_change_reason is None:
            return []  # opened with the period: nothing was written by a person
        return _field_changes(entry_words, previous, record, duty_prefix(record.id))

    def describe_figure(previous, record):
        indicator = indicators.get(record.indicator_id)
        label = f"{duty_prefix(record.entry_id)}{capfirst(str(indicator or ''))}"
        before = "" if previous is None else str(previous.value)
        after = "" if record.history_type == "-" else str(record.value)
        return [Change(label=label, old=before, new=after)] if before != after else []

    def describe_evidence(previous, record):
        prefix = duty_prefix(record.entry_id)
        if record.superseded_at and (previous is None or not previous.superseded_at):
            return [
                Change(
                    label=prefix + _("Removed a file (kept for the board)"),
                    old=record.original_name,
                    new="",
                )
            ]
        if record.history_type == "-":
            return [Change(label=prefix + _("Removed a file"), old=record.original_name, new="")]
        if previous is None:
            return [Change(label=prefix + _("Attached a file"), old="", new=record.original_name)]
        return []

    walk(report_records, describe_report, steps_without_changes=True)
    walk(entry_records, describe_entry)
    walk(figure_records, describe_figure)
    walk(evidence_records, describe_evidence)

    # A save writes the entries, figures and files first and the report's own record last, in
    # one transaction: the report's record closes the step and takes the person's records
    # written before it. Records with no report record after them (an administrator's edit)
    # form steps of their own.
    items.sort(key=lambda item: (item[0], item[2].kind == 0))
    steps: list[HistoryStep] = []
    pending: list = []
    for when, user, record, changes in items:
        user_id = user.pk if user else None
        if record.kind != 0:
            pending.append((when, user, record, changes))
            continue
        step = HistoryStep(when=when, user=user, reason=record.history_change_reason or "")
        kept = []
        for item in pending:
            if (item[1].pk if item[1] else None) == user_id:
                step.changes.extend(item[3])
            else:
                kept.append(item)
        pending = kept
        step.changes.extend(changes)
        steps.append(step)
    for when, user, record, changes in pending:
        steps.append(
            HistoryStep(
                when=when, user=user, reason=record.history_change_reason or "", changes=changes
            )
        )
    steps.sort(key=lambda step: step.when)
    steps.reverse()
    return steps


def _set_passages(entries, marks) -> None:
    """Gives each entry `passages`: [(field, Label, text, highlight or None)] for its results,
    difficulties and proposals, with the board's mark for the summary ({(entry id, field):
    highlight})."""
    fields = [(field, capfirst(str(label))) for field, label in SummaryHighlight.Field.choices]
    for entry in entries:
        entry.passages = [
            (field, label, getattr(entry, field), marks.get((entry.pk, field)))
            for field, label in fields
        ]


def superseded_evidence(*, report: ProgressReport, entries=None) -> list[Evidence]:
    """Files the body removed after the board could see them, newest removal first; from the
    report's entries when given (report_entries loaded them), without a query."""
    if entries is not None:
        files = [item for entry in entries for item in entry.superseded_list]
        return sorted(files, key=lambda item: (item.superseded_at, item.pk), reverse=True)
    return list(
        Evidence.objects.filter(entry__report=report, superseded_at__isnull=False)
        .select_related("entry__duty__assignment", "superseded_by")
        .order_by("-superseded_at", "-pk")
    )
