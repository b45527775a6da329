"""search(): what a reader finds for a query, grouped by period and body, one page at a time.

A fixed number of queries whatever the data (a test pins it): the number of matches, counted up
to COUNT_LIMIT; then the page, the three kinds of document in one UNION sorted and cut to the
page by the database, with what each hit shows. Nothing grows with the number of matches (a
board member's common word matches some 21,000 documents): see _Matches.
"""

from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import BigIntegerField, BooleanField, DateField, F, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, NullIf
from django.utils.safestring import SafeString
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from assignments.models import Body, Directive, User
from directive_tracker.sql import fetch_rows
from directive_tracker.urlreuse import url_maker
from reports.models import ProgressEntry, ProgressReport, ReportingPeriod, Summary

from .access import searchable_entries, searchable_reports, searchable_summaries
from .documents import (
    ENTRY_FIELDS,
    REPORT_FIELDS,
    SUMMARY_FIELDS,
    postgres_match_sql,
    sqlite_match_sql,
)
from .text import MAX_QUERY_LENGTH, MAX_QUERY_WORDS, WORD, excerpt, query_words

PER_PAGE = 20
# Matches are counted up to this number; past it the page says "more than" it.
COUNT_LIMIT = 1000

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
    page: "ResultPage | None"
    groups: list[Group]

    @property
    def count(self) -> int:
        """The number of matches, or COUNT_LIMIT when there are more (see `more`)."""
        return self.page.count if self.page else 0

    @property
    def more(self) -> bool:
        return self.page.more if self.page else False


def _match(model, fields: tuple[str, ...], text: str, *, walk: bool = False) -> RawSQL:
    if connection.vendor == "postgresql":
        # The walk's plan is made for any words (_GENERIC_WALK).
        sql = postgres_match_sql(model._meta.db_table, query_once=walk)
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
# The period first (newest first), then the rest within a period.
_PERIOD_ORDER = '"s_ends_on" DESC, "s_period" DESC'
_IN_PERIOD_ORDER = (
    '"s_group_sort", "s_group_name"{c}, "s_body_sort", "s_body_name"{c}, "s_kind", "s_first",'
    ' "s_second", "s_doc"'
)


# Where the walk's lateral query meets the period it is in (see _walk_sql).
_WALK_PERIOD = RawSQL('"search_period"."id"', [], output_field=BigIntegerField())
_WRITTEN = RawSQL(
    f'"{ProgressEntry._meta.db_table}"."search_vector" <> \'\'::tsvector',
    [],
    output_field=BooleanField(),
)
_WALK_ENDS_ON = RawSQL('"search_period"."ends_on"', [], output_field=DateField())


def _kinds(user, text: str, *, walk: bool = False) -> list[tuple[str, QuerySet]]:
    """Each kind of document the reader may see, matching the text; with walk, only those of
    the period the walk is at."""
    entries = searchable_entries(user).filter(_match(ProgressEntry, ENTRY_FIELDS, text, walk=walk))
    comments = (
        searchable_reports(user)
        .exclude(review_comment="")
        .filter(_match(ProgressReport, REPORT_FIELDS, text, walk=walk))
    )
    summaries = searchable_summaries(user).filter(_match(Summary, SUMMARY_FIELDS, text, walk=walk))
    if walk:
        entries = entries.filter(report__period_id=_WALK_PERIOD)
        if connection.vendor == "postgresql":
            # Implied by any match; it lets the walk read progressentry_written_idx, which
            # leaves out the empty entries (migration 0009).
            entries = entries.filter(_WRITTEN)
        comments = comments.filter(period_id=_WALK_PERIOD)
        summaries = summaries.filter(period_id=_WALK_PERIOD)
    return [(ENTRY, entries), (COMMENT, comments), (SUMMARY, summaries)]


def _union(
    kinds: list[tuple[str, QuerySet]], names: list[str], *, each_cut: bool = False
) -> tuple[str, list, set[str]]:
    """One UNION ALL of the kinds' rows of those columns, and the kinds it holds (a kind the
    reader may never see, summaries_visible_to(staff), is left out); with each_cut, each kind's
    rows cut to the count's limit."""
    columns = ", ".join(f'"{name}"' for name in names)
    selects, params, readable = [], [], set()
    for kind, queryset in kinds:
        try:
            sql, kind_params = queryset.order_by().values(*names).query.sql_with_params()
        except EmptyResultSet:
            continue
        if each_cut:
            sql, kind_params = f"{sql} LIMIT %s", (*kind_params, _COUNT_CUT)
        selects.append(f"SELECT {columns} FROM ({sql}) AS kind_{len(selects)}")
        params.extend(kind_params)
        readable.add(kind)
    return " UNION ALL ".join(selects), params, readable


# What a hit shows, read with its order columns: the body's name, the report's id, the duty's
# title, the summary's version, the document's texts (up to seven: a summary's sections), each
# kind filling what it has not with 0 or "" (the UNION's columns are the same for all).
_TEXTS = 7
_NOTHING = {
    "h_body_id": Value(0),
    "h_body_code": Value(""),
    "h_body_name": Value(""),
    "h_report": Value(0),
    "h_duty_number": Value(0),
    "h_duty_text": Value(""),
    "h_assignment_number": Value(0),
    "h_version": Value(0),
    **{f"h_text_{i}": Value("") for i in range(_TEXTS)},
}


def _shown(report: str | None, texts: tuple[str, ...], **more) -> dict:
    """`report`: the path to the document's report ("" for a report itself); None for a
    summary."""
    columns = {**_NOTHING, **{f"h_text_{i}": F(name) for i, name in enumerate(texts)}, **more}
    if report is not None:
        columns.update(
            h_body_id=F(f"{report}body_id"),
            h_body_code=F(f"{report}body__code"),
            h_body_name=F(f"{report}body__name"),
            h_report=F(f"{report}id" if report else "pk"),
        )
    return columns


def _ordered(
    kinds: list[tuple[str, QuerySet]], *, walk: bool = False
) -> tuple[str, list, set[str]]:
    """The kinds' rows of their order columns and of what their hits show; in the walk, the
    period's end is the walk's (its table is not joined again: fewer tables to plan)."""
    order = {
        ENTRY: {
            **_order_columns(
                ENTRY_ORDER, "report__", (F("duty__assignment__number"), F("duty__number"))
            ),
            **_shown(
                "report__",
                ENTRY_FIELDS,
                h_duty_number=F("duty__number"),
                h_duty_text=F("duty__text"),
                h_assignment_number=F("duty__assignment__number"),
            ),
        },
        COMMENT: {**_order_columns(COMMENT_ORDER, ""), **_shown("", REPORT_FIELDS)},
        # A summary's newest version first.
        SUMMARY: {
            **_order_columns(SUMMARY_ORDER, None, (-F("version"), Value(0))),
            **_shown(None, SUMMARY_FIELDS, h_version=F("version")),
        },
    }
    if walk:
        for columns in order.values():
            columns["s_ends_on"] = _WALK_ENDS_ON
    return _union(
        [(kind, queryset.annotate(**order[kind])) for kind, queryset in kinds],
        [*_order_columns(0, None), *_NOTHING],
    )


# The period's label and letter, joined to the page's twenty rows only.
_PERIOD_COLUMNS = ("id", "kind", "year", "ends_on")
_DIRECTIVE_COLUMNS = ("id", "number", "symbol")
_SHOWN_SQL = (
    'SELECT page."s_kind", page."s_doc", '
    + ", ".join(f'page."{name}"' for name in _NOTHING)
    + ", "
    + ", ".join(f'"period"."{name}"' for name in _PERIOD_COLUMNS)
    + ", "
    + ", ".join(f'"directive"."{name}"' for name in _DIRECTIVE_COLUMNS)
    + " FROM ({page}) AS page"
    f' INNER JOIN "{ReportingPeriod._meta.db_table}" AS "period"'
    ' ON "period"."id" = page."s_period"'
    f' INNER JOIN "{Directive._meta.db_table}" AS "directive"'
    ' ON "directive"."id" = "period"."directive_id"'
    " ORDER BY {order}"
)


def _counted(user, text):
    # Each kind cut on its own as well as the whole: PostgreSQL plans an appended part for all
    # its rows, whatever the cut above it, and read every match of a common word through the
    # text index (21,000 for the board, 3-4 ms) where reading the entries in turn stops at the
    # cut (1-2 ms). A rare word is still found through the index.
    return _union(_kinds(user, text), ["pk"], each_cut=True)


def _all_counted(user, text):
    return _union(_kinds(user, text), ["pk"])


def _sorted(user, text):
    return _ordered(_kinds(user, text))


def _walked(user, text):
    return _ordered(_kinds(user, text, walk=True), walk=True)


# Building these statements through the ORM (three kinds, some twenty annotations each) cost
# more than the database took to run them (at ten years of data, 0.5-2 ms for the count's and
# 3.5-4 ms for the page's, against some 3 ms each to run). Writing them by hand instead would
# copy access.py's rules here. Their text depends only on the database and the reader's role
# (access.py decides by role; its rules put the reader's id in as a parameter), so each is
# built once per process and role, with stand-ins for the text and the reader, put back in its
# parameters. SQL text only: nothing read from the data is kept.
_STATEMENTS: dict[tuple, tuple[str, list, set[str]]] = {}
_TEXT = "\x00search text\x00"
_READER = -2147483647
# Where each kind is cut, in the count's parameters: the count puts its limit there.
_COUNT_CUT = object()


def _statement(build, user, text: str) -> tuple[str, list, set[str]]:
    key = (build.__name__, connection.vendor, user.role)
    if key not in _STATEMENTS:
        _STATEMENTS[key] = build(User(pk=_READER, role=user.role), _TEXT)
    sql, params, readable = _STATEMENTS[key]
    params = [text if p == _TEXT else user.pk if p == _READER else p for p in params]
    return sql, params, readable


# Set by the count, for the rest of its transaction, when the page will be walked: PostgreSQL
# then plans the walk once per connection for any words instead of for the words each time
# (3-4 ms to plan, 1-3 ms to run; the plan made for the words walks no faster). Its words are
# made a query once (postgres_match_sql's query_once), not for each row as a plan made before
# the words are known would (twice as long for page 50). The count and the sort of all the
# matches are still planned for the words: which index serves depends on them. A plan is no
# data: nothing read is kept.
_GENERIC_WALK = (
    "set_config('plan_cache_mode', CASE WHEN COUNT(*) > %s THEN 'force_generic_plan'"
    " ELSE current_setting('plan_cache_mode') END, true)"
)


@dataclass
class ResultPage:
    """One page of results; when more than COUNT_LIMIT documents match, their number is not
    counted (that alone read every match) and the page only knows whether a next one exists."""

    number: int
    object_list: list[tuple]
    count: int
    more: bool
    has_next: bool

    @property
    def num_pages(self) -> int | None:
        return None if self.more else max(1, -(-self.count // PER_PAGE))

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous() or self.has_next

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


class _Matches:
    """The matching documents as (kind, id), a page at a time in the page's order.

    Two queries: the number of matches, counted up to COUNT_LIMIT + 1, then the page. A page of
    a few matches (at most COUNT_LIMIT) is cut by the database from all of them, sorted; one of
    many, on PostgreSQL, by walking the periods newest first and sorting each one's matches
    only until the page is full (Incremental Sort), so a common word costs what its newest
    periods hold and not its 21,000 matches. Only a page past the end costs more queries."""

    def __init__(self, user, text: str):
        self.user, self.text = user, text
        self.sql, self.params, self.readable = _statement(_counted, user, text)

    def _count(self, limit: int | None, *, walk_next: bool = False) -> int:
        """The matches counted up to COUNT_LIMIT + 1; all of them with limit None. With
        walk_next, on PostgreSQL, when more than COUNT_LIMIT match, the rest of the transaction
        plans the walk for any words (see _GENERIC_WALK)."""
        if not self.sql:
            return 0
        if limit is None:
            sql, params, _readable = _statement(_all_counted, self.user, self.text)
            cut = ""
        else:
            params = [limit if p is _COUNT_CUT else p for p in self.params]
            sql, params, cut = self.sql, [*params, limit], " LIMIT %s"
        counted = "COUNT(*)"
        if walk_next and connection.vendor == "postgresql":
            counted, params = f"{counted}, {_GENERIC_WALK}", [COUNT_LIMIT, *params]
        [(count, *_plan)] = fetch_rows(
            f"SELECT {counted} FROM ({sql}{cut}) AS matches", params, prepare=False
        )
        return count

    def _rows(self, offset: int, limit: int, *, walk: bool) -> list[tuple]:
        """The page's rows: each document's kind and id, what its hit shows (_NOTHING's columns)
        and its period's and letter's columns."""
        if not self.sql:
            return []
        collate = ' COLLATE "C"' if connection.vendor == "postgresql" else ""
        in_period = _IN_PERIOD_ORDER.format(c=collate)
        if walk:
            sql, params, _readable = _statement(_walked, self.user, self.text)
            # The periods in the order's first two columns, sorted before the lateral join so
            # the planner keeps that order and sorts each period's matches on their own.
            sql = (
                'SELECT matches.* FROM (SELECT "id", "ends_on"'
                f' FROM "{ReportingPeriod._meta.db_table}"'
                ' ORDER BY "ends_on" DESC, "id" DESC) AS "search_period"'
                f" CROSS JOIN LATERAL ({sql}) AS matches ORDER BY"
                f' "search_period"."ends_on" DESC, "search_period"."id" DESC, {in_period}'
            )
        else:
            sql, params, _readable = _statement(_sorted, self.user, self.text)
            sql = f"SELECT * FROM ({sql}) AS matches ORDER BY {_PERIOD_ORDER}, {in_period}"
        rows = fetch_rows(
            _SHOWN_SQL.format(
                page=f"{sql} LIMIT %s OFFSET %s", order=f"{_PERIOD_ORDER}, {in_period}"
            ),
            [*params, limit, offset],
            # The walk's plan is kept (_GENERIC_WALK); the sort's is made for the words.
            prepare=walk,
        )
        return [(KINDS[row[0]], *row[1:]) for row in rows]

    def page(self, wanted, per_page: int) -> ResultPage:
        """The page asked for; the first for one that is no number, the last for one out of
        range (as Paginator.get_page)."""
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            # (SQLite's transactions take the write lock: settings, transaction_mode.)
            return self._page(wanted, per_page)
        # The walk's plan setting lasts until the transaction ends (_GENERIC_WALK).
        with transaction.atomic():
            return self._page(wanted, per_page)

    def _page(self, wanted, per_page: int) -> ResultPage:
        try:
            number = int(wanted)
        except (TypeError, ValueError):
            number = 1
        walkable = 1 <= number and number * per_page <= COUNT_LIMIT
        count = self._count(COUNT_LIMIT + 1, walk_next=walkable)
        more = count > COUNT_LIMIT
        last = max(1, -(-count // per_page))
        if not more and not 1 <= number <= last:
            number = last
        # The walk pays for the periods it reads: past COUNT_LIMIT matches the sort of them all
        # costs no more, and its estimate stays under PostgreSQL's JIT threshold.
        walk = connection.vendor == "postgresql" and more
        # Nothing matched: no page to read (its statement costs a millisecond to plan alone).
        rows = (
            self._rows((max(number, 1) - 1) * per_page, per_page + 1, walk=walk and walkable)
            if count
            else []
        )
        if more and (number < 1 or not rows):
            # Out of range: the last page, which only the exact count finds.
            count, more = self._count(None), False
            number = max(1, -(-count // per_page))
            rows = self._rows((number - 1) * per_page, per_page + 1, walk=False)
        return ResultPage(
            number=number,
            object_list=rows[:per_page],
            count=COUNT_LIMIT if more else count,
            more=more,
            has_next=len(rows) > per_page,
        )


def _excerpts(texts: dict[str, str], labels, words) -> list[Excerpt]:
    """Each field holding one of the words, as an excerpt around it (a document matches when
    all the words are in it, maybe spread over its fields)."""
    found = []
    for name, text in texts.items():
        html = excerpt(text, words)
        if html is not None:
            found.append(Excerpt(label=capfirst(str(labels[name])), html=html))
    return found


def search(*, user, query: str, page: int | str | None = 1) -> SearchResults:
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    words = query_words(query)
    if not words:
        return SearchResults(query=query, words=[], page=None, groups=[])
    # The raw words, not the folded ones: the database folds both sides the same way.
    text = " ".join(WORD.findall(query)[:MAX_QUERY_WORDS])
    shown = _Matches(user, text).page(page, PER_PAGE)
    report_url = url_maker("reports:report_detail")
    summary_url = url_maker("reports:summary_detail")
    periods: dict[int, ReportingPeriod] = {}
    bodies: dict[int, Body] = {}
    groups: list[Group] = []
    for row in shown.object_list:
        kind, pk, *values = row
        shows = dict(zip(_NOTHING, values, strict=False))
        period_values = values[len(_NOTHING) :]
        period = periods.get(period_values[0])
        if period is None:
            period = periods[period_values[0]] = ReportingPeriod(
                **dict(zip(_PERIOD_COLUMNS, period_values, strict=False)),
                directive=Directive(
                    **dict(
                        zip(_DIRECTIVE_COLUMNS, period_values[len(_PERIOD_COLUMNS) :], strict=True)
                    )
                ),
            )
        texts = [shows[f"h_text_{i}"] for i in range(_TEXTS)]
        if kind == SUMMARY:
            body = None
            hit = Hit(
                kind=kind,
                title=str(Summary(pk=pk, version=shows["h_version"], period=period)),
                url=summary_url(pk),
                excerpts=_excerpts(
                    dict(zip(SUMMARY_FIELDS, texts, strict=False)), SUMMARY_FIELD_LABELS, words
                ),
            )
        else:
            body = bodies.get(shows["h_body_id"])
            if body is None:
                body = bodies[shows["h_body_id"]] = Body(
                    id=shows["h_body_id"], code=shows["h_body_code"], name=shows["h_body_name"]
                )
            if kind == ENTRY:
                # Duty.__str__ ("1.2 text"), without a duty and its assignment built per hit.
                title = Truncator(
                    f"{shows['h_assignment_number']}.{shows['h_duty_number']}"
                    f" {shows['h_duty_text']}"
                ).words(20)
                fields = ENTRY_FIELDS
            else:
                title = capfirst(str(_("the board's comment")))
                fields = REPORT_FIELDS
            hit = Hit(
                kind=kind,
                title=title,
                url=report_url(shows["h_report"]),
                excerpts=_excerpts(dict(zip(fields, texts, strict=False)), FIELD_LABELS, words),
            )
        last = groups[-1] if groups else None
        if last is None or last.period is not period or last.body is not body:
            groups.append(Group(period=period, body=body))
        groups[-1].hits.append(hit)
    return SearchResults(query=query, words=words, page=shown, groups=groups)
