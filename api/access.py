"""Who may read and write what through the API: the rules of reports.access, asked of the
principal of the request, which is a person (their session) or an API client (its key).

An API client answers the questions those rules ask as a person would (api.models.APIClient):
a client with bodies is their staff, a read-all client reads like the Standing Committee. So a
page and the API can never disagree about who sees a report.
"""

from django.shortcuts import get_object_or_404
from rest_framework.exceptions import PermissionDenied

from assignments.models import Body, Directive, Task
from reports.access import report_is_own, reports_visible_to, summaries_visible_to
from reports.models import ReportingPeriod

# --- Directives and what hangs from them ---------------------------------------------------------


def directives_visible_to(principal):
    """Every signed-in role reads the directives (assignments.access), and so does every client."""
    return Directive.objects.all()


def bodies_visible_to(principal):
    return Body.objects.all()


def tasks_visible_to(principal):
    return Task.objects.all()


def periods_visible_to(principal):
    return ReportingPeriod.objects.all()


# --- Progress reports ----------------------------------------------------------------------------


def api_reports_visible_to(principal):
    return reports_visible_to(principal)


def get_report_for_write(principal, pk: int):
    """The report if its body's staff (or a client with that body) asks; 404 if unseen, 403 if
    seen but not theirs (the board and read-all clients read, never write)."""
    report = get_object_or_404(
        reports_visible_to(principal).select_related("period__directive", "body"), pk=pk
    )
    if not report_is_own(principal, report):
        raise PermissionDenied
    return report


# --- Summaries and the period export -------------------------------------------------------------


def api_summaries_visible_to(principal):
    return summaries_visible_to(principal)


def check_may_export(principal) -> None:
    """A period's export holds every body's report: for those who read every body."""
    if not principal.sees_every_body:
        raise PermissionDenied
