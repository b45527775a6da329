"""Who may see and touch which report data: the one place every view asks, one section per
object kind.

Body staff see and change only their own bodies' reports. The Propaganda Board (and
administrators) read everything and review; the Standing Committee reads everything and acts on
nothing. A refusal is a 404 for an object the user may not even see, so a guessed id reveals
nothing, and a 403 for an action on an object the user may see.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Evidence, Notification, ProgressEntry, ProgressReport, Summary
from .selectors.summaries import with_preview

# --- Roles -------------------------------------------------------------------------------------


def board_required(view):
    """For views where the board acts: reviewing, chasing, assembling and issuing summaries."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated or not request.user.is_board:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def overseer_required(view):
    """For pages the board and the Standing Committee read: the dashboard, issued summaries."""

    @wraps(view)
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
    related = ["period__directive", "body", "submitted_by"]
    if user.is_board:
        related.append("reviewed_by")  # the review panel's, shown to the board alone
    report = get_object_or_404(reports_visible_to(user).select_related(*related), pk=pk)
    if not user.sees_every_body:
        report.own_checked_for, report.is_own = user.pk, True
    if edit and not report_is_own(user, report):
        raise PermissionDenied
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
