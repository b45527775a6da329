"""The board's dashboard, the report list behind its counts, reviewing and chasing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from assignments.models import Body, Directive
from reports.access import board_required, get_report_for_user, overseer_required
from reports.exports import CSV_DIALECTS, CSV_EXCEL, dashboard_csv, dashboard_xlsx
from reports.forms.review import ReviewForm
from reports.models import ReportingPeriod
from reports.selectors.dashboard import (
    FILTER_STATES,
    dashboard_build,
    dashboard_choices,
    dashboard_default_period,
    dashboard_period,
    execution_legend,
)
from reports.services.chase import chase_body, chase_late_bodies
from reports.services.review import report_accept, report_return

FILTER_ERRORS = {
    "period": gettext_lazy("The chosen reporting period does not exist; the current one is shown."),
    "directive": gettext_lazy("The chosen directive does not exist; the latest one is shown."),
    "assignment": gettext_lazy(
        "The chosen assignment is not part of this directive; all are shown."
    ),
    "group": gettext_lazy(
        "The chosen group owes no report for this directive; all bodies are shown."
    ),
    "state": gettext_lazy("The chosen state is not known; every state is shown."),
    "body": gettext_lazy("The chosen body is not known; every body is shown."),
}


def _int_param(params, name: str, invalid: list[str]) -> int | None:
    value = params.get(name, "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        invalid.append(name)
        return None


def _dashboard_for(request, *, with_body: bool = False, overview: bool = False):
    """The dashboard the query string asks for, and the messages for the filters it ignored.

    With `overview`, the dashboard also has every directive, for its links to the others."""
    params = request.GET
    invalid: list[str] = []
    period = None
    periods = None
    directives = []
    period_id = _int_param(params, "period", invalid)
    if overview:
        # The period filter lists the chosen period's siblings: read with it and the directives.
        directives, periods = dashboard_choices(period_id=period_id)
        period = next((p for p in periods if p.pk == period_id), None)
    elif period_id is not None:
        period = dashboard_period(period_id=period_id)
        periods = [period] if period else None
    if period is None:
        periods = None
        if period_id is not None:
            invalid.append("period")
        directive = None
        directive_id = _int_param(params, "directive", invalid)
        if directive_id is not None:
            directive = Directive.objects.filter(pk=directive_id).first()
            if directive is None:
                invalid.append("directive")
        period = dashboard_default_period(directive=directive)
    if period is None:
        return None, [FILTER_ERRORS[name] for name in invalid]
    body_id = _int_param(params, "body", invalid) if with_body else None
    dashboard = dashboard_build(
        period=period,
        periods=periods,
        overview=overview,
        directives=directives,
        assignment_id=_int_param(params, "assignment", invalid),
        group_id=_int_param(params, "group", invalid),
        state=params.get("state", "").strip(),
        body_id=body_id,
        # The report list shows each body's report, not its duties.
        with_cells=not with_body,
    )
    invalid += dashboard.invalid
    return dashboard, [FILTER_ERRORS[name] for name in dict.fromkeys(invalid)]


@login_required
@overseer_required
def dashboard(request):
    dashboard, errors = _dashboard_for(request, overview=True)
    if dashboard is None:
        return render(request, "reports/dashboard_empty.html", {"errors": errors})
    context = {
        "dashboard": dashboard,
        "errors": errors,
        "filter_states": FILTER_STATES,
        "execution_marks": execution_legend(),
        "can_act": request.user.is_board,
        "directives": dashboard.directives,
        "chart": [
            {
                "label": capfirst(str(point.period.label)),
                "reported": point.reported_pct,
                "accepted": point.accepted_pct,
            }
            for point in dashboard.chart
        ],
    }
    return render(request, "reports/dashboard.html", context)


@login_required
@overseer_required
def dashboard_export(request, fmt: str):
    dashboard, _errors = _dashboard_for(request)
    if dashboard is None or fmt not in ("csv", "xlsx"):
        raise Http404
    if fmt == "csv":
        dialect = request.GET.get("dialect", CSV_EXCEL)
        if dialect not in CSV_DIALECTS:
            raise Http404
        return dashboard_csv(dashboard, dialect=dialect)
    return dashboard_xlsx(dashboard)


@login_required
@overseer_required
def report_list(request):
    """The reports behind a count or a cell of the dashboard, with the same filters."""
    dashboard, errors = _dashboard_for(request, with_body=True)
    if dashboard is None:
        return render(request, "reports/dashboard_empty.html", {"errors": errors})
    state = dashboard.filters["state"]
    context = {
        "dashboard": dashboard,
        "errors": errors,
        "state_label": FILTER_STATES.get(state, ""),
    }
    return render(request, "reports/report_list.html", context)


def _review_failed(
    request, *, report, error: ValidationError, comment: str, returning: bool, status=None
):
    """Shows why the review failed, keeping the comment the reviewer typed."""
    if status is None:
        status = 400 if returning and not comment.strip() else 409
    context = {
        "report": report,
        "errors": error.messages,
        "comment": comment,
        "returning": returning,
    }
    return render(request, "reports/dashboard_review_failed.html", context, status=status)


@login_required
@board_required
@require_POST
def report_accept_view(request, pk: int):
    report = get_report_for_user(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _review_failed(
            request,
            report=report,
            error=ValidationError(form.error_messages_list()),
            comment="",
            returning=False,
            status=400,
        )
    try:
        report_accept(report=report, user=request.user, version=form.cleaned_data["version"])
    except ValidationError as error:
        return _review_failed(request, report=report, error=error, comment="", returning=False)
    messages.success(request, _("The report was accepted; the body's staff have been told."))
    return redirect(report.get_absolute_url())


@login_required
@board_required
@require_POST
def report_return_view(request, pk: int):
    report = get_report_for_user(request.user, pk)
    comment = request.POST.get("comment", "")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _review_failed(
            request,
            report=report,
            error=ValidationError(form.error_messages_list()),
            comment=comment,
            returning=True,
            status=400,
        )
    try:
        report_return(
            report=report,
            user=request.user,
            comment=form.cleaned_data["comment"],
            version=form.cleaned_data["version"],
        )
    except ValidationError as error:
        return _review_failed(request, report=report, error=error, comment=comment, returning=True)
    messages.success(request, _("The report was returned; the body's staff have been told."))
    return redirect(report.get_absolute_url())


def _back_to_dashboard(request, period: ReportingPeriod):
    target = request.POST.get("next", "")
    # Only a path of this site; redirect() would take a bare word for a view name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return redirect(f"{reverse('reports:dashboard')}?period={period.pk}")


def _tell_unreachable(request, bodies: list[Body]) -> None:
    """Names the chased bodies nobody received, each linked to its page in the admin, where an
    office e-mail can be added."""
    links = format_html_join(
        ", ",
        '<a href="{}">{}</a>',
        ((reverse("admin:assignments_body_change", args=[body.pk]), body.name) for body in bodies),
    )
    text = ngettext(
        "%(count)d body could not be reached: it has no staff account with an e-mail and no "
        "office e-mail. Add one to reach it:",
        "%(count)d bodies could not be reached: they have no staff account with an e-mail and no "
        "office e-mail. Add one to reach them:",
        len(bodies),
    ) % {"count": len(bodies)}
    messages.warning(request, format_html("{} {}", text, links))


@login_required
@board_required
@require_POST
def chase_body_view(request, period_pk: int, body_pk: int):
    period = get_object_or_404(ReportingPeriod.objects.select_related("directive"), pk=period_pk)
    body = get_object_or_404(Body, pk=body_pk)
    try:
        chase = chase_body(period=period, body=body, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _back_to_dashboard(request, period)
    if chase is None:
        messages.info(
            request,
            _("%(body)s was already chased today; it is not chased twice in a day.")
            % {"body": body.name},
        )
    elif chase.reached:
        messages.success(request, _("%(body)s was chased and reached.") % {"body": body.name})
    else:
        _tell_unreachable(request, [chase.body])
    return _back_to_dashboard(request, period)


@login_required
@board_required
@require_POST
def chase_late_view(request, period_pk: int):
    period = get_object_or_404(ReportingPeriod.objects.select_related("directive"), pk=period_pk)
    chases = chase_late_bodies(period=period, user=request.user)
    if not chases:
        messages.info(request, _("No late body was left to chase today."))
        return _back_to_dashboard(request, period)
    reached = [chase for chase in chases if chase.reached]
    messages.success(
        request,
        ngettext(
            "%(count)d late body was chased and reached.",
            "%(count)d late bodies were chased and reached.",
            len(reached),
        )
        % {"count": len(reached)},
    )
    unreachable = [chase.body for chase in chases if not chase.reached]
    if unreachable:
        _tell_unreachable(request, unreachable)
    return _back_to_dashboard(request, period)
