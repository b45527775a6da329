"""A body's progress report: saving a draft, attaching evidence, submitting.

States (ProgressReport.State): not reported → draft (any save) → submitted (a complete report
sent). The board's review (reports.services.review) then accepts it, or returns it, after which
its body edits it again (returned → draft → submitted). Submitted and accepted reports are
read-only to the body.

Two staff of a body may edit the same draft: every save carries the version the form was loaded
from and claims the report with a conditional UPDATE on it, so a save made from a stale form is
refused (ReportConflict) instead of silently overwriting the other person's text.

Every write is recorded by django-simple-history with one of the change reasons below, which
the report's history (reports.selectors.progress.report_history) groups into steps.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Prefetch
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.models import Indicator, Task

from .. import events
from ..models import Evidence, IndicatorFigure, ProgressEntry, ProgressReport
from ..models.evidence import EVIDENCE_TYPES
from ..selectors.progress import VIA_API
from .evidence_files import evidence_file_written, evidence_files_atomic

State = ProgressReport.State

# History change reasons (English constants; the history page translates them).
REASON_SAVED = "saved"
REASON_SUBMITTED = "submitted"
REASON_EVIDENCE_ADDED = "evidence added"
REASON_EVIDENCE_REMOVED = "evidence removed"
REASON_EVIDENCE_SUPERSEDED = "evidence superseded"

EDITABLE_STATES = ProgressReport.OUTSTANDING_STATES
ENTRY_TEXT_FIELDS = ("status", "results", "difficulties", "proposals")


class ReportNotEditable(Exception):
    """The report was submitted or accepted: its body may not change it now."""

    def __init__(self, report: ProgressReport):
        self.report = report
        super().__init__(
            _("This report has been %(state)s and can no longer be changed.")
            % {"state": report.get_state_display()}
        )


class ReportConflict(Exception):
    """Someone saved the report after this form was loaded; nothing of this save was written."""

    def __init__(self, report: ProgressReport):
        self.report = report
        super().__init__(
            _(
                "Someone else saved this report while you were editing it, so your changes "
                "have not been saved. What you typed is kept below: compare it with the saved "
                "report, then save again. Files you chose must be chosen again."
            )
        )


class ReportIncomplete(Exception):
    """Submit found missing answers. What was typed has been saved as a draft.

    errors: {duty id: {field: message}}, field one of "status", "results", "figure_<indicator id>".
    """

    def __init__(self, report: ProgressReport, errors: dict[int, dict[str, str]]):
        self.report = report
        self.errors = errors
        super().__init__(_("The report has not been sent: complete the fields marked below."))


@dataclass
class EntryInput:
    """What the form holds for one duty. None (or an absent key) leaves a value as it is."""

    status: str | None = None
    results: str | None = None
    difficulties: str | None = None
    proposals: str | None = None
    # indicator id -> figure; None clears the figure.
    figures: dict[int, int | None] = field(default_factory=dict)
    uploads: list[UploadedFile] = field(default_factory=list)
    remove_evidence: list[int] = field(default_factory=list)


def evidence_check(*, upload: UploadedFile) -> str:
    """The file's MIME type if it is acceptable evidence; ValidationError in words otherwise.

    The type is read from the content (a renamed .exe is refused) and must agree with the
    extension (a PNG named .pdf is refused too), so the download's type can be trusted.
    """
    extension = PurePosixPath(upload.name or "").suffix.lower()
    if extension not in EVIDENCE_TYPES:
        raise ValidationError(
            _("“%(name)s”: only PDF, DOCX, XLSX, JPG and PNG files are accepted.")
            % {"name": upload.name},
            code="extension",
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": upload.name}, code="empty")
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the largest file accepted is %(limit)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.EVIDENCE_MAX_BYTES),
            },
            code="size",
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime != EVIDENCE_TYPES[extension]:
        raise ValidationError(
            _(
                "“%(name)s” is not a real %(type)s file (its content does not match its name). "
                "Only PDF, DOCX, XLSX, JPG and PNG files are accepted."
            )
            % {"name": upload.name, "type": extension[1:].upper()},
            code="content",
        )
    return kind.mime


def report_entries_ensure(
    *, report: ProgressReport, duty_ids: Iterable[int] | None = None
) -> list[ProgressEntry]:
    """Adds the entries for duties tasked to the body after the report was opened: those named
    (report_entries found them with its new_duties), or those the database finds."""
    if duty_ids is None:
        duty_ids = list(
            Task.objects.filter(
                body_id=report.body_id, duty__assignment__directive_id=report.period.directive_id
            )
            .exclude(duty_id__in=report.entries.values("duty_id"))
            .values_list("duty_id", flat=True)
        )
    if not duty_ids:
        return []
    return ProgressEntry.objects.bulk_create(
        [ProgressEntry(report=report, duty_id=duty_id) for duty_id in duty_ids],
        ignore_conflicts=True,
    )


def _record(instance, *, user, reason: str, via: str = ""):
    instance._change_reason = f"{reason}{VIA_API}{via}" if via else reason
    instance._history_user = user


def _claim(*, report: ProgressReport, expected_version: int) -> ProgressReport:
    """Takes the next version of the report, or refuses; the UPDATE's WHERE is the lock."""
    claimed = ProgressReport.objects.filter(
        pk=report.pk, version=expected_version, state__in=EDITABLE_STATES
    ).update(version=F("version") + 1)
    current = ProgressReport.objects.select_related("period__directive", "body").get(pk=report.pk)
    if not claimed:
        if current.state not in EDITABLE_STATES:
            raise ReportNotEditable(current)
        raise ReportConflict(current)
    return current


# Left out of full_clean at every save: links the code set, not the person, which the database's
# foreign keys check anyway; validating each costs a query.
ENTRY_KEYS = ["report", "duty"]
REPORT_KEYS = ["period", "body", "submitted_by", "reviewed_by"]


def _entry_write(
    *,
    entry: ProgressEntry,
    data: EntryInput,
    user,
    indicators,
    figures,
    keep_removed: bool,
    via: str = "",
) -> None:
    changed = False
    for name in ENTRY_TEXT_FIELDS:
        value = getattr(data, name)
        if value is not None and value != getattr(entry, name):
            setattr(entry, name, value)
            changed = True
    if changed:
        _record(entry, user=user, reason=REASON_SAVED, via=via)
        entry.full_clean(exclude=ENTRY_KEYS, validate_unique=False, validate_constraints=False)
        entry.save()
    for indicator_id, value in data.figures.items():
        if indicator_id not in indicators:
            continue
        figure = figures.get(indicator_id)
        if value is None:
            if figure is not None:
                _record(figure, user=user, reason=REASON_SAVED, via=via)
                figure.delete()
            continue
        if figure is None:
            figure = IndicatorFigure(entry=entry, indicator_id=indicator_id, value=value)
        elif figure.value == value:
            continue
        figure.value = value
        _record(figure, user=user, reason=REASON_SAVED, via=via)
        figure.full_clean(validate_unique=False, validate_constraints=False)
        figure.save()
    # Asked only when files are named: even an empty query compiles the evidence's ordering,
    # which runs through five models, for each of the report's duties at every save.
    removed = (
        entry.evidence.filter(pk__in=data.remove_evidence, superseded_at__isnull=True)
        if data.remove_evidence
        else ()
    )
    for evidence in removed:
        if keep_removed:
            # The board may have read it: it stays, out of the report, in the history.
            evidence.superseded_at = timezone.now()
            evidence.superseded_by = user
            _record(evidence, user=user, reason=REASON_EVIDENCE_SUPERSEDED, via=via)
            evidence.save(update_fields=["superseded_at", "superseded_by"])
            continue
        stored = evidence.file.name
        _record(evidence, user=user, reason=REASON_EVIDENCE_REMOVED, via=via)
        evidence.delete()
        # The file goes only once the removal is committed, so a rollback keeps both.
        transaction.on_commit(lambda name=stored: Evidence.file.field.storage.delete(name))
    for upload in data.uploads:
        mime = evidence_check(upload=upload)
        evidence = Evidence(
            entry=entry,
            original_name=PurePosixPath(upload.name).name[:255],
            content_type=mime,
            size=upload.size,
            uploaded_by=user,
        )
        evidence.file.save(upload.name, upload, save=False)
        evidence_file_written(evidence.file.name)
        _record(evidence, user=user, reason=REASON_EVIDENCE_ADDED, via=via)
        evidence.full_clean()
        evidence.save()


def report_save_draft(
    *,
    report: ProgressReport,
    user,
    entries: Mapping[int, EntryInput],
    expected_version: int,
    via: str = "",
) -> ProgressReport:
    """Saves what the body typed (incomplete is fine) and makes the report a draft.

    entries: {duty id: EntryInput}. Raises ReportConflict when the report changed since
    `expected_version`, ReportNotEditable when it is submitted or accepted. Returns the report
    as saved (with its new version). `via` names the API client that made the write, for the
    history.
    """
    with evidence_files_atomic():
        current = _claim(report=report, expected_version=expected_version)
        report_entries_ensure(report=current)
        by_duty = {
            entry.duty_id: entry
            for entry in current.entries.select_related("duty").prefetch_related(
                "duty__indicators", Prefetch("figures", queryset=IndicatorFigure.objects.order_by())
            )
        }
        for duty_id, data in entries.items():
            entry = by_duty.get(duty_id)
            if entry is None:
                continue
            _entry_write(
                entry=entry,
                data=data,
                user=user,
                indicators={indicator.pk for indicator in entry.duty.indicators.all()},
                figures={figure.indicator_id: figure for figure in entry.figures.all()},
                via=via,
                keep_removed=current.submitted_at is not None,
            )
        current.state = State.DRAFT
        _record(current, user=user, reason=REASON_SAVED, via=via)
        current.full_clean(exclude=REPORT_KEYS, validate_unique=False, validate_constraints=False)
        current.save()
    return current


def report_missing(*, report: ProgressReport) -> dict[int, dict[str, str]]:
    """What a complete report still lacks, per duty: a status, what was done, every figure."""
    errors: dict[int, dict[str, str]] = {}
    entries = report.entries.select_related("duty").prefetch_related(
        "duty__indicators", Prefetch("figures", queryset=IndicatorFigure.objects.order_by())
    )
    for entry in entries:
        missing = {}
        if not entry.status:
            missing["status"] = _("Choose the status of this duty.")
        if not entry.results.strip():
            missing["results"] = _("Describe what was done for this duty.")
        have = {figure.indicator_id for figure in entry.figures.all()}
        for indicator in entry.duty.indicators.all():
            if indicator.pk not in have:
                missing[f"figure_{indicator.pk}"] = _("Enter the figure (0 if none).")
        if missing:
            errors[entry.duty_id] = missing
    return errors


def report_submit(
    *,
    report: ProgressReport,
    user,
    entries: Mapping[int, EntryInput],
    expected_version: int,
    via: str = "",
) -> ProgressReport:
    """Saves everything first (a failed submit loses nothing, files included), then sends the
    report if it is complete. Raises ReportIncomplete (the report stays a draft, saved),
    ReportConflict or ReportNotEditable."""
    saved = report_save_draft(
        report=report, user=user, entries=entries, expected_version=expected_version, via=via
    )
    errors = report_missing(report=saved)
    if errors:
        raise ReportIncomplete(saved, errors)
    with transaction.atomic():
        current = _claim(report=saved, expected_version=saved.version)
        current.state = State.SUBMITTED
        current.submitted_at = timezone.now()
        current.first_sent_at = current.first_sent_at or current.submitted_at
        current.submitted_by = user
        _record(current, user=user, reason=REASON_SUBMITTED, via=via)
        current.full_clean(exclude=REPORT_KEYS, validate_unique=False, validate_constraints=False)
        current.save()
        events.announce(event=events.REPORT_SENT, report=current)
    return current


def indicator_create(*, duty, name: str, unit: str, sort_order: int = 0, user) -> Indicator:
    """The board (or an administrator) adds a number a duty is measured by."""
    indicator = Indicator(duty=duty, name=name.strip(), unit=unit.strip(), sort_order=sort_order)
    _record(indicator, user=user, reason="indicator added")
    indicator.full_clean()
    indicator.save()
    return indicator


def indicator_update(*, indicator: Indicator, name: str, unit: str, sort_order: int, user):
    indicator.name, indicator.unit, indicator.sort_order = name.strip(), unit.strip(), sort_order
    _record(indicator, user=user, reason="indicator changed")
    indicator.full_clean()
    indicator.save()
    return indicator


def indicator_delete(*, indicator: Indicator, user) -> None:
    """Refused (ValidationError) once a body has reported a figure for it: figures are history."""
    if indicator.figures.exists():
        raise ValidationError(
            _("Bodies have already reported figures for this indicator; it cannot be deleted.")
        )
    _record(indicator, user=user, reason="indicator deleted")
    indicator.delete()
