"""Who may see and touch which report data: the one place every view asks, one section per
object kind.

Body staff see and change only their own bodies' reports. The Propaganda Board (and
administrators) read everything and review; the Standing Committee reads everything and acts on
nothing. A refusal is a 404 for an object the user may not even see, so a guessed id reveals
nothing, and a 403 for an action on an object the user may see.
"""

import functools

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.shortcuts import get_object_or_404

from assignments.models import Body, Directive, Membership, User
from directive_tracker.sql import fetch_rows, model_from_row

from .models import (
    Evidence,
    Notification,
    ProgressEntry,
    ProgressReport,
    ReportingPeriod,
    Summary,
)
from .selectors.summaries import with_preview

# --- Roles -------------------------------------------------------------------------------------


def board_required(view):
    """For views where the board acts: reviewing, chasing, assembling and issuing summaries."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated or not request.user.is_board:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def overseer_required(view):
    """For pages the board and the Standing Committee read: the dashboard, issued summaries."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated or not (user.is_board or user.is_committee):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


# --- Progress reports and their evidence --------------------------------------------------------


def reports_visible_to(user):
    reports = ProgressReport.objects.all()
    if user.sees_every_body:
        return reports
    return reports.filter(body__in=user.bodies.all())


def report_is_own(user, report: ProgressReport) -> bool:
    """Only the body's own staff change its report: not the board, not the committee."""
    if getattr(report, "own_checked_for", None) == user.pk:
        return report.is_own  # known when the report was loaded
    return user.is_authenticated and user.bodies.filter(pk=report.body_id).exists()


def get_report_for_user(user, pk: int, *, edit: bool = False) -> ProgressReport:
    """The report if the user may see it (and, with edit, change it as its body's staff).
    A user who sees only their bodies' reports owns any report found, so report_is_own needs
    no query; for one who sees every body's, it asks only when a page needs the answer (the
    board reads many reports and can edit none), rather than in this query for every page."""
    report = _report_read(
        pk,
        member_id=None if user.sees_every_body else user.pk,
        reviewer=user.is_board,  # the review panel's, shown to the board alone
    )
    if report is None:
        raise Http404
    if not user.sees_every_body:
        report.own_checked_for, report.is_own = user.pk, True
    if edit and not report_is_own(user, report):
        raise PermissionDenied
    return report


# What the report's pages show of its directive and of the people who sent and reviewed it; the
# rest of those rows is deferred.
_DIRECTIVE_SHOWN = ("id", "number", "symbol")
_USER_SHOWN = ("id", "username", "first_name", "last_name")


def _attnames(model, shown=None) -> tuple[str, ...]:
    return tuple(
        field.attname
        for field in model._meta.concrete_fields
        if shown is None or field.attname in shown
    )


@functools.cache
def _report_sql(*, member: bool, reviewer: bool) -> tuple[str, list]:
    """The statement and its parts: [(model, attnames, alias, related name on the report or
    the period)]. Written as SQL: the ORM took longer to build this five-table read than
    PostgreSQL to plan and run it."""
    quote = connection.ops.quote_name
    parts = [
        (ProgressReport, _attnames(ProgressReport), "r", None),
        (ReportingPeriod, _attnames(ReportingPeriod), "p", "period"),
        (Directive, _attnames(Directive, _DIRECTIVE_SHOWN), "d", "directive"),
        (Body, _attnames(Body), "b", "body"),
        (User, _attnames(User, _USER_SHOWN), "s", "submitted_by"),
    ]
    # Outer joins on foreign keys that cannot be null (so the same rows): PostgreSQL does not
    # reorder them, which took it a quarter of the time it spent planning this read.
    joins = [
        "LEFT OUTER JOIN {period} p ON p.id = r.period_id",
        "LEFT OUTER JOIN {directive} d ON d.id = p.directive_id",
        "LEFT OUTER JOIN {body} b ON b.id = r.body_id",
        "LEFT OUTER JOIN {user} s ON s.id = r.submitted_by_id",
    ]
    if reviewer:
        parts.append((User, _attnames(User, _USER_SHOWN), "v", "reviewed_by"))
        joins.append("LEFT OUTER JOIN {user} v ON v.id = r.reviewed_by_id")
    where = "r.id = %s"
    if member:
        # reports_visible_to's rule for those who see only their bodies (user.bodies is
        # through Membership).
        where += " AND r.body_id IN (SELECT m.body_id FROM {membership} m WHERE m.user_id = %s)"
    tables = {
        name: quote(model._meta.db_table)
        for name, model in (
            ("report", ProgressReport),
            ("period", ReportingPeriod),
            ("directive", Directive),
            ("body", Body),
            ("user", User),
            ("membership", Membership),
        )
    }
    columns = ", ".join(
        f"{alias}.{quote(model._meta.get_field(name).column)}"
        for model, names, alias, _related in parts
        for name in names
    )
    sql = f"SELECT {columns} FROM {{report}} r {' '.join(joins)} WHERE {where}"
    return sql.format(**tables), parts


def _report_read(pk: int, *, member_id: int | None, reviewer: bool) -> ProgressReport | None:
    """The report with its period, directive, body, sender (and, for a reviewer, reviewer) in
    one row; with member_id, only if one of that user's bodies owns it."""
    sql, parts = _report_sql(member=member_id is not None, reviewer=reviewer)
    rows = fetch_rows(sql, [pk] if member_id is None else [pk, member_id])
    if not rows:
        return None
    row, start, found = rows[0], 0, {}
    for model, names, _alias, related in parts:
        values = row[start : start + len(names)]
        start += len(names)
        found[related] = None if values[0] is None else model_from_row(model, names, values)
    report, period = found[None], found["period"]
    period.directive = found["directive"]
    report.period, report.body = period, found["body"]
    report.submitted_by = found["submitted_by"]
    if reviewer:
        report.reviewed_by = found["reviewed_by"]
    return report


def get_entry_for_board(user, pk: int) -> ProgressEntry:
    """An entry of any report, for the board marking its passages for the summary."""
    if not user.is_authenticated or not user.is_board:
        raise PermissionDenied
    return get_object_or_404(ProgressEntry.objects.select_related("report"), pk=pk)


def get_evidence_for_user(user, pk: int) -> Evidence:
    """An evidence file if the user may see its report; a 404 otherwise, as for the report.
    A file the body removed after sending (superseded) is the board's alone."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("entry__report"),
        pk=pk,
        entry__report__in=reports_visible_to(user),
    )
    if evidence.superseded_at is not None and not user.is_board:
        raise Http404
    return evidence


# --- Notifications -----------------------------------------------------------------------------


def get_notification_for_user(user, pk: int) -> Notification:
    """A notification is its addressee's alone; anyone else's is a 404."""
    return get_object_or_404(Notification, pk=pk, user=user)


# --- Periodic summaries ------------------------------------------------------------------------


def summaries_visible_to(user):
    """The board sees every version of a summary, drafts included; the committee only issued
    ones; body staff none."""
    if not user.is_authenticated:
        return Summary.objects.none()
    if user.is_board:
        return Summary.objects.all()
    if user.is_committee:
        return Summary.objects.filter(state=Summary.State.ISSUED)
    return Summary.objects.none()


def get_summary_for_user(user, pk: int, *, edit: bool = False, preview: bool = False) -> Summary:
    """A summary for the board or the committee (403 for anyone else); with edit, the board's.
    With preview, the stored content is left out but for what the summary's page shows
    (selectors.summaries.summary_preview)."""
    if not user.is_authenticated or not (user.is_board or user.is_committee):
        raise PermissionDenied
    summaries = summaries_visible_to(user)
    if preview:
        summary = get_object_or_404(with_preview(summaries), pk=pk)
        if summary.is_issued:
            return summary
        # A draft's page draws its document live from every field of it, its period and its
        # directive: it is read again, whole (its page reads the period's reports anyway).
    summary = get_object_or_404(
        summaries.select_related("period__directive", "issued_by", "created_by"), pk=pk
    )
    if edit and not user.is_board:
        raise PermissionDenied
    return summary
