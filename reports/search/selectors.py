"""search(): what a reader finds for a query, grouped by period and body, one page at a time.

A fixed number of queries whatever the data (a test pins it): one per kind of document for the
matching keys, then one per kind for the objects of the page shown.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from assignments.models import Body
from reports.models import ProgressEntry, ProgressReport, ReportingPeriod, Summary

from .access import searchable_entries, searchable_reports, searchable_summaries
from .documents import (
    ENTRY_FIELDS,
    REPORT_FIELDS,
    SUMMARY_FIELDS,
    postgres_match_sql,
    sqlite_match_sql,
)
from .text import MAX_QUERY_LENGTH, MAX_QUERY_WORDS, WORD, highlight, query_words, text_matches

PER_PAGE = 20

ENTRY, COMMENT, SUMMARY = "entry", "comment", "summary"
KIND_ORDER = {SUMMARY: 0, COMMENT: 1, ENTRY: 2}
SUMMARY_ORDER, COMMENT_ORDER, ENTRY_ORDER = (KIND_ORDER[k] for k in (SUMMARY, COMMENT, ENTRY))
FIELD_LABELS = {
    "results": _("what was done"),
    "difficulties": _("difficulties"),
    "proposals": _("proposals"),
    "review_comment": _("the board's comment"),
    "title": _("summary line"),
    "opening": _("opening"),
    "deployment": _("I. deployment and dissemination"),
    "limitations": _("III. limitations, difficulties and causes"),
    "direction": _("IV. direction and tasks ahead"),
}
SUMMARY_FIELD_LABELS = {**FIELD_LABELS, "results": _("II. results"), "proposals": _("V. proposals")}


@dataclass
class Excerpt:
    label: str
    html: SafeString


@dataclass
class Hit:
    kind: str
    title: str
    url: str
    excerpts: list[Excerpt]


@dataclass
class Group:
    period: ReportingPeriod
    body: Body | None
    hits: list[Hit] = field(default_factory=list)


@dataclass
class SearchResults:
    query: str
    words: list[str]
    page: Page | None
    groups: list[Group]

    @property
    def count(self) -> int:
        return self.page.paginator.count if self.page else 0


def _match(model, fields: tuple[str, ...], text: str) -> RawSQL:
    if connection.vendor == "postgresql":
        sql = postgres_match_sql(model._meta.db_table)
    else:
        sql = sqlite_match_sql(fields)
    return RawSQL(sql, [text], output_field=BooleanField())


def _keys(user, text: str) -> list[tuple]:
    """(order, kind, id) of every document the reader may see that matches, in the page's order:
    newest period first; in a period the summaries, then the bodies in the letter's order. The
    order is a plain tuple sorted in C (a key function per document cost more than the SQL)."""
    keys = []
    period_order: dict[int, tuple] = {}

    def newest_first(ends_on, period_id):
        order = period_order.get(period_id)
        if order is None:
            order = period_order[period_id] = (-ends_on.toordinal(), -period_id)
        return order

    entry_rows = (
        searchable_entries(user)
        .filter(_match(ProgressEntry, ENTRY_FIELDS, text))
        .order_by()
        .values_list(
            "pk",
            "report__period__ends_on",
            "report__period_id",
            "report__body__parent__sort_order",
            "report__body__parent__name",
            "report__body__sort_order",
            "report__body__name",
            "duty__assignment__number",
            "duty__number",
        )
    )
    for pk, ends_on, period_id, p_sort, p_name, b_sort, b_name, a_num, d_num in entry_rows:
        body_order = (p_sort if p_sort is not None else b_sort, p_name or b_name, b_sort, b_name)
        order = (newest_first(ends_on, period_id), body_order, ENTRY_ORDER, (a_num, d_num))
        keys.append((order, ENTRY, pk))
    report_rows = (
        searchable_reports(user)
        .exclude(review_comment="")
        .filter(_match(ProgressReport, REPORT_FIELDS, text))
        .order_by()
        .values_list(
            "pk",
            "period__ends_on",
            "period_id",
            "body__parent__sort_order",
            "body__parent__name",
            "body__sort_order",
            "body__name",
        )
    )
    for pk, ends_on, period_id, p_sort, p_name, b_sort, b_name in report_rows:
        body_order = (p_sort if p_sort is not None else b_sort, p_name or b_name, b_sort, b_name)
        order = (newest_first(ends_on, period_id), body_order, COMMENT_ORDER, (0, 0))
        keys.append((order, COMMENT, pk))
    summary_rows = (
        searchable_summaries(user)
        .filter(_match(Summary, SUMMARY_FIELDS, text))
        .order_by()
        .values_list("pk", "period__ends_on", "period_id", "version")
    )
    for pk, ends_on, period_id, version in summary_rows:
        # The board's own summaries come first in their period, newest version first.
        order = (newest_first(ends_on, period_id), (-1, "", 0, ""), SUMMARY_ORDER, (-version, 0))
        keys.append((order, SUMMARY, pk))
    keys.sort()
    return keys


def _excerpts(obj, fields, labels, words) -> list[Excerpt]:
    """Each field holding one of the words, as an excerpt around it (a document matches when
    all the words are in it, maybe spread over its fields)."""
    return [
        Excerpt(label=capfirst(str(labels[name])), html=highlight(getattr(obj, name), words))
        for name in fields
        if any(text_matches(getattr(obj, name), [word]) for word in words)
    ]


def search(*, user, query: str, page: int | str | None = 1) -> SearchResults:
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    words = query_words(query)
    if not words:
        return SearchResults(query=query, words=[], page=None, groups=[])
    # The raw words, not the folded ones: the database folds both sides the same way.
    text = " ".join(WORD.findall(query)[:MAX_QUERY_WORDS])
    paginator = Paginator(_keys(user, text), PER_PAGE)
    shown = paginator.get_page(page)
    ids = {kind: [k[2] for k in shown.object_list if k[1] == kind] for kind in KIND_ORDER}
    # Only what a hit shows: its texts, the duty's title, the period's label and letter, the
    # body's name (not the directive's or the report's other long texts).
    period_fields = [f"period__{name}" for name in ("kind", "year", "ends_on")] + [
        f"period__directive__{name}" for name in ("number", "symbol")
    ]
    entries = (
        ProgressEntry.objects.select_related(
            "report__period__directive", "report__body", "duty__assignment"
        )
        .only(
            *ENTRY_FIELDS,
            "report__body__name",
            "duty__number",
            "duty__text",
            "duty__assignment__number",
            *(f"report__{name}" for name in period_fields),
        )
        .in_bulk(ids[ENTRY])
        if ids[ENTRY]
        else {}
    )
    reports = (
        ProgressReport.objects.select_related("period__directive", "body")
        .only(*REPORT_FIELDS, "body__name", *period_fields)
        .in_bulk(ids[COMMENT])
        if ids[COMMENT]
        else {}
    )
    summaries = (
        Summary.objects.select_related("period__directive").in_bulk(ids[SUMMARY])
        if ids[SUMMARY]
        else {}
    )
    groups: list[Group] = []
    for _order, kind, pk in shown.object_list:
        if kind == ENTRY:
            entry = entries[pk]
            period, body = entry.report.period, entry.report.body
            hit = Hit(
                kind=kind,
                title=Truncator(str(entry.duty)).words(20),
                url=reverse("reports:report_detail", args=[entry.report_id]),
                excerpts=_excerpts(entry, ENTRY_FIELDS, FIELD_LABELS, words),
            )
        elif kind == COMMENT:
            report = reports[pk]
            period, body = report.period, report.body
            hit = Hit(
                kind=kind,
                title=capfirst(str(_("the board's comment"))),
                url=reverse("reports:report_detail", args=[report.pk]),
                excerpts=_excerpts(report, REPORT_FIELDS, FIELD_LABELS, words),
            )
        else:
            summary = summaries[pk]
            period, body = summary.period, None
            hit = Hit(
                kind=kind,
                title=str(summary),
                url=reverse("reports:summary_detail", args=[summary.pk]),
                excerpts=_excerpts(summary, SUMMARY_FIELDS, SUMMARY_FIELD_LABELS, words),
            )
        last = groups[-1] if groups else None
        if (
            last is None
            or last.period.pk != period.pk
            or getattr(last.body, "pk", None) != (body.pk if body else None)
        ):
            groups.append(Group(period=period, body=body))
        groups[-1].hits.append(hit)
    return SearchResults(query=query, words=words, page=shown, groups=groups)
