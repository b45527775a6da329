"""The periodic summary (báo cáo định kỳ): listing, assembling, editing, issuing, downloading.

The board acts; the Standing Committee reads issued versions and downloads them; body staff are
refused everywhere (reports.access).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import board_required, get_summary_for_user, overseer_required
from ..documents import FORMATS
from ..downloads import summary_file_response
from ..forms.summaries import SummaryForm, SummaryIssueForm
from ..models import ReportingPeriod, Summary
from ..selectors.summaries import (
    periods_with_summaries,
    summaries_for_period,
    summary_issue_warnings,
    summary_preview,
    summary_suggested_number,
)
from ..services.summaries import (
    summary_assemble,
    summary_issue,
    summary_issue_check,
    summary_new_version,
    summary_update,
)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@overseer_required
def summary_index(request):
    return render(
        request,
        "reports/summary_index.html",
        {"page": periods_with_summaries(user=request.user, page=request.GET.get("page"))},
    )


@login_required
@overseer_required
def summary_period(request, period_pk: int):
    period = get_object_or_404(ReportingPeriod.objects.select_related("directive"), pk=period_pk)
    summaries = summaries_for_period(period=period, user=request.user)
    return render(
        request,
        "reports/summary_period.html",
        {
            "period": period,
            "summaries": summaries,
            "has_draft": any(not s.is_issued for s in summaries),
        },
    )


@login_required
@board_required
@require_POST
def summary_assemble_view(request, period_pk: int):
    period = get_object_or_404(ReportingPeriod.objects.select_related("directive"), pk=period_pk)
    try:
        summary = summary_assemble(period=period, user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("reports:summary_period", period_pk=period.pk)
    messages.success(request, _("A draft summary has been assembled from the bodies' reports."))
    return redirect("reports:summary_edit", pk=summary.pk)


def _directive_admin_url(user, directive) -> str:
    """Where the letter's number is entered, for those who may enter it."""
    if user.has_perm("assignments.change_directive"):
        return reverse("admin:assignments_directive_change", args=[directive.pk])
    return ""


def _detail(request, summary, *, issue_form=None, status=200):
    if not (request.user.is_board and summary.is_issued):
        is_latest = False  # only asked for offering the board a new version of an issued one
    elif hasattr(summary, "has_newer_version"):
        is_latest = not summary.has_newer_version
    else:
        is_latest = not summary.period.summaries.filter(version__gt=summary.version).exists()
    if issue_form is None and request.user.is_board and not summary.is_issued:
        issue_form = SummaryIssueForm(
            action=reverse("reports:summary_issue", args=[summary.pk]),
            initial={
                "number": summary_suggested_number(symbol=summary.symbol, day=timezone.localdate()),
                "issued_on": timezone.localdate(),
            },
        )
    # An issued version cites a numbered letter: its page does not read the directive.
    directive_unnumbered = not summary.is_issued and not summary.period.directive.number.strip()
    return render(
        request,
        "reports/summary_detail.html",
        {
            "summary": summary,
            "document": summary_preview(summary=summary),
            "issue_form": issue_form,
            "can_start_version": request.user.is_board and summary.is_issued and is_latest,
            "formats": list(FORMATS),
            "directive_unnumbered": directive_unnumbered,
            # Only shown with the warning; asking costs the user's permissions (two queries).
            "directive_admin_url": _directive_admin_url(request.user, summary.period.directive)
            if directive_unnumbered
            else "",
        },
        status=status,
    )


@login_required
def summary_detail(request, pk: int):
    summary = get_summary_for_user(request.user, pk, preview=True)
    return _detail(request, summary)


@login_required
def summary_edit(request, pk: int):
    summary = get_summary_for_user(request.user, pk, edit=True)
    if summary.is_issued:
        messages.error(
            request,
            _("This summary has been issued and can no longer be changed. Create a new version."),
        )
        return redirect(summary)
    form = SummaryForm(request.POST or None, instance=summary)
    if request.method == "POST" and form.is_valid():
        try:
            summary_update(
                summary=summary,
                user=request.user,
                values=form.cleaned_data,
                expected_revision=form.cleaned_data["revision"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            if error.code == "conflict":
                # The text typed stays in the form; saving it again now knowingly replaces
                # the other person's, which the summary's own page shows.
                data = request.POST.copy()
                data["revision"] = Summary.objects.get(pk=summary.pk).revision
                form.data = data
        else:
            messages.success(request, _("The draft has been saved."))
            return redirect(summary)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "reports/summary_edit.html", {"summary": summary, "form": form}, status=status
    )


def _issue_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_POST
def summary_issue_view(request, pk: int):
    """Issuing takes two steps: the number and date, then a confirmation that lists what is
    still missing; only the confirmed form issues."""
    summary = get_summary_for_user(request.user, pk, edit=True)
    form = SummaryIssueForm(
        request.POST, action=reverse("reports:summary_issue", args=[summary.pk])
    )
    if form.is_valid():
        number, issued_on = form.cleaned_data["number"], form.cleaned_data["issued_on"]
        try:
            if not form.cleaned_data["confirmed"]:
                number = summary_issue_check(summary=summary, number=number, issued_on=issued_on)
                return render(
                    request,
                    "reports/summary_issue_confirm.html",
                    {
                        "summary": summary,
                        "number": number,
                        "reference": f"{number}-{summary.symbol}",
                        "issued_on": issued_on,
                        "warnings": summary_issue_warnings(summary=summary, issued_on=issued_on),
                    },
                )
            summary_issue(summary=summary, user=request.user, number=number, issued_on=issued_on)
        except ValidationError as error:
            _issue_errors(form, error)
        else:
            summary.refresh_from_db()
            messages.success(
                request,
                _("Summary %(reference)s has been issued.") % {"reference": summary.reference},
            )
            return redirect(summary)
    summary.refresh_from_db()
    return _detail(request, summary, issue_form=form, status=400)


@login_required
@require_POST
def summary_new_version_view(request, pk: int):
    summary = get_summary_for_user(request.user, pk, edit=True)
    try:
        draft = summary_new_version(summary=summary, user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(summary)
    messages.success(
        request, _("Version %(version)s has been created as a draft.") % {"version": draft.version}
    )
    return redirect("reports:summary_edit", pk=draft.pk)


@login_required
def summary_download(request, pk: int, fmt: str):
    summary = get_summary_for_user(request.user, pk)
    if fmt not in FORMATS:
        raise Http404
    return summary_file_response(summary, fmt)
