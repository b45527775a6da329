"""search(): what a reader finds for a query, grouped by period and body, one page at a time.

A fixed number of queries whatever the data (a test pins it): one for the page's keys and the
total, the three kinds of document in one UNION sorted and cut to the page by the database, then
one per kind shown for the objects of the page. Nothing grows with the number of matches but
the database's own sort (a board member's common word matches some 21,000 documents).
"""

from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField, F, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, NullIf
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
KINDS = {order: kind for kind, order in KIND_ORDER.items()}
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


def _order_columns(kind: int, report: str | None, numbers: tuple | None = None) -> dict:
    """The columns a document sorts by in the page's order: newest period first; in a period
    the summaries, then the bodies in the letter's order (a body under its parent), a body's
    comment before its entries, the entries by duty number; the id breaks the last ties.
    `report`: the path to the document's report ("" for a report itself); None for a summary."""
    if report is None:
        # The board's own summaries come first in their period: no body sorts before -1.
        period = "period"
        group = {
            "s_group_sort": Value(-1),
            "s_group_name": Value(""),
            "s_body_sort": Value(0),
            "s_body_name": Value(""),
        }
    else:
        period, body = f"{report}period", f"{report}body"
        group = {
            "s_group_sort": Coalesce(f"{body}__parent__sort_order", f"{body}__sort_order"),
            # The parent's name when it has one (an empty one counts as none).
            "s_group_name": Coalesce(NullIf(f"{body}__parent__name", Value("")), f"{body}__name"),
            "s_body_sort": F(f"{body}__sort_order"),
            "s_body_name": F(f"{body}__name"),
        }
    numbers = numbers or (Value(0), Value(0))
    return {
        "s_ends_on": F(f"{period}__ends_on"),
        "s_period": F(f"{period}_id"),
        **group,
        "s_kind": Value(kind),
        "s_first": numbers[0],
        "s_second": numbers[1],
        "s_doc": F("pk"),
    }


# Names sort by code point, as Python compares str (PostgreSQL's default collation would not).
_ORDER_BY = (
    '"s_ends_on" DESC, "s_period" DESC, "s_group_sort", "s_group_name"{c}, "s_body_sort",'
    ' "s_body_name"{c}, "s_kind", "s_first", "s_second", "s_doc"'
)


def _matches_sql(user, text: str) -> tuple[str, list, set[str]] | None:
    """One UNION ALL of the documents of every kind the reader may see that match the text,
    each a row of its order columns, and those kinds; None when the reader may see none."""
    kinds = [
        searchable_entries(user)
        .filter(_match(ProgressEntry, ENTRY_FIELDS, text))
        .annotate(
            **_order_columns(
                ENTRY_ORDER, "report__", (F("duty__assignment__number"), F("duty__number"))
            )
        ),
        searchable_reports(user)
        .exclude(review_comment="")
        .filter(_match(ProgressReport, REPORT_FIELDS, text))
        .annotate(**_order_columns(COMMENT_ORDER, "")),
        # A summary's newest version first.
        searchable_summaries(user)
        .filter(_match(Summary, SUMMARY_FIELDS, text))
        .annotate(**_order_columns(SUMMARY_ORDER, None, (-F("version"), Value(0)))),
    ]
    names = list(_order_columns(0, None))
    columns = ", ".join(f'"{name}"' for name in names)
    selects, params, readable = [], [], set()
    for kind, queryset in zip((ENTRY, COMMENT, SUMMARY), kinds, strict=True):
        try:
            sql, kind_params = queryset.order_by().values(*names).query.sql_with_params()
        except EmptyResultSet:
            # summaries_visible_to(staff) is none(): that kind is left out.
            continue
        selects.append(f"SELECT {columns} FROM ({sql}) AS kind_{len(selects)}")
        params.extend(kind_params)
        readable.add(kind)
    if not selects:
        return None
    return " UNION ALL ".join(selects), params, readable


class _Matches:
    """The matching documents as (kind, id), in the page's order, for Paginator: the database
    sorts them and sends one page with the total (COUNT(*) OVER ()), so what a page costs does
    not grow with the number of matches. The page asked for is read when Paginator first asks
    for the count; only an out-of-range page costs more queries."""

    def __init__(self, user, text: str, wanted_page, per_page: int):
        self.matches = _matches_sql(user, text)
        self.kinds = self.matches[2] if self.matches else set()
        self.per_page = per_page
        try:
            number = int(wanted_page)
        except (TypeError, ValueError):
            number = 1
        self.offset = (number - 1) * per_page if number > 1 else 0
        self.total: int | None = None
        self.rows: list[tuple[str, int]] = []

    def _page(self, offset: int) -> list[tuple[str, int]]:
        """A page of rows from offset, and the total when there are any."""
        if self.matches is None:
            self.total = 0
            return []
        sql, params, _kinds = self.matches
        collate = ' COLLATE "C"' if connection.vendor == "postgresql" else ""
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT "s_kind", "s_doc", COUNT(*) OVER () FROM ({sql}) AS matches'
                f" ORDER BY {_ORDER_BY.format(c=collate)} LIMIT %s OFFSET %s",
                [*params, self.per_page, offset],
            )
            rows = cursor.fetchall()
        if rows:
            self.total = rows[0][2]
        elif offset == 0:
            self.total = 0
        return [(KINDS[kind], pk) for kind, pk, _total in rows]

    def __len__(self) -> int:
        if self.total is None:
            self.rows = self._page(self.offset)
        if self.total is None:
            # The page asked for is past the end (Paginator then shows the last one).
            sql, params, _kinds = self.matches
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS matches", params)
                self.total = cursor.fetchone()[0]
        return self.total

    def __getitem__(self, index: slice) -> list[tuple[str, int]]:
        start = index.start or 0
        if index.stop <= start:
            return []
        if start != self.offset:
            self.offset, self.rows = start, self._page(start)
        return self.rows[: index.stop - start]


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
    matches = _Matches(user, text, page, PER_PAGE)
    shown = Paginator(matches, PER_PAGE).get_page(page)
    # Each kind the reader may find is read even when the page holds none of it (no id is 0),
    # so the page costs the same queries whichever kinds its twenty hits are.
    ids: dict[str, list[int]] = {kind: [] for kind in KIND_ORDER}
    for kind, pk in shown.object_list:
        ids[kind].append(pk)
    for kind in matches.kinds:
        ids[kind] = ids[kind] or [0]
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
    for kind, pk in shown.object_list:
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
