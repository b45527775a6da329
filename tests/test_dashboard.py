"""The board's status dashboard: who owes what, in which state, with counts, filters and links."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments.models import Body
from reports.selectors.dashboard import (
    SUBMITTED_LATE,
    SUBMITTED_ON_TIME,
    dashboard_build,
    dashboard_default_period,
    report_state,
)

from .factories import PeriodFactory, ProgressEntryFactory
from .factories_dashboard import ChaseFactory, build_directive, report_in_state, submitted_at

pytestmark = pytest.mark.django_db

URL = reverse("reports:dashboard")


@pytest.fixture
def period(directive):
    # Due 15/06/2026: long past, so bodies without a submitted report are late.
    return PeriodFactory(directive=directive, year=2026)


def body(code):
    return Body.objects.get(code=code)


def test_it_lists_every_owing_body_grouped_as_in_the_letter(client, board, period):
    client.force_login(board)
    response = client.get(URL, {"period": period.pk})
    assert response.status_code == 200
    html = response.content.decode()
    html = html[html.index('id="dashboard-matrix"') :]
    # Top-level recipients in the letter's order, the group bodies as headings over members.
    order = [
        "Ban cán sự đảng Ủy ban nhân dân tỉnh",
        "Sở Thông tin và Truyền thông",
        "Hội Nhà báo tỉnh",
        "Các cơ quan báo chí của tỉnh",
        "Báo Kiên Giang",
        "Các huyện, thành ủy và đảng ủy trực thuộc",
        "Thành ủy Rạch Giá",
        "Đảng ủy Bộ đội Biên phòng tỉnh",
    ]
    positions = [html.index(name) for name in order]
    assert positions == sorted(positions)
    assert '<th scope="rowgroup"' in html
    rows = response.context["dashboard"].rows
    # 4 single bodies + 2 press agencies + 20 district and affiliated committees.
    assert len(rows) == 25
    # The monitoring board owes nothing and is not a row.
    assert "ban-tuyen-giao" not in {row.body.code for row in rows}


def test_the_table_scrolls_inside_its_own_box_and_turns_to_cards_on_a_phone(client, board, period):
    client.force_login(board)
    html = client.get(URL, {"period": period.pk}).content.decode()
    box = html.index('class="table-responsive matrix-box"')
    table = html.index('id="dashboard-matrix"')
    assert box < table
    assert "table-cards" in html[html.rindex("<table", 0, table) : table]


def test_each_cell_shows_the_state_in_words_and_colour(client, board, period):
    report_in_state(period=period, body=body("bcsd-ubnd"), state="accepted")
    report_in_state(period=period, body=body("so-tttt"), state="returned")
    report_in_state(period=period, body=body("hoi-nha-bao"), state="draft")
    report_in_state(period=period, body=body("bao-kien-giang"), state="submitted")
    report_in_state(period=period, body=body("thanh-uy-rach-gia"), state="submitted", late=True)
    client.force_login(board)
    html = client.get(URL, {"period": period.pk}).content.decode()
    for words, css in [
        ("Đã tiếp nhận", "text-bg-success"),
        ("Bị trả lại", "text-bg-danger"),
        ("Nháp", "text-bg-secondary"),
        ("Đã gửi đúng hạn", "text-bg-primary"),
        ("Đã gửi quá hạn", "text-bg-warning"),
        ("Chưa báo cáo", "text-bg-light"),
    ]:
        assert re.search(f'class="badge text-decoration-none [^"]*{css}[^"]*">{words}</a>', html)


def test_a_body_shows_a_dash_for_duties_it_has_no_task_in(client, board, period):
    client.force_login(board)
    dashboard = client.get(URL, {"period": period.pk}).context["dashboard"]
    row = next(r for r in dashboard.rows if r.body.code == "hoi-nha-bao")
    owed = [duty.label for duty, cell in zip(dashboard.duties, row.cells, strict=True) if cell.owed]
    assert owed == ["2.1", "2.2", "2.3"]
    assert row.cell_texts()[0] == "—"


def test_submitted_on_time_compares_the_local_date_with_the_due_date(directive):
    period = PeriodFactory(directive=directive, year=2026)
    due = period.body_due
    # 23:30 on the due day in Asia/Ho_Chi_Minh is 16:30 UTC the same day: on time.
    on_time = submitted_at(due, 23).replace(minute=30)
    late = submitted_at(due + datetime.timedelta(days=1), 0).replace(minute=30)
    assert report_state(state="submitted", submitted_at=on_time, period=period) == (
        SUBMITTED_ON_TIME
    )
    assert report_state(state="submitted", submitted_at=late, period=period) == SUBMITTED_LATE


def test_it_counts_each_state_and_drafts_as_not_reported(board, period):
    report_in_state(period=period, body=body("bcsd-ubnd"), state="accepted")
    report_in_state(period=period, body=body("so-tttt"), state="returned")
    report_in_state(period=period, body=body("hoi-nha-bao"), state="draft")
    report_in_state(period=period, body=body("bao-kien-giang"), state="submitted")
    report_in_state(period=period, body=body("thanh-uy-rach-gia"), state="submitted", late=True)
    report_in_state(period=period, body=body("thanh-uy-ha-tien"), state="not_reported")
    totals = {t.key: t.count for t in dashboard_build(period=period).totals}
    assert totals == {
        "owed": 25,
        "submitted_on_time": 1,
        "submitted_late": 1,
        "accepted": 1,
        "returned": 1,
        "not_reported": 21,
    }


def test_every_count_and_cell_links_to_the_reports_behind_it(client, board, period):
    report = report_in_state(period=period, body=body("bcsd-ubnd"), state="accepted")
    client.force_login(board)
    response = client.get(URL, {"period": period.pk})
    html = response.content.decode()
    dashboard = response.context["dashboard"]
    assert f'href="{reverse("reports:report_detail", args=[report.pk])}"' in html
    accepted = next(t for t in dashboard.totals if t.key == "accepted")
    assert f"period={period.pk}" in accepted.url and "state=accepted" in accepted.url
    listed = client.get(accepted.url)
    assert listed.status_code == 200
    assert [row.body.code for row in listed.context["dashboard"].rows] == ["bcsd-ubnd"]
    # A body with no report row yet leads to the list filtered to it.
    row = next(r for r in dashboard.rows if r.body.code == "so-tttt")
    assert row.url.startswith(reverse("reports:report_list")) and f"body={row.body.pk}" in row.url
    assert client.get(row.url).context["dashboard"].rows[0].body.code == "so-tttt"


def _row_html(html: str, table_id: str, body_name: str) -> str:
    table = html[html.index(f'id="{table_id}"') :]
    table = table[: table.index("</table>")]
    return next(row for row in table.split("<tr")[1:] if body_name in row)


@pytest.mark.parametrize("role", ["board", "committee"])
def test_a_body_s_name_leads_to_its_record_and_its_state_to_its_report(
    role, request, client, period
):
    reported = report_in_state(period=period, body=body("bcsd-ubnd"), state="submitted")
    late = body("hoi-nha-bao")
    client.force_login(request.getfixturevalue(role))
    html = client.get(URL, {"period": period.pk}).content.decode()

    record = reverse("reports:body_record", args=[reported.body.pk])
    row = _row_html(html, "dashboard-matrix", reported.body.name)
    assert f'<a href="{record}">{reported.body.name}</a>' in row
    # The state badge is still the drill-down to this period's report.
    report_link = reverse("reports:report_detail", args=[reported.pk])
    assert re.search(rf'<a href="{report_link}" class="badge[^"]*">', row)

    late_record = reverse("reports:body_record", args=[late.pk])
    late_list = reverse("reports:report_list")
    for table_id in ("dashboard-matrix", "late-bodies"):
        row = _row_html(html, table_id, late.name)
        assert f'<a href="{late_record}">{late.name}</a>' in row, table_id
        # No report yet: the state leads to the report list filtered to the body.
        state_link = re.search(r'<a href="([^"]+)" class="badge', row).group(1)
        assert state_link.startswith(late_list) and f"body={late.pk}" in state_link, table_id

    opened = client.get(late_record)
    assert opened.status_code == 200
    assert late.name in opened.content.decode()


def test_it_lists_late_bodies_with_days_late(client, board, period):
    for code in ("bcsd-ubnd", "so-tttt"):
        report_in_state(period=period, body=body(code), state="accepted")
    today = period.body_due + datetime.timedelta(days=9)
    dashboard = dashboard_build(period=period, today=today)
    late = {row.body.code: row.days_late for row in dashboard.late}
    assert "bcsd-ubnd" not in late and "so-tttt" not in late
    assert late["hoi-nha-bao"] == 9
    assert len(late) == 23
    assert dashboard_build(period=period, today=period.body_due).late == []


def test_the_late_filter_shows_only_late_bodies(client, board, period):
    report_in_state(period=period, body=body("bcsd-ubnd"), state="submitted")
    client.force_login(board)
    response = client.get(URL, {"period": period.pk, "state": "late"})
    codes = {row.body.code for row in response.context["dashboard"].rows}
    assert "bcsd-ubnd" not in codes and "so-tttt" in codes
    assert len(codes) == 24


def test_it_filters_by_group_and_by_assignment(client, board, directive, period):
    client.force_login(board)
    press = body("co-quan-bao-chi")
    response = client.get(URL, {"period": period.pk, "group": press.pk})
    assert [r.body.code for r in response.context["dashboard"].rows] == [
        "bao-kien-giang",
        "dai-pttm-kien-giang",
    ]
    assignment = directive.assignments.get(number=2)
    dashboard = client.get(URL, {"period": period.pk, "assignment": assignment.pk}).context[
        "dashboard"
    ]
    assert {d.assignment.number for d in dashboard.duties} == {2}
    assert [r.body.code for r in dashboard.rows] == ["hoi-nha-bao"]


def test_a_filter_naming_nothing_is_ignored_with_a_vietnamese_message(client, board, period):
    client.force_login(board)
    response = client.get(URL, {"period": period.pk, "group": "999999", "state": "bogus"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nhóm đã chọn không phải báo cáo" in html
    assert len(response.context["dashboard"].rows) == 25


def test_it_shows_each_entry_status_in_its_cell(board, period):
    report = report_in_state(period=period, body=body("hoi-nha-bao"), state="submitted")
    duty = period.directive.assignments.get(number=2).duties.get(number=1)
    ProgressEntryFactory(report=report, duty=duty, status="done_on_time")
    row = next(r for r in dashboard_build(period=period).rows if r.body.code == "hoi-nha-bao")
    assert any(cell.status == "hoàn thành đúng hạn" for cell in row.cells)


def test_every_chase_is_listed(client, board, period):
    ChaseFactory(period=period, body=body("so-tttt"), chased_by=board)
    ChaseFactory(period=period, body=body("hoi-nha-bao"), chased_by=None)
    client.force_login(board)
    html = client.get(URL, {"period": period.pk}).content.decode()
    chases = html[html.index('id="chase-list"') :]
    assert "Sở Thông tin và Truyền thông" in chases
    assert "Hội Nhà báo tỉnh" in chases
    assert "tự động" in chases


def test_the_chart_has_its_figures_in_a_table_too(client, board, directive, period):
    earlier = PeriodFactory(directive=directive, year=2025)
    report_in_state(period=earlier, body=body("bcsd-ubnd"), state="accepted")
    report_in_state(period=earlier, body=body("so-tttt"), state="submitted")
    client.force_login(board)
    response = client.get(URL, {"period": period.pk})
    chart = response.context["chart"]
    assert [(p["reported"], p["accepted"]) for p in chart] == [(8.0, 4.0), (0.0, 0.0)]
    html = response.content.decode()
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert 'id="chart-table"' in html and "2 (8,0%)" in html


def test_it_defaults_to_the_latest_open_period_of_the_latest_directive(directive):
    half = PeriodFactory(directive=directive, year=2026)
    annual = PeriodFactory(directive=directive, year=2026, kind="annual")
    PeriodFactory(directive=directive, year=2027)
    assert dashboard_default_period(today=datetime.date(2026, 3, 1)) == half
    assert dashboard_default_period(today=datetime.date(2026, 11, 29)) == annual
    assert dashboard_default_period(today=datetime.date(2020, 1, 1)) == half


def test_with_no_period_it_says_so(client, board):
    client.force_login(board)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Chưa có kỳ báo cáo" in response.content.decode()


def test_the_committee_reads_the_dashboard_without_buttons(client, committee, period):
    client.force_login(committee)
    response = client.get(URL, {"period": period.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chỉ xem" in html
    assert reverse("reports:chase_late", args=[period.pk]) not in html
    assert "/chase/" not in html


def test_body_staff_are_refused_the_dashboard_and_the_report_list(client, ubnd_staff, period):
    client.force_login(ubnd_staff)
    assert client.get(URL).status_code == 403
    assert client.get(reverse("reports:report_list"), {"period": period.pk}).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, period):
    for url in (URL, reverse("reports:report_list")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_the_nav_links_the_dashboard_for_board_and_committee_only(
    client, board, committee, ubnd_staff, period
):
    for user, shown in ((board, True), (committee, True), (ubnd_staff, False)):
        client.force_login(user)
        html = client.get(reverse("home")).content.decode()
        assert ("Bảng theo dõi" in html) is shown


def _dashboard_queries(client, period) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"period": period.pk})
    assert response.status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_data(client, board):
    client.force_login(board)
    _, small_periods, small_bodies, _ = build_directive(bodies=5, periods=2)
    _, big_periods, big_bodies, _ = build_directive(bodies=50, periods=10)
    small = _dashboard_queries(client, small_periods[-1])
    big = _dashboard_queries(client, big_periods[-1])
    assert small == big
    # With the filters on as well.
    group = big_bodies[1].parent
    with CaptureQueriesContext(connection) as queries:
        client.get(URL, {"period": big_periods[0].pk, "group": group.pk, "state": "late"})
    assert len(queries) == big


def test_another_directive_is_one_click_away(client, board, directive):
    from .factories import DirectiveFactory

    other = DirectiveFactory()
    other_period = PeriodFactory(directive=other, year=2026)
    PeriodFactory(directive=directive, year=2026)
    client.force_login(board)
    html = client.get(URL).content.decode()
    link = f"{URL}?directive={other.pk}"
    assert link in html
    assert client.get(link).context["dashboard"].period == other_period


def test_the_late_list_shows_when_each_body_was_last_chased(board, period):
    ubnd = body("bcsd-ubnd")
    ChaseFactory(period=period, body=ubnd, chased_on=datetime.date(2026, 7, 1))
    ChaseFactory(period=period, body=ubnd, chased_on=datetime.date(2026, 7, 3))
    late = {row.body.code: row for row in dashboard_build(period=period).late}
    assert late["bcsd-ubnd"].last_chased_on == datetime.date(2026, 7, 3)
    assert late["so-tttt"].last_chased_on is None


def test_the_committee_reads_the_report_list(client, committee, period):
    report_in_state(period=period, body=body("so-tttt"), state="returned")
    client.force_login(committee)
    response = client.get(
        reverse("reports:report_list"), {"period": period.pk, "state": "returned"}
    )
    assert response.status_code == 200
    assert [row.body.code for row in response.context["dashboard"].rows] == ["so-tttt"]
    assert "Bị trả lại" in response.content.decode()


def test_each_row_shows_its_report_state_once_and_one_column_per_assignment(client, board, period):
    report_in_state(period=period, body=body("bao-kien-giang"), state="accepted")
    client.force_login(board)
    response = client.get(URL, {"period": period.pk})
    html = response.content.decode()
    matrix = html[
        html.index('id="dashboard-matrix"') : html.index(
            "</table>", html.index('id="dashboard-matrix"')
        )
    ]
    headers = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', matrix)
    assert headers == ["Cơ quan, đơn vị", "Báo cáo", *[f"Nhiệm vụ {n}" for n in (1, 2, 3, 4)]]
    row = matrix[matrix.index(f'data-body="{body("bao-kien-giang").pk}"') :]
    row = row[: row.index("</tr>")]
    assert row.count("Đã tiếp nhận") == 1
    assert row.count("<td") == 6 - 1


def test_each_assignment_cell_marks_its_duties_with_words_for_each_mark(client, board, period):
    report = report_in_state(period=period, body=body("so-tttt"), state="submitted")
    assignment = period.directive.assignments.get(number=1)
    first, second = assignment.duties.order_by("number")[:2]
    ProgressEntryFactory(report=report, duty=first, status="done_late")
    ProgressEntryFactory(report=report, duty=second, status="in_progress_late")
    client.force_login(board)
    html = client.get(URL, {"period": period.pk}).content.decode()
    row = html[html.index(f'data-body="{body("so-tttt").pk}"') :]
    row = row[: row.index("</tr>")]
    cell = row[row.index('data-label="Nhiệm vụ 1"') :]
    cell = cell[: cell.index("</td>")]
    assert '<span class="duty-mark duty-mark-done_late"' in cell
    # A screen reader hears the assignment and every duty's status in one run of words; a duty
    # without a status in the report reads "not started"; the duty's text is one click away.
    assert (
        '<summary><span class="visually-hidden">Nhiệm vụ 1: 1.1 hoàn thành quá hạn; '
        "1.2 đang thực hiện quá hạn; 1.3 chưa thực hiện"
    ) in cell
    assert "<details" in cell and first.text in cell
    # The legend says in words what every mark means.
    legend = html[html.index('id="execution-legend"') :]
    legend = legend[: legend.index("</p>")]
    for words in (
        "hoàn thành đúng hạn",
        "hoàn thành quá hạn",
        "đang thực hiện trong hạn",
        "đang thực hiện quá hạn",
        "chưa thực hiện",
    ):
        assert words in legend


def test_the_chart_shows_the_latest_ten_periods_however_many_years_there_are(db):
    from reports.selectors.dashboard import CHART_PERIODS, dashboard_build

    _directive, periods, _members, _groups = build_directive(bodies=3, periods=CHART_PERIODS + 2)
    dashboard = dashboard_build(period=periods[-1], today=datetime.date(2040, 1, 1))
    assert [point.period for point in dashboard.chart] == periods[-CHART_PERIODS:]
