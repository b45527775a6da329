"""Search (issue 13): Vietnamese without diacritics, only what the reader may see, grouped by
period and body, highlighted safely, paginated, at a fixed number of queries."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments.models import Body, Duty
from reports.models import ProgressReport, Summary
from reports.search import selectors
from reports.search.selectors import PER_PAGE, search
from reports.search.text import excerpt, fold, highlight, query_words, text_matches

from .factories import (
    DirectiveFactory,
    PeriodFactory,
    ProgressEntryFactory,
    ProgressReportFactory,
)
from .factories_summaries import SummaryFactory

pytestmark = pytest.mark.django_db

URL = reverse("search")


def _entry(period, body_code, duty=None, **texts):
    body = Body.objects.get(code=body_code)
    report, _ = ProgressReport.objects.get_or_create(period=period, body=body)
    duty = duty or Duty.objects.filter(assignment__directive=period.directive).first()
    return ProgressEntryFactory(report=report, duty=duty, **texts)


@pytest.fixture
def period(directive):
    return PeriodFactory(directive=directive, year=2025)


@pytest.fixture
def texts(period):
    """The UBND's entry speaks of "rà soát", Rạch Giá's of "Đồng Tháp" and "rà soát" too."""
    ubnd = _entry(period, "bcsd-ubnd", results="Đã rà soát 120 tài khoản mạng xã hội.")
    rachgia = _entry(
        period,
        "thanh-uy-rach-gia",
        difficulties="Thiếu người rà soát thông tin.",
        proposals="Học tập kinh nghiệm của Đồng Tháp.",
    )
    return ubnd, rachgia


# --- Folding ---------------------------------------------------------------------------------


def test_folding_drops_every_mark_and_turns_d_with_stroke_into_d():
    assert fold("Rà soát ĐỒNG bộ, đường") == "ra soat dong bo, duong"
    assert query_words("  Ra soát,  ra ") == ["ra", "soat"]


def test_a_query_matches_whole_words_only():
    assert text_matches("Đã rà soát", ["ra", "soat"])
    assert not text_matches("trang thông tin", ["ra"])
    assert not text_matches("rà soát", ["ra", "bo"])


def test_highlighting_marks_the_words_and_escapes_everything_else():
    html = highlight('<script>alert("x")</script> Đã rà soát & Đồng ý', ["ra", "soat", "dong"])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>rà</mark> <mark>soát</mark>" in html
    assert "<mark>Đồng</mark>" in html
    assert "&amp;" in html


def test_a_long_text_is_cut_to_an_excerpt_around_the_first_match():
    text = "mở đầu " * 100 + "rà soát" + " kết thúc" * 100
    html = highlight(text, ["ra", "soat"])
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>rà</mark>" in html
    assert len(html) < len(text) / 2


def test_an_excerpt_is_none_without_a_whole_word_of_the_query():
    assert excerpt("trang thông tin, rà-soát", ["ra"]) == "trang thông tin, <mark>rà</mark>-soát"
    assert excerpt("trang thông tin", ["ra"]) is None
    assert excerpt("x_ra ra1 rất", ["ra"]) is None
    assert excerpt("", ["ra"]) is None


# --- What each reader finds ------------------------------------------------------------------


def _bodies_found(results):
    return [group.body.code if group.body else None for group in results.groups]


def test_typed_without_diacritics_it_finds_text_with_them(board, texts):
    results = search(user=board, query="ra soat")
    assert results.count == 2
    assert _bodies_found(results) == ["bcsd-ubnd", "thanh-uy-rach-gia"]
    assert "<mark>rà</mark> <mark>soát</mark>" in results.groups[0].hits[0].excerpts[0].html
    assert search(user=board, query="dong thap").count == 1
    assert search(user=board, query="ĐỒNG THÁP").count == 1


def test_every_word_must_be_found(board, texts):
    assert search(user=board, query="ra soat tai khoan").count == 1
    assert search(user=board, query="ra soat quoc hoi").count == 0


def test_a_body_s_staff_find_only_their_bodies_reports(ubnd_staff, rachgia_staff, texts):
    assert _bodies_found(search(user=ubnd_staff, query="ra soat")) == ["bcsd-ubnd"]
    assert _bodies_found(search(user=rachgia_staff, query="ra soat")) == ["thanh-uy-rach-gia"]
    assert search(user=ubnd_staff, query="dong thap").count == 0


def test_it_finds_the_board_s_comments(board, ubnd_staff, rachgia_staff, period):
    report = ProgressReportFactory(
        period=period,
        body=Body.objects.get(code="bcsd-ubnd"),
        state=ProgressReport.State.RETURNED,
        submitted_at="2025-06-10T09:00:00+07:00",
        review_comment="Đề nghị bổ sung số liệu rà soát.",
    )
    hit = search(user=ubnd_staff, query="bo sung").groups[0].hits[0]
    assert hit.kind == "comment"
    assert hit.url == reverse("reports:report_detail", args=[report.pk])
    assert search(user=rachgia_staff, query="bo sung").count == 0


def test_summaries_drafts_for_the_board_issued_for_the_committee_none_for_staff(
    board, committee, ubnd_staff, period
):
    SummaryFactory(period=period, version=1, results="Nhiều đơn vị đã rà soát.")
    issued = Summary.objects.get()
    issued.state, issued.number = Summary.State.ISSUED, "12"
    issued.issued_on, issued.issued_at = period.summary_due, "2025-06-20T09:00:00+07:00"
    issued.save()
    SummaryFactory(period=period, version=2, results="Bản nháp: rà soát thêm.")
    assert search(user=board, query="ra soat").count == 2
    committee_hits = search(user=committee, query="ra soat").groups[0].hits
    assert [hit.url for hit in committee_hits] == [
        reverse("reports:summary_detail", args=[issued.pk])
    ]
    assert search(user=ubnd_staff, query="ra soat").count == 0


def test_results_are_grouped_by_period_newest_first_then_by_body(board, directive, texts):
    older = PeriodFactory(directive=directive, year=2023)
    _entry(older, "bcsd-ubnd", results="Năm trước cũng rà soát.")
    results = search(user=board, query="ra soat")
    assert [(g.period.year, g.body.code) for g in results.groups] == [
        (2025, "bcsd-ubnd"),
        (2025, "thanh-uy-rach-gia"),
        (2023, "bcsd-ubnd"),
    ]


def test_results_come_a_page_at_a_time(board, directive):
    duties = list(Duty.objects.filter(assignment__directive=directive))
    bodies = list(Body.objects.filter(tasks__duty__in=duties).distinct()[:3])
    made = 0
    for year in range(2000, 2000 + PER_PAGE):
        period = PeriodFactory(directive=directive, year=year)
        for body in bodies[:2]:
            report = ProgressReport.objects.create(period=period, body=body)
            ProgressEntryFactory(report=report, duty=duties[0], results="rà soát")
            made += 1
    first = search(user=board, query="ra soat")
    assert first.count == made
    assert sum(len(g.hits) for g in first.groups) == PER_PAGE
    last = search(user=board, query="ra soat", page=first.page.num_pages)
    assert sum(len(g.hits) for g in last.groups) == made - PER_PAGE
    assert search(user=board, query="ra soat", page="nonsense").page.number == 1


@pytest.fixture
def many(board, directive):
    """Entries, comments and summaries over three periods, two of them ending the same day (of
    two directives), several bodies and duties: every column of the order has ties to break."""
    duties = list(Duty.objects.filter(assignment__directive=directive)[:3])
    bodies = list(Body.objects.filter(tasks__duty__in=duties).distinct()[:4])
    periods = [
        PeriodFactory(directive=directive, year=2024),
        PeriodFactory(directive=directive, year=2025),
        PeriodFactory(directive=DirectiveFactory(), year=2025),
    ]
    for period in periods:
        for body in bodies:
            report = ProgressReport.objects.create(
                period=period, body=body, review_comment="Cần rà soát lại."
            )
            for duty in duties:
                ProgressEntryFactory(report=report, duty=duty, results="Đã rà soát.")
        SummaryFactory(period=period, results="Rà soát chung.")
    return 3 * (len(bodies) * (1 + len(duties)) + 1)


def _every_page(user, query):
    hits, number = [], 1
    while True:
        results = search(user=user, query=query, page=number)
        hits += [(hit.kind, hit.url) for group in results.groups for hit in group.hits]
        if not results.page.has_next:
            return hits, results
        number += 1


def test_past_the_count_limit_the_pages_hold_the_same_hits_in_the_same_order(
    board, many, monkeypatch
):
    """With more matches than COUNT_LIMIT, PostgreSQL walks the periods instead of sorting every
    match: the pages, read one after the other, are those of the exact count."""
    monkeypatch.setattr(selectors, "PER_PAGE", 4)
    exact, last = _every_page(board, "ra soat")
    assert len(exact) == many and not last.more and last.page.num_pages == -(-many // 4)
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 12)
    bounded, last = _every_page(board, "ra soat")
    assert bounded == exact
    first = search(user=board, query="ra soat")
    assert first.more and first.count == 12 and first.page.num_pages is None
    # A page past the end is the last one, as with the exact count.
    past = search(user=board, query="ra soat", page=999)
    assert past.page.number == -(-many // 4) and not past.more
    on_last = len(exact) % 4 or 4
    assert [(h.kind, h.url) for g in past.groups for h in g.hits] == exact[-on_last:]
    assert search(user=board, query="ra soat", page=0).page.number == past.page.number


@pytest.mark.parametrize("limit_below_total", [1, 0])
def test_the_count_is_exact_up_to_its_limit_over_every_kind(
    board, many, monkeypatch, limit_below_total
):
    """Each kind is cut to the count's limit on its own too (for PostgreSQL's plan): the count
    over the three kinds still says "more" only past the limit, and is exact up to it."""
    monkeypatch.setattr(selectors, "COUNT_LIMIT", many - limit_below_total)
    results = search(user=board, query="ra soat")
    assert results.more is bool(limit_below_total)
    assert results.count == many - limit_below_total


def test_the_page_says_when_there_are_more_matches_than_it_counts(client, board, many, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 12)
    monkeypatch.setattr(selectors, "PER_PAGE", 4)
    client.force_login(board)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(URL, {"q": "ra soat", "page": 2}).content.decode()
    assert "More than 12 results for “ra soat”: add a word to narrow them." in html
    assert '<span class="page-link">Page 2</span>' in html
    assert "?q=ra%20soat&amp;page=3" in html and "?q=ra%20soat&amp;page=1" in html


def _plan_modes(user, page):
    """The plan setting each of the search's statements ran under, and the one after it."""
    modes = []

    def record(execute, sql, params, many, context):
        # On psycopg's connection itself: the wrapper sees only the search's statements.
        modes.append(connection.connection.execute("SHOW plan_cache_mode").fetchone()[0])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        results = search(user=user, query="ra soat", page=page)
    return results, modes, connection.connection.execute("SHOW plan_cache_mode").fetchone()[0]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("page", "limit_below_total", "walk_mode"),
    [
        (1, 1, "force_generic_plan"),  # more than counted: the periods are walked
        (1, 0, "auto"),  # all counted: every match sorted, planned for the words
        (999, 1, "auto"),  # past the walk's pages: the exact count, then the last page
    ],
)
def test_only_the_walk_is_planned_for_any_words_and_only_in_the_search(
    board, many, monkeypatch, page, limit_below_total, walk_mode
):
    """The count plans the walk once per connection (_GENERIC_WALK) for the rest of the
    search's own transaction; the statements planned for the words keep their plans, and
    nothing after the search is planned differently."""
    monkeypatch.setattr(selectors, "COUNT_LIMIT", many - limit_below_total)
    monkeypatch.setattr(selectors, "PER_PAGE", 4)
    results, modes, after = _plan_modes(board, page)
    assert results.groups
    assert modes[0] == "auto" and set(modes[1:]) == {walk_mode}
    assert after == "auto"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_in_a_caller_s_transaction_the_setting_ends_with_it(board, many, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_LIMIT", many - 1)
    with transaction.atomic():
        _results, modes, after = _plan_modes(board, 1)
        assert modes == ["auto", "force_generic_plan"] and after == "force_generic_plan"
    assert connection.connection.execute("SHOW plan_cache_mode").fetchone()[0] == "auto"


@pytest.mark.parametrize("role", ["board", "committee", "ubnd_staff", "admin_user"])
@pytest.mark.parametrize("build", [selectors._counted, selectors._sorted, selectors._walked])
def test_a_statement_built_once_per_role_is_the_reader_s_own(role, build, request):
    """The search's SQL is built once per role with stand-ins for the reader and the text: put
    back, it is the statement built for this reader and this text."""
    user = request.getfixturevalue(role)
    assert selectors._statement(build, user, "rà soát") == build(user, "rà soát")


def _search_queries(client, query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"q": query})
    assert response.status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_data(client, board, directive):
    client.force_login(board)
    duty = Duty.objects.filter(assignment__directive=directive).first()
    bodies = list(Body.objects.filter(tasks__duty=duty).distinct())

    def grow(years, word):
        for year in years:
            period = PeriodFactory(directive=directive, year=year)
            for body in bodies:
                report = ProgressReport.objects.create(
                    period=period, body=body, review_comment=f"{word} thêm"
                )
                ProgressEntryFactory(report=report, duty=duty, results=f"đã {word}")
            SummaryFactory(period=period, results=f"{word} chung")

    grow(range(2001, 2003), "nhỏ")
    grow(range(2010, 2020), "lớn")
    small = _search_queries(client, "nho")
    big = _search_queries(client, "lon")
    assert small == big


def test_a_query_nothing_matches_reads_no_page(client, board, texts):
    client.force_login(board)
    found = _search_queries(client, "ra soat")
    assert _search_queries(client, "khongcotunay") == found - 1


@pytest.mark.postgres
def test_the_database_keeps_the_folded_text_up_to_date(board, texts):
    entry = texts[0]
    entry.results = "Đã xử lý 3 trang giả mạo."
    entry.save()
    assert search(user=board, query="gia mao").count == 1
    assert [g.body.code for g in search(user=board, query="ra soat").groups] == [
        "thanh-uy-rach-gia"
    ]


# --- The page --------------------------------------------------------------------------------


def test_the_page_shows_grouped_highlighted_results(client, board, texts, period):
    client.force_login(board)
    response = client.get(URL, {"q": "ra soat"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>rà</mark> <mark>soát</mark>" in html
    assert Body.objects.get(code="bcsd-ubnd").name in html
    assert reverse("reports:report_detail", args=[texts[0].report_id]) in html


def test_the_page_writes_a_section_per_period_and_a_list_per_body(
    client, board, directive, texts, period
):
    older = PeriodFactory(directive=directive, year=2023)
    _entry(older, "bcsd-ubnd", results="Năm trước cũng rà soát <script>.")
    SummaryFactory(period=period, version=1, results="Nhiều đơn vị đã rà soát.")
    client.force_login(board)
    html = client.get(URL, {"q": "ra soat"}).content.decode()
    # The newest period's section holds the board's summary first, then the bodies'.
    assert html.count('<section class="search-period mb-4"') == 2
    newest = html[html.index(f'aria-labelledby="period-{period.pk}"') :]
    newest = newest[: newest.index("</section>")]
    headings = [part.split("</h3>")[0] for part in newest.split('<h3 class="h6 mt-3">')[1:]]
    assert headings == [
        "Báo cáo định kỳ",
        Body.objects.get(code="bcsd-ubnd").name,
        Body.objects.get(code="thanh-uy-rach-gia").name,
    ]
    assert f'id="period-{older.pk}">' in html
    assert "&lt;script&gt;" in html and "<script>." not in html
    nothing = client.get(URL, {"q": "khongcotunay"}).content.decode()
    assert "Không có nội dung nào đồng chí được xem khớp" in nothing
    assert "search-period" not in nothing


def test_a_query_of_no_word_is_refused_with_the_text_kept(client, ubnd_staff):
    client.force_login(ubnd_staff)
    response = client.get(URL, {"q": "?!…"})
    assert response.status_code == 200
    assert response.context["form"].errors["q"]
    assert 'value="?!…"' in response.content.decode()
    assert response.context["results"] is None


def test_a_query_too_long_is_refused(client, ubnd_staff):
    client.force_login(ubnd_staff)
    response = client.get(URL, {"q": "rà soát " * 40})
    assert response.context["form"].errors["q"]


@pytest.mark.parametrize("role", ["board", "committee", "ubnd_staff", "admin_user"])
def test_every_role_may_search_and_the_menu_links_it(client, role, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get(URL)
    assert response.status_code == 200
    assert f'href="{URL}"' in client.get(reverse("home")).content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL, {"q": "ra soat"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- PostgreSQL ------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("table", "index"),
    [
        ("reports_progressentry", "progressentry_search_idx"),
        ("reports_progressreport", "progressreport_search_idx"),
        ("reports_summary", "summary_search_idx"),
    ],
)
def test_the_queries_use_the_gin_indexes(board, texts, table, index):
    with CaptureQueriesContext(connection) as queries:
        search(user=board, query="ra soat")
    matching = [q["sql"] for q in queries.captured_queries if "search_vector" in q["sql"]]
    # Two queries: the matches counted, then the three kinds in a UNION, sorted and cut to the
    # page by the database.
    assert len(matching) == 2
    for sql in matching:
        assert f'"{table}"."search_vector"' in sql
        with connection.cursor() as cursor:
            # On a few rows the planner would rightly scan the table, or walk another index in
            # full; forbid both to see that the GIN index serves the match.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert index in plan, plan
