"""The body's report pages: read, fill in and submit, evidence downloads; the board's indicators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assignments.models import Directive, Duty, Indicator

from ..access import (
    board_required,
    get_entry_for_board,
    get_evidence_for_user,
    get_report_for_user,
    report_is_own,
)
from ..forms.progress import IndicatorForm, ReportForm
from ..models import ProgressReport
from ..selectors.progress import (
    entries_by_assignment,
    report_entries,
    report_history,
    superseded_evidence,
)
from ..services.highlights import highlight_mark, highlight_unmark
from ..services.progress import (
    EDITABLE_STATES,
    ReportConflict,
    ReportIncomplete,
    ReportNotEditable,
    indicator_create,
    indicator_delete,
    indicator_update,
    report_entries_ensure,
    report_missing,
    report_save_draft,
    report_submit,
)


@login_required
def report_detail(request, pk: int):
    report = get_report_for_user(request.user, pk)
    entries = report_entries(
        report=report, superseded=request.user.is_board, passages=True, history=True
    )
    can_highlight = request.user.is_board and report.state in ProgressReport.SENT_STATES
    context = {
        "report": report,
        "can_highlight": can_highlight,
        "groups": entries_by_assignment(entries),
        "history": report_history(report=report, entries=entries),
        "can_edit": report.state in EDITABLE_STATES and report_is_own(request.user, report),
        "show_review": request.user.is_board,
        "superseded_evidence": (
            superseded_evidence(report=report, entries=entries) if request.user.is_board else []
        ),
    }
    return render(request, "reports/report_detail.html", context)


@login_required
@require_POST
def entry_highlight(request, pk: int):
    """The board marks (or unmarks) a passage of an entry for the periodic summary."""
    entry = get_entry_for_board(request.user, pk)
    field = request.POST.get("field", "")
    try:
        if request.POST.get("action") == "unmark":
            highlight_unmark(entry=entry, field=field)
            messages.success(request, _("The passage is no longer marked for the summary."))
        else:
            highlight_mark(
                entry=entry, field=field, user=request.user, excerpt=request.POST.get("excerpt", "")
            )
            messages.success(request, _("The passage will be quoted in the periodic summary."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{entry.report.get_absolute_url()}#duty-{entry.duty_id}-title")


def _form_again(*, request, old_form, report, extra_errors=None):
    """The form re-bound to what the person typed, at the report's current version, with the
    errors found: after a save that partly failed, or a refused one. Nothing typed is lost."""
    data = request.POST.copy()
    data["version"] = str(report.version)
    for key in [key for key in data if key.endswith("_remove")]:
        del data[key]  # the files they named are gone (or the save was refused): ask again
    form = ReportForm(data, entries=report_entries(report=report))
    form.is_valid()
    for name, errors in old_form.errors.items():
        if name.endswith("_files") and name in form.fields:
            for error in errors:
                form.add_error(name, error)
    if extra_errors:
        form.add_missing_errors(extra_errors)
    return form


@login_required
def report_edit(request, pk: int):
    report = get_report_for_user(request.user, pk, edit=True)
    if report.state not in EDITABLE_STATES:
        messages.info(
            request,
            _("This report has been %(state)s and can no longer be changed.")
            % {"state": report.get_state_display()},
        )
        return redirect(report)
    entries = report_entries(report=report, new_duties=True)
    if entries.new_duty_ids:
        report_entries_ensure(report=report, duty_ids=entries.new_duty_ids)
        entries = report_entries(report=report)
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, entries=entries)
        valid = form.is_valid()
        version = form.cleaned_data.get("version")
        if version is None:
            raise PermissionDenied  # the hidden field only goes missing when forged
        submitting = "submit" in request.POST
        try:
            if submitting and valid:
                report = report_submit(
                    report=report,
                    user=request.user,
                    entries=form.entry_inputs(),
                    expected_version=version,
                )
                messages.success(request, _("The report has been sent to the Propaganda Board."))
                return redirect(report)
            report = report_save_draft(
                report=report,
                user=request.user,
                entries=form.entry_inputs(),
                expected_version=version,
            )
            if valid:
                messages.success(request, _("The draft has been saved."))
                return redirect("reports:report_edit", pk=report.pk)
            partly_saved = _(
                "Everything else is saved, but some fields have errors: they are marked below."
            )
            missing = None
            if submitting:
                partly_saved += " " + _("The report has not been sent.")
                missing = report_missing(report=report)
            messages.error(request, partly_saved)
            form = _form_again(request=request, old_form=form, report=report, extra_errors=missing)
        except ReportIncomplete as exc:
            report = exc.report
            messages.error(request, str(exc) + " " + _("What you typed has been saved as a draft."))
            form = _form_again(
                request=request, old_form=form, report=exc.report, extra_errors=exc.errors
            )
        except ReportConflict as exc:
            report = exc.report
            messages.error(request, str(exc))
            form = _form_again(request=request, old_form=form, report=exc.report)
            status = 409
        except ReportNotEditable as exc:
            messages.error(request, str(exc))
            return redirect(exc.report)
        if form.errors:
            status = 409 if status == 409 else 422
    else:
        form = ReportForm(initial={"version": report.version}, entries=entries)
    context = {
        "report": report,
        "form": form,
        "groups": entries_by_assignment(form.entries),
        "error_summary": _error_summary(form),
    }
    return render(request, "reports/report_edit.html", context, status=status)


def _error_summary(form) -> list[tuple[str, str, str]]:
    """(anchor, "1.2 – field label", errors) for the list of errors above the form."""
    if not form.errors:
        return []
    labels = {f"d{entry.duty_id}_": entry.duty.label for entry in form.entries}
    summary = []
    for name, errors in form.errors.items():
        if name not in form.fields or name == "version":
            continue
        bound = form[name]
        anchor = bound.auto_id
        if name.endswith("_status") or name.endswith("_remove"):
            anchor += "_0"  # the first radio button or checkbox of the group
        prefix = labels.get(name.split("_", 1)[0] + "_", "")
        summary.append((anchor, f"{prefix} – {bound.label}", " ".join(errors)))
    return summary


@login_required
def evidence_download(request, pk: int):
    evidence = get_evidence_for_user(request.user, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@board_required
def indicator_list(request, directive_pk: int):
    directive = get_object_or_404(Directive, pk=directive_pk)
    duties = (
        Duty.objects.filter(assignment__directive=directive)
        .select_related("assignment")
        .prefetch_related("indicators")
        .order_by("assignment__number", "number")
    )
    context = {"directive": directive, "duties": duties, "form": IndicatorForm()}
    return render(request, "reports/indicator_list.html", context)


@login_required
@board_required
@require_POST
def indicator_create_view(request, duty_pk: int):
    duty = get_object_or_404(Duty.objects.select_related("assignment__directive"), pk=duty_pk)
    form = IndicatorForm(request.POST, instance=Indicator(duty=duty))
    if form.is_valid():
        indicator_create(
            duty=duty,
            name=form.cleaned_data["name"],
            unit=form.cleaned_data["unit"],
            sort_order=form.cleaned_data["sort_order"] or 0,
            user=request.user,
        )
        messages.success(request, _("The indicator has been added."))
        return redirect("reports:indicator_list", directive_pk=duty.assignment.directive_id)
    context = {"form": form, "duty": duty, "directive": duty.assignment.directive}
    return render(request, "reports/indicator_form.html", context, status=422)


@login_required
@board_required
def indicator_update_view(request, pk: int):
    indicator = get_object_or_404(Indicator.objects.select_related("duty__assignment"), pk=pk)
    duty = indicator.duty
    if request.method == "POST":
        form = IndicatorForm(request.POST, instance=Indicator.objects.get(pk=pk))
        if form.is_valid():
            indicator_update(
                indicator=indicator,
                name=form.cleaned_data["name"],
                unit=form.cleaned_data["unit"],
                sort_order=form.cleaned_data["sort_order"] or 0,
                user=request.user,
            )
            messages.success(request, _("The indicator has been saved."))
            return redirect("reports:indicator_list", directive_pk=duty.assignment.directive_id)
    else:
        form = IndicatorForm(instance=indicator)
    context = {
        "form": form,
        "duty": duty,
        "indicator": indicator,
        "directive": duty.assignment.directive,
    }
    return render(request, "reports/indicator_form.html", context)


@login_required
@board_required
@require_POST
def indicator_delete_view(request, pk: int):
    indicator = get_object_or_404(Indicator.objects.select_related("duty__assignment"), pk=pk)
    directive_pk = indicator.duty.assignment.directive_id
    try:
        indicator_delete(indicator=indicator, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The indicator has been deleted."))
    return redirect("reports:indicator_list", directive_pk=directive_pk)
