"""The directive's page, which is also the home page: the letter from `assignments` with the
panel of what the user's bodies owe from `reports`. It lives in the project package, which may
use both apps, so that `assignments` never imports `reports`."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from assignments.access import get_directive_for_user
from assignments.models import Directive
from assignments.selectors import directive_overview
from reports.selectors.progress import owed_reports

from .urlreuse import url_maker


@login_required
def home(request):
    # Every directive in one read, the latest first (the model's ordering): the page shows it
    # and links the others. Every role reads every directive (access.py).
    directives = list(Directive.objects.all())
    if not directives:
        return render(request, "assignments/no_directive.html")
    return _directive_page(request, directives[0], directives)


@login_required
def directive_detail(request, pk: int):
    directive = get_directive_for_user(request.user, pk)
    others = Directive.objects.only("pk", "number", "symbol", "date", "summary")
    return _directive_page(request, directive, list(others))


def _directive_page(request, directive: Directive, directives: list[Directive]):
    # One reverse() for the links to every directive rather than one each.
    directive_url = url_maker("assignments:directive_detail")
    for other in directives:
        other.url = directive_url(other.pk)
    # The overview reads the user's bodies with the others: they mark the user's tasks and
    # choose the panel of what they owe.
    overview = directive_overview(directive=directive, user=request.user)
    context = {
        "directive": directive,
        "directives": directives,
        # The model's ordering starts with the directive, which would join it for nothing.
        "documents": list(directive.documents.order_by("relation", "date")),
        "assignments": overview.assignments,
        "recipients": overview.recipients,
        "owed_reports": _owed_reports(request.user, overview.own_body_ids),
    }
    return render(request, "assignments/directive_detail.html", context)


def _owed_reports(user, body_ids):
    """The panel of what the user's bodies owe; None (no panel) for a user with nothing owed
    who is not a body's staff, such as the committee."""
    owed = owed_reports(user=user, today=timezone.localdate(), body_ids=body_ids)
    if not owed and user.role != user.Role.BODY_STAFF:
        return None
    return owed
