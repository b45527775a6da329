"""One reporting period as a documented JSON for the Party's central task system (README, "Period
export"): the directive, its assignments, duties and tasks, each body's report with statuses,
results and figures, and the issued summary's reference. Shared by `manage.py export_period`
and GET /api/v1/periods/<id>/export/."""

from django.db.models import Prefetch
from django.utils import timezone

from assignments.models import Assignment, Duty, Indicator, Task
from reports.models import IndicatorFigure, ProgressEntry, ProgressReport, ReportingPeriod, Summary

FORMAT = "directive-tracker.period-export/1"


def _date(value):
    return value.isoformat() if value else None


def period_export(*, period: ReportingPeriod) -> dict:
    directive = period.directive
    assignments = Assignment.objects.filter(directive=directive).prefetch_related(
        Prefetch(
            "duties",
            queryset=Duty.objects.prefetch_related(
                Prefetch("indicators", queryset=Indicator.objects.order_by("sort_order", "pk")),
                Prefetch("tasks", queryset=Task.objects.select_related("body")),
            ),
        )
    )
    reports = (
        ProgressReport.objects.filter(period=period)
        .select_related("body")
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=ProgressEntry.objects.select_related("duty__assignment").prefetch_related(
                    Prefetch(
                        "figures", queryset=IndicatorFigure.objects.select_related("indicator")
                    )
                ),
            )
        )
        .order_by("body__sort_order", "body__name")
    )
    summary = (
        Summary.objects.filter(period=period, state=Summary.State.ISSUED)
        .order_by("-version")
        .first()
    )
    return {
        "format": FORMAT,
        "generated_at": timezone.now().isoformat(),
        "directive": {
            "id": directive.pk,
            "reference": directive.reference,
            "number": directive.number,
            "symbol": directive.symbol,
            "date": _date(directive.date),
            "issuer": directive.issuer,
            "summary": directive.summary,
        },
        "period": {
            "id": period.pk,
            "kind": period.kind,
            "year": period.year,
            "label": str(period.label),
            "starts_on": _date(period.starts_on),
            "ends_on": _date(period.ends_on),
            "data_cutoff": _date(period.data_cutoff),
            "body_due": _date(period.body_due),
            "summary_due": _date(period.summary_due),
        },
        "assignments": [
            {
                "number": assignment.number,
                "text": assignment.text,
                "duties": [
                    {
                        "id": duty.pk,
                        "label": f"{assignment.number}.{duty.number}",
                        "text": duty.text,
                        "indicators": [
                            {"id": i.pk, "name": i.name, "unit": i.unit}
                            for i in duty.indicators.all()
                        ],
                        "tasks": [
                            {"body": task.body.code, "role": task.role} for task in duty.tasks.all()
                        ],
                    }
                    for duty in assignment.duties.all()
                ],
            }
            for assignment in assignments
        ],
        "reports": [
            {
                "body": report.body.code,
                "body_name": report.body.name,
                "state": report.state,
                "version": report.version,
                "submitted_at": _date(report.submitted_at),
                "late": period.sent_late(report.submitted_at or timezone.now()),
                "reviewed_at": _date(report.reviewed_at),
                "review_comment": report.review_comment,
                "entries": [
                    {
                        "duty": entry.duty.label,
                        "status": entry.status,
                        "results": entry.results,
                        "difficulties": entry.difficulties,
                        "proposals": entry.proposals,
                        "figures": [
                            {
                                "indicator": figure.indicator_id,
                                "name": figure.indicator.name,
                                "unit": figure.indicator.unit,
                                "value": figure.value,
                            }
                            for figure in entry.figures.all()
                        ],
                    }
                    for entry in sorted(
                        report.entries.all(),
                        key=lambda e: (e.duty.assignment.number, e.duty.number),
                    )
                ],
            }
            for report in reports
        ],
        "summary": None
        if summary is None
        else {
            "id": summary.pk,
            "version": summary.version,
            "number": summary.number,
            "reference": summary.reference,
            "issued_on": _date(summary.issued_on),
        },
    }
