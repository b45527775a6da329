"""Reads for the periodic summary: the period's data as one JSON-ready dict.

The documents are drawn only from this dict (and the summary's own fields), so an issued summary
prints exactly what was frozen in `Summary.content`, whatever the bodies' reports say later.
"""

from collections import defaultdict

from django.db.models import Max, Sum
from django.utils import timezone, translation

from assignments.models import Assignment, Body, Indicator, Task

from ..documents.common import display_date
from ..documents.layout import layout, nfc, party_date_numeric, place_and_date
from ..models import IndicatorFigure, ProgressEntry, ProgressReport, ReportingPeriod, Summary
from ..paging import Slice, slice_page

SECTION_KEYS = ["deployment", "results", "limitations", "direction", "proposals"]
DOCUMENT_LANGUAGE = "vi"


def summaries_for_period(*, period: ReportingPeriod, user) -> list[Summary]:
    summaries = period.summaries.select_related("issued_by", "created_by")
    if not user.is_board:
        summaries = summaries.filter(state=Summary.State.ISSUED)
    return list(summaries.order_by("-version"))


SUMMARY_INDEX_PER_PAGE = 20


def periods_with_summaries(*, user, page=1) -> Slice:
    """One page of the periods, newest first, with the versions the user may see attached. Only
    the columns the list shows are read: an issued version's stored content is not."""
    periods = slice_page(
        ReportingPeriod.objects.select_related("directive")
        .only(
            "id",
            "kind",
            "year",
            "summary_due",
            "ends_on",
            "directive__id",
            "directive__number",
            "directive__symbol",
        )
        .order_by("-ends_on", "kind", "pk"),
        number=page,
        per_page=SUMMARY_INDEX_PER_PAGE,
    )
    summaries = (
        Summary.objects.filter(period__in=[period.pk for period in periods.object_list])
        .only("id", "period", "version", "state", "number", "symbol")
        .order_by("-version")
    )
    if not user.is_board:
        summaries = summaries.filter(state=Summary.State.ISSUED)
    by_period = defaultdict(list)
    for summary in summaries:
        by_period[summary.period_id].append(summary)
    for period in periods.object_list:
        period.visible_summaries = by_period[period.pk]
    return periods


def previous_period(period: ReportingPeriod) -> ReportingPeriod | None:
    """The last earlier period of the same kind, the one the figures are compared with."""
    return (
        ReportingPeriod.objects.filter(
            directive_id=period.directive_id, kind=period.kind, ends_on__lt=period.ends_on
        )
        .order_by("-ends_on")
        .first()
    )


def _local_date(moment) -> str:
    return timezone.localdate(moment).isoformat() if moment else ""


def _accepted_totals(period: ReportingPeriod | None) -> dict[int, int]:
    if period is None:
        return {}
    rows = (
        IndicatorFigure.objects.filter(
            entry__report__period=period, entry__report__state=ProgressReport.State.ACCEPTED
        )
        .values("indicator_id")
        .annotate(total=Sum("value"))
    )
    return {row["indicator_id"]: row["total"] for row in rows}


def period_data(*, period: ReportingPeriod) -> dict:
    """Everything the summary reports about a period, in the document's language (Vietnamese)."""
    with translation.override(DOCUMENT_LANGUAGE):
        return _period_data(period)


def _period_data(period: ReportingPeriod) -> dict:
    directive = period.directive
    previous = previous_period(period)
    assignments = list(
        Assignment.objects.filter(directive=directive).prefetch_related("duties").order_by("number")
    )
    duties = [duty for assignment in assignments for duty in assignment.duties.all()]
    duty_by_id = {duty.pk: duty for duty in duties}
    indicators = list(
        Indicator.objects.filter(duty__in=duties).order_by(
            "duty__assignment__number", "duty__number", "sort_order", "pk"
        )
    )
    indicators_by_duty = defaultdict(list)
    for indicator in indicators:
        indicators_by_duty[indicator.duty_id].append(indicator)

    tasks = list(Task.objects.filter(duty__in=duties).values("body_id", "duty_id"))
    body_ids = {task["body_id"] for task in tasks}
    bodies = list(Body.objects.filter(pk__in=body_ids).order_by("sort_order", "name"))
    duties_of_body = defaultdict(set)
    for task in tasks:
        duties_of_body[task["body_id"]].add(task["duty_id"])

    reports = {r.body_id: r for r in ProgressReport.objects.filter(period=period)}
    entries = defaultdict(dict)  # body -> duty -> entry values
    for entry in ProgressEntry.objects.filter(report__period=period).values(
        "report__body_id", "duty_id", "status", "results", "difficulties", "proposals"
    ):
        entries[entry["report__body_id"]][entry["duty_id"]] = entry
    figures = defaultdict(dict)  # (body, duty) -> indicator -> value, accepted reports only
    for figure in IndicatorFigure.objects.filter(
        entry__report__period=period, entry__report__state=ProgressReport.State.ACCEPTED
    ).values("entry__report__body_id", "entry__duty_id", "indicator_id", "value"):
        key = (figure["entry__report__body_id"], figure["entry__duty_id"])
        figures[key][figure["indicator_id"]] = figure["value"]

    totals = _accepted_totals(period)
    previous_totals = _accepted_totals(previous)
    status_labels = {key: str(label) for key, label in ProgressEntry.Status.choices}
    state_labels = {key: str(label) for key, label in ProgressReport.State.choices}

    def indicator_row(indicator):
        total = totals.get(indicator.pk, 0)
        before = previous_totals.get(indicator.pk, 0) if previous else None
        return {
            "id": indicator.pk,
            "duty": duty_by_id[indicator.duty_id].label,
            "name": nfc(indicator.name),
            "unit": nfc(indicator.unit),
            "total": total,
            "previous": before,
            "change": None if before is None else total - before,
        }

    def accepted(body_id):
        report = reports.get(body_id)
        return report is not None and report.state == ProgressReport.State.ACCEPTED

    assignment_rows = []
    for assignment in assignments:
        duty_rows = []
        for duty in assignment.duties.all():
            results = []
            for body in bodies:
                entry = entries[body.pk].get(duty.pk)
                if duty.pk in duties_of_body[body.pk] and accepted(body.pk) and entry:
                    results.append(
                        {
                            "body": nfc(body.name),
                            "status": nfc(status_labels.get(entry["status"], "")),
                            "results": nfc(entry["results"]),
                            "difficulties": nfc(entry["difficulties"]),
                            "proposals": nfc(entry["proposals"]),
                        }
                    )
            duty_rows.append(
                {
                    "id": duty.pk,
                    "label": duty.label,
                    "text": nfc(duty.text),
                    "indicators": [indicator_row(i) for i in indicators_by_duty[duty.pk]],
                    "results": results,
                }
            )
        assignment_rows.append({"number": assignment.number, "duties": duty_rows})

    body_rows, rows, missing = [], [], []
    for body in bodies:
        report = reports.get(body.pk)
        state = report.state if report else ProgressReport.State.NOT_REPORTED
        submitted_on = _local_date(report.submitted_at) if report else ""
        reviewed_on = _local_date(report.reviewed_at) if report else ""
        if state != ProgressReport.State.ACCEPTED:
            missing.append({"name": nfc(body.name), "state": nfc(state_labels[state])})
        per_assignment = {}
        for assignment in assignments:
            own = [d for d in assignment.duties.all() if d.pk in duties_of_body[body.pk]]
            if not own:
                per_assignment[str(assignment.number)] = None
                continue
            statuses = []
            if state == ProgressReport.State.ACCEPTED:
                for duty in own:
                    status = entries[body.pk].get(duty.pk, {}).get("status")
                    label = status_labels.get(status) if status else None
                    if label and label not in statuses:
                        statuses.append(label)
            per_assignment[str(assignment.number)] = nfc(
                "; ".join(statuses) if statuses else state_labels[state]
            )
        body_rows.append(
            {
                "id": body.pk,
                "name": nfc(body.name),
                "state": state,
                "state_label": nfc(state_labels[state]),
                "submitted_on": submitted_on,
                "submitted_display": display_date(submitted_on),
                "reviewed_on": reviewed_on,
                "assignments": per_assignment,
            }
        )
        for duty in duties:
            if duty.pk not in duties_of_body[body.pk]:
                continue
            status = entries[body.pk].get(duty.pk, {}).get("status") if accepted(body.pk) else ""
            rows.append(
                {
                    "body": nfc(body.name),
                    "duty": duty.label,
                    "duty_text": nfc(duty.text),
                    "state_label": nfc(state_labels[state]),
                    "status_label": nfc(status_labels.get(status, "")),
                    "submitted_on": submitted_on,
                    "reviewed_on": reviewed_on,
                    "figures": {
                        str(indicator_id): value
                        for indicator_id, value in figures[(body.pk, duty.pk)].items()
                    },
                }
            )

    return {
        "period": {
            "id": period.pk,
            "label": nfc(period.label),
            "kind": str(period.kind),
            "year": period.year,
            "starts_on": period.starts_on.isoformat(),
            "ends_on": period.ends_on.isoformat(),
        },
        "previous_period": nfc(previous.label) if previous else "",
        "directive": {
            "reference": nfc(directive.reference),
            "date": party_date_numeric(directive.date),
            "issuer": nfc(directive.issuer),
            "summary": nfc(directive.summary),
        },
        "assignments": assignment_rows,
        "assignment_numbers": [a.number for a in assignments],
        "indicators": [indicator_row(i) for i in indicators],
        "bodies": body_rows,
        "rows": rows,
        "missing": missing,
        "accepted_count": sum(1 for b in body_rows if b["state"] == ProgressReport.State.ACCEPTED),
    }


def summary_letterhead(summary: Summary) -> dict:
    return {
        "parent_body": nfc(summary.parent_body),
        "issuing_body": nfc(summary.issuing_body),
        "symbol": nfc(summary.symbol),
        "place": nfc(summary.place),
        "authority_line": nfc(summary.authority_line),
        "signer_title": nfc(summary.signer_title),
        "signer_name": nfc(summary.signer_name),
        "recipients": [
            nfc(line).strip() for line in summary.recipients.splitlines() if line.strip()
        ],
    }


def summary_document(*, summary: Summary, data: dict | None = None) -> dict:
    """What the three documents print: the frozen snapshot once issued, live data for a draft."""
    if summary.is_issued and summary.content:
        return summary.content
    if data is None:
        data = period_data(period=summary.period)
    config = layout()
    letterhead = summary_letterhead(summary)
    return {
        "version": summary.version,
        "state": summary.state,
        "number": nfc(summary.number),
        "reference": nfc(summary.reference),
        "issued_on": summary.issued_on.isoformat() if summary.issued_on else "",
        "place_date": place_and_date(
            place=letterhead["place"],
            date=summary.issued_on,
            year=(summary.issued_on.year if summary.issued_on else timezone.localdate().year),
            config=config,
        ),
        "letterhead": letterhead,
        "title": nfc(summary.title),
        "opening": nfc(summary.opening),
        "sections": [
            {
                "key": key,
                "heading": config["labels"]["headings"][key],
                "text": nfc(getattr(summary, key)),
            }
            for key in SECTION_KEYS
        ],
        "data": data,
    }


def summary_next_version(period: ReportingPeriod) -> int:
    return (period.summaries.aggregate(last=Max("version"))["last"] or 0) + 1
