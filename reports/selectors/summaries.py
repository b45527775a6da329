"""Reads for the periodic summary: the period's data as one JSON-ready dict.

The documents are drawn only from this dict (and the summary's own fields), so an issued summary
prints exactly what was frozen in `Summary.content`, whatever the bodies' reports say later.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Exists, F, FilteredRelation, Func, JSONField, Max, OuterRef, Q, Sum
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import JSONObject
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assignments.models import Assignment, AssignmentRecipient, Body, Directive, Indicator, Task

from ..documents.common import display_date
from ..documents.layout import layout, nfc, place_and_date, running_date, section_heading
from ..models import (
    IndicatorFigure,
    ProgressEntry,
    ProgressReport,
    ReportingPeriod,
    Summary,
    SummaryHighlight,
)
from ..paging import Slice, page_number

SECTION_KEYS = ["deployment", "results", "limitations", "direction", "proposals"]
DOCUMENT_LANGUAGE = "vi"
# From the most to the least worrying: a body's status on an assignment is the most worrying of
# its duties' statuses, and a body without an accepted report is counted apart.
STATUS_ORDER = ["in_progress_late", "done_late", "in_progress_on_time", "done_on_time"]
OUTCOME_ORDER = [*reversed(STATUS_ORDER), "not_accepted", "not_sent"]


def summaries_for_period(*, period: ReportingPeriod, user) -> list[Summary]:
    summaries = period.summaries.select_related("issued_by", "created_by")
    if not user.is_board:
        summaries = summaries.filter(state=Summary.State.ISSUED)
    return list(summaries.order_by("-version"))


SUMMARY_INDEX_PER_PAGE = 20


@dataclass
class SummaryLink:
    """A version in the index: its link, its label's parts."""

    pk: int
    version: int
    is_issued: bool
    reference: str


@dataclass
class IndexPeriod:
    """A period in the index, with the versions the user may see, the latest first."""

    pk: int
    label: str
    directive_reference: str
    summary_due: datetime.date
    visible_summaries: list[SummaryLink] = field(default_factory=list)


def periods_with_summaries(*, user, page=1) -> Slice:
    """One page of the periods, newest first, with the versions the user may see attached: one
    query, the page's periods joined to their versions, of only the columns the list shows (an
    issued version's stored content is not read)."""
    number = page_number(page)
    start = (number - 1) * SUMMARY_INDEX_PER_PAGE
    ordering = ["-ends_on", "kind", "pk"]
    page_ids = ReportingPeriod.objects.order_by(*ordering).values("pk")[
        start : start + SUMMARY_INDEX_PER_PAGE + 1
    ]
    periods = ReportingPeriod.objects.filter(pk__in=page_ids)
    if user.is_board:
        shown = "summaries"
    else:
        shown = "issued"
        periods = periods.annotate(
            issued=FilteredRelation("summaries", condition=Q(summaries__state=Summary.State.ISSUED))
        )
    rows = periods.order_by(*ordering, f"-{shown}__version").values_list(
        "pk",
        "kind",
        "year",
        "summary_due",
        "directive__number",
        "directive__symbol",
        f"{shown}__pk",
        f"{shown}__version",
        f"{shown}__state",
        f"{shown}__number",
        f"{shown}__symbol",
    )
    result: dict[int, IndexPeriod] = {}
    labels = {}
    for pk, kind, year, due, d_number, d_symbol, s_pk, version, state, s_number, symbol in rows:
        period = result.get(pk)
        if period is None:
            # A label is a lazy translation formatted anew for every period: once per kind/year.
            if (kind, year) not in labels:
                labels[kind, year] = ReportingPeriod.label_of(kind, year)
            period = result[pk] = IndexPeriod(
                pk=pk,
                label=labels[kind, year],
                directive_reference=Directive(number=d_number, symbol=d_symbol).reference,
                summary_due=due,
            )
        if s_pk is not None:
            period.visible_summaries.append(
                SummaryLink(
                    pk=s_pk,
                    version=version,
                    is_issued=state == Summary.State.ISSUED,
                    reference=Summary(number=s_number, symbol=symbol).reference,
                )
            )
    shown_periods = list(result.values())
    return Slice(
        object_list=shown_periods[:SUMMARY_INDEX_PER_PAGE],
        number=number,
        has_next=len(shown_periods) > SUMMARY_INDEX_PER_PAGE,
    )


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
        "id", "report__body_id", "duty_id", "status", "results", "difficulties", "proposals"
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

    def outcome(body_id, own_duties) -> str:
        """One word for where a body stands on an assignment (OUTCOME_ORDER)."""
        report = reports.get(body_id)
        if report is None or report.state not in ProgressReport.SENT_STATES:
            return "not_sent"
        if report.state != ProgressReport.State.ACCEPTED:
            return "not_accepted"
        statuses = {entries[body_id].get(duty.pk, {}).get("status") for duty in own_duties}
        for status in STATUS_ORDER:
            if status in statuses:
                return status
        return "not_accepted"

    recipients_of = defaultdict(lambda: {"lead": [], "coordinating": []})
    for recipient in AssignmentRecipient.objects.filter(assignment__in=assignments).select_related(
        "body"
    ):
        recipients_of[recipient.assignment_id][recipient.role].append(nfc(recipient.body.name))
    body_name = {body.pk: nfc(body.name) for body in bodies}
    highlights = []
    for highlight in (
        SummaryHighlight.objects.filter(
            entry__report__period=period, entry__report__state=ProgressReport.State.ACCEPTED
        )
        .select_related("entry", "entry__report", "entry__duty__assignment")
        .order_by("entry__duty__assignment__number", "entry__duty__number", "pk")
    ):
        text = " ".join(nfc(highlight.text).split())
        if text:
            highlights.append(
                {
                    "assignment": highlight.entry.duty.assignment.number,
                    "duty": highlight.entry.duty.label,
                    "field": highlight.field,
                    "body": body_name.get(highlight.entry.report.body_id, ""),
                    "body_id": highlight.entry.report.body_id,
                    "text": text,
                }
            )

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
        tasked = [
            body
            for body in bodies
            if any(duty.pk in duties_of_body[body.pk] for duty in assignment.duties.all())
        ]
        outcomes = {key: [] for key in OUTCOME_ORDER}
        for body in tasked:
            own = [d for d in assignment.duties.all() if d.pk in duties_of_body[body.pk]]
            outcomes[outcome(body.pk, own)].append(nfc(body.name))
        duties_here = {duty.pk for duty in assignment.duties.all()}
        assignment_rows.append(
            {
                "number": assignment.number,
                # The letter's assignments have no titles of their own: the first duty named in
                # an assignment is its short title (the board edits the heading freely).
                "title": duty_rows[0]["text"] if duty_rows else "",
                "lead": recipients_of[assignment.pk]["lead"],
                "coordinating": recipients_of[assignment.pk]["coordinating"],
                "tasked": len(tasked),
                "outcomes": {key: names for key, names in outcomes.items() if names},
                "indicators": [indicator_row(i) for i in indicators if i.duty_id in duties_here],
                "duties": duty_rows,
            }
        )

    body_rows, rows, missing, detail = [], [], [], []
    for body in bodies:
        report = reports.get(body.pk)
        state = report.state if report else ProgressReport.State.NOT_REPORTED
        submitted_on = _local_date(report.submitted_at) if report else ""
        reviewed_on = _local_date(report.reviewed_at) if report else ""
        if state != ProgressReport.State.ACCEPTED:
            missing.append({"name": nfc(body.name), "state": nfc(state_labels[state])})
        per_assignment, outcomes_of_body = {}, {}
        for assignment in assignments:
            own = [d for d in assignment.duties.all() if d.pk in duties_of_body[body.pk]]
            if not own:
                per_assignment[str(assignment.number)] = None
                outcomes_of_body[str(assignment.number)] = None
                continue
            outcomes_of_body[str(assignment.number)] = outcome(body.pk, own)
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
                "sent": state in ProgressReport.SENT_STATES,
                "late": bool(
                    report and report.submitted_at and period.sent_late(report.submitted_at)
                ),
                "assignments": per_assignment,
                "outcomes": outcomes_of_body,
            }
        )
        if accepted(body.pk):
            own_entries = [
                (duty, entries[body.pk][duty.pk])
                for duty in duties
                if duty.pk in duties_of_body[body.pk] and duty.pk in entries[body.pk]
            ]
            detail.append(
                {
                    "body": nfc(body.name),
                    "entries": [
                        {
                            "duty": duty.label,
                            "status": nfc(status_labels.get(entry["status"], "")),
                            "results": nfc(entry["results"]),
                            "difficulties": nfc(entry["difficulties"]),
                            "proposals": nfc(entry["proposals"]),
                        }
                        for duty, entry in own_entries
                    ],
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
            "has_number": bool(directive.number.strip()),
            "date": running_date(directive.date),
            "issuer": nfc(directive.issuer),
            "summary": nfc(directive.summary),
        },
        "assignments": assignment_rows,
        "assignment_numbers": [a.number for a in assignments],
        "indicators": [indicator_row(i) for i in indicators],
        "bodies": body_rows,
        "rows": rows,
        "missing": missing,
        "highlights": highlights,
        "detail": detail,
        "limitations": _statements(entries, body_name, duties_of_body, accepted, "difficulties"),
        "proposals": _statements(entries, body_name, duties_of_body, accepted, "proposals"),
        "accepted_count": sum(1 for b in body_rows if b["state"] == ProgressReport.State.ACCEPTED),
    }


def _statements(entries, body_name, duties_of_body, accepted, field: str) -> list[dict]:
    """Every body's difficulties (or proposals) of the accepted reports, one row per passage,
    in the bodies' order, for grouping in the narrative."""
    rows = []
    for body_id, name in body_name.items():
        if not accepted(body_id):
            continue
        for duty_id, entry in entries[body_id].items():
            text = nfc(entry[field]).strip()
            if text and duty_id in duties_of_body[body_id]:
                rows.append({"body": name, "body_id": body_id, "text": text})
    return rows


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
        "include_detail_annex": summary.include_detail_annex,
        "sections": [
            {
                "key": key,
                "heading": section_heading(key, period=data["period"], config=config),
                "text": nfc(getattr(summary, key)),
            }
            for key in SECTION_KEYS
        ],
        "data": data,
    }


# What the summary's page shows of an issued version's frozen content: the whole of it (~200 KB
# with the detail annex and every body's statements) is read and decoded only for the downloads.
PREVIEW_KEYS = ["title", "opening", "sections"]
PREVIEW_DATA_KEYS = [
    "indicators",
    "previous_period",
    "missing",
    "highlights",
    "assignment_numbers",
    "bodies",
]


class _PostgresPreview(Func):
    """The preview as one jsonb object, the stored content decompressed once: PostgreSQL
    detoasts a large jsonb again for every `->` on the column itself (a dozen times here, ~1 ms
    each), but not on the in-memory copy `|| '{}'` makes in the subquery. Its `data` (nearly
    all of it) is taken out once too: every `c -> 'data'` copies it whole."""

    output_field = JSONField()
    template = (
        "(SELECT jsonb_build_object("
        + ", ".join(f"'{key}', c -> '{key}'" for key in PREVIEW_KEYS)
        + ", 'data', jsonb_build_object("
        + ", ".join(f"'{key}', d -> '{key}'" for key in PREVIEW_DATA_KEYS)
        + ")) FROM (SELECT c, c -> 'data' AS d FROM (SELECT %(expressions)s || '{}'::jsonb AS c"
        " OFFSET 0) AS content_copy OFFSET 0) AS content_parts)"
    )


# The columns an issued version's page shows besides its preview: its label, state and dates,
# who issued it (named, never who created it), its period's label.
PREVIEW_FIELDS = [
    "period__kind",
    "period__year",
    "version",
    "state",
    "number",
    "symbol",
    "issued_on",
    "issued_at",
    "issued_by__first_name",
    "issued_by__last_name",
    "issued_by__username",
]


def with_preview(summaries):
    """The summaries with only the columns an issued version's page shows (PREVIEW_FIELDS),
    what it shows of the stored content as `preview`, and whether a later version exists as
    `has_newer_version`. A draft's document is drawn from all its fields: read it whole."""
    if connection.vendor == "postgresql":
        preview = _PostgresPreview(F("content"))
    else:
        preview = JSONObject(
            **{key: KeyTransform(key, "content") for key in PREVIEW_KEYS},
            data=JSONObject(
                **{
                    key: KeyTransform(key, KeyTransform("data", "content"))
                    for key in PREVIEW_DATA_KEYS
                }
            ),
        )
    return (
        summaries.select_related("period", "issued_by")
        .only(*PREVIEW_FIELDS)
        .annotate(
            preview=preview,
            # Whether a later version exists (the page offers a new version only from the latest).
            has_newer_version=Exists(
                Summary.objects.filter(period=OuterRef("period"), version__gt=OuterRef("version"))
            ),
        )
    )


def summary_preview(*, summary: Summary) -> dict:
    """What the summary's page shows of summary_document (the same shape): for an issued
    version loaded through with_preview, only that part of its stored content."""
    preview = getattr(summary, "preview", None)
    if not summary.is_issued or not preview or preview.get("sections") is None:
        return summary_document(summary=summary)
    return preview


def summary_next_version(period: ReportingPeriod) -> int:
    return (period.summaries.aggregate(last=Max("version"))["last"] or 0) + 1


def _years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def committee_term(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The committee's term (nhiệm kỳ) holding `day`: [start, end), counted in whole terms of
    COMMITTEE_TERM_YEARS before or after COMMITTEE_TERM_START."""
    years = settings.COMMITTEE_TERM_YEARS
    start = settings.COMMITTEE_TERM_START
    while day < start:
        start = _years_after(start, -years)
    while day >= _years_after(start, years):
        start = _years_after(start, years)
    return start, _years_after(start, years)


def summaries_numbered_in_term(*, symbol: str, day: datetime.date):
    start, end = committee_term(day)
    return Summary.objects.filter(
        state=Summary.State.ISSUED, symbol=symbol, issued_on__gte=start, issued_on__lt=end
    )


def summary_suggested_number(*, symbol: str, day: datetime.date) -> str:
    """The next free number for the symbol in the committee's term: one past the highest."""
    numbers = summaries_numbered_in_term(symbol=symbol, day=day).values_list("number", flat=True)
    highest = max((int("".join(filter(str.isdigit, n)) or 0) for n in numbers), default=0)
    return str(highest + 1)


def summary_issue_warnings(*, summary: Summary, issued_on: datetime.date) -> list[str]:
    """What the board should know before issuing: reports still owed or waiting for review, or
    a date of issue before the bodies' reports were even due."""
    period = summary.period
    counts = defaultdict(int)
    for state in ProgressReport.objects.filter(period=period).values_list("state", flat=True):
        counts[state] += 1
    owed = sum(counts[state] for state in ProgressReport.OUTSTANDING_STATES)
    waiting = counts[ProgressReport.State.SUBMITTED]
    warnings = []
    if owed:
        warnings.append(
            ngettext(
                "%(count)s body has not sent its report yet.",
                "%(count)s bodies have not sent their reports yet.",
                owed,
            )
            % {"count": owed}
        )
    if waiting:
        warnings.append(
            ngettext(
                "%(count)s sent report has not been reviewed yet: its text is not in the summary.",
                "%(count)s sent reports have not been reviewed yet: their text is not in the "
                "summary.",
                waiting,
            )
            % {"count": waiting}
        )
    if issued_on < period.body_due:
        warnings.append(
            _("The date of issue is before the bodies' reports are due (%(due)s).")
            % {"due": period.body_due.strftime("%d/%m/%Y")}
        )
    return warnings
