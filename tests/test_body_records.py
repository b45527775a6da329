"""A body's record over the periods and the year's ranking by on-time reporting (issue 13)."""

import datetime
import io
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from assignments.models import Body
from reports.models import ProgressReport
from reports.selectors.records import body_ranking, body_record
from reports.services.progress import REASON_SUBMITTED, report_submit
from reports.services.review import report_accept, report_return

from .factories import BodyFactory, PeriodFactory, ProgressReportFactory
from .factories_dashboard import ChaseFactory, build_directive, submitted_at
from .factories_progress import open_report
from .test_progress_services import complete

pytestmark = pytest.mark.django_db

State = ProgressReport.State
TODAY = datetime.date(2027, 3, 1)


def _sent(period, body, *, days_after_due: int, state=State.ACCEPTED):
    day = period.body_due + datetime.timedelta(days=days_after_due)
    report = ProgressReportFactory(
        period=period, body=body, state=state, submitted_at=submitted_at(day)
    )
    return report


def _record_sending(report, moment):
    """A sending as report_submit records it, at that moment (the real flow, at the real time,
    is test_submit_and_return_keep_the_first_sending_and_the_returns)."""
    report.submitted_at = moment
    report.first_sent_at = report.first_sent_at or moment
    report._change_reason = REASON_SUBMITTED
    report._history_date = moment
    report.save()


@pytest.fixture
def body(directive):
    return Body.objects.get(code="bcsd-ubnd")


@pytest.fixture
def years(directive):
    """Half-year and annual periods of 2025 and 2026, and one of 2027 not yet due."""
    kinds = {}
    for year in (2025, 2026):
        kinds[(year, "half_year")] = PeriodFactory(directive=directive, year=year)
        kinds[(year, "annual")] = PeriodFactory(directive=directive, year=year, kind="annual")
    kinds[(2027, "half_year")] = PeriodFactory(directive=directive, year=2027)
    return kinds


def test_each_period_shows_state_days_returns_and_chases(body, years, board):
    _sent(years[(2025, "half_year")], body, days_after_due=-3)
    _sent(years[(2025, "annual")], body, days_after_due=2)
    # Sent on the due date, returned, sent again later: it keeps its first sending.
    returned = _sent(years[(2026, "half_year")], body, days_after_due=0, state=State.SUBMITTED)
    _record_sending(returned, returned.submitted_at)
    report_return(report=returned, user=board, comment="Bổ sung số liệu.")
    returned.refresh_from_db()
    returned.state = State.SUBMITTED
    _record_sending(returned, returned.submitted_at + datetime.timedelta(days=9))
    ProgressReportFactory(period=years[(2026, "annual")], body=body)  # never sent
    ProgressReportFactory(period=years[(2027, "half_year")], body=body)  # not yet due
    ChaseFactory(period=years[(2026, "annual")], body=body, chased_on=datetime.date(2027, 1, 2))
    ChaseFactory(period=years[(2026, "annual")], body=body, chased_on=datetime.date(2027, 1, 3))

    record = body_record(body_id=body.pk, today=TODAY)
    rows = {(r.period.year, r.period.kind): r for r in record.periods}
    assert [r.period.year for r in record.periods] == [2027, 2026, 2026, 2025, 2025]
    assert rows[(2025, "half_year")].days_early == 3
    assert rows[(2025, "half_year")].on_time is True
    assert rows[(2025, "annual")].days_late == 2
    assert rows[(2025, "annual")].on_time is False
    assert rows[(2026, "half_year")].returns == 1
    assert rows[(2026, "half_year")].on_time is True
    assert rows[(2026, "half_year")].days_early == 0
    # Its state today is the resending, late; the record judges the first sending.
    assert rows[(2026, "half_year")].state == "submitted_late"
    never = rows[(2026, "annual")]
    assert never.first_sent_at is None
    assert never.days_late == (TODAY - years[(2026, "annual")].body_due).days
    assert never.chases == 2
    assert rows[(2027, "half_year")].on_time is None
    # 2 on time of 4 due; the period not yet due is left out.
    assert (record.tally.on_time, record.tally.due, record.tally.rate) == (2, 4, 50.0)
    assert record.years == [2027, 2026, 2025]


def test_submit_and_return_keep_the_first_sending_and_the_returns(ubnd_staff, board):
    report = open_report()
    sent = report_submit(
        report=report, user=ubnd_staff, entries=complete(report), expected_version=0
    )
    assert (sent.first_sent_at, sent.times_returned) == (sent.submitted_at, 0)
    first = sent.first_sent_at
    returned = report_return(report=sent, user=board, comment="Bổ sung số liệu.")
    assert (returned.first_sent_at, returned.times_returned) == (first, 1)
    again = report_submit(
        report=returned,
        user=ubnd_staff,
        entries=complete(returned),
        expected_version=returned.version,
    )
    assert again.submitted_at > first
    assert (again.first_sent_at, again.times_returned) == (first, 1)
    returned = report_return(report=again, user=board, comment="Còn thiếu số liệu quý II.")
    again = report_submit(
        report=returned,
        user=ubnd_staff,
        entries=complete(returned),
        expected_version=returned.version,
    )
    accepted = report_accept(report=again, user=board)
    accepted.refresh_from_db()
    assert (accepted.first_sent_at, accepted.times_returned) == (first, 2)
    [row] = [r for r in body_record(body_id=report.body_id).periods if r.report.pk == report.pk]
    assert (row.first_sent_at, row.returns) == (first, 2)
    [ranked] = [r for r in body_ranking(year=report.period.year) if r.body.pk == report.body_id]
    assert ranked.returns == 2


def test_the_migration_fills_the_first_sending_and_returns_from_the_history(body, years, board):
    """reports.0011 on the reports already there: judged by the history, as before it."""
    fill = import_module("reports.migrations.0011_report_first_sent_and_returns").fill
    period = years[(2025, "half_year")]
    resent = _sent(period, body, days_after_due=-2, state=State.SUBMITTED)
    first = resent.submitted_at
    _record_sending(resent, first)
    report_return(report=resent, user=board, comment="Bổ sung số liệu.")
    resent.refresh_from_db()
    resent.state = State.SUBMITTED
    _record_sending(resent, first + datetime.timedelta(days=9))
    # Sent before the history recorded reasons: only its last sending is known.
    old = _sent(years[(2025, "annual")], body, days_after_due=1)
    never = ProgressReportFactory(period=years[(2026, "half_year")], body=body)
    ProgressReport.objects.update(first_sent_at=None, times_returned=0)
    fill(django_apps, None)
    resent.refresh_from_db()
    old.refresh_from_db()
    never.refresh_from_db()
    assert (resent.first_sent_at, resent.times_returned) == (first, 1)
    assert (old.first_sent_at, old.times_returned) == (old.submitted_at, 0)
    assert (never.first_sent_at, never.times_returned) == (None, 0)


def test_the_rate_covers_the_chosen_span(body, years):
    _sent(years[(2025, "half_year")], body, days_after_due=-1)
    _sent(years[(2025, "annual")], body, days_after_due=-1)
    _sent(years[(2026, "half_year")], body, days_after_due=5)
    _sent(years[(2026, "annual")], body, days_after_due=0)
    span_2025 = body_record(body_id=body.pk, first_year=2025, last_year=2025, today=TODAY)
    assert span_2025.tally.rate == 100
    assert body_record(body_id=body.pk, first_year=2026, today=TODAY).tally.rate == 50
    assert body_record(body_id=body.pk, last_year=2026, today=TODAY).tally.rate == 75


def test_the_record_shows_twenty_periods_a_page_newest_first(db):
    _directive, _periods, bodies, _ = build_directive(bodies=2, periods=25)
    body = bodies[1]
    first = body_record(body_id=body.pk, page=1, today=TODAY)
    assert [row.period.year for row in first.periods] == list(range(2044, 2024, -1))
    assert all(row.chases == 1 for row in first.periods)
    last = body_record(body_id=body.pk, page="99", today=TODAY)
    assert last.page.number == 2
    assert [row.period.year for row in last.periods] == list(range(2024, 2019, -1))
    assert [r.report.pk for r in last.periods] == list(
        ProgressReport.objects.filter(body=body, period__year__lt=2025)
        .order_by("-period__ends_on")
        .values_list("pk", flat=True)
    )
    assert body_record(body_id=body.pk, page="x", today=TODAY).page.number == 1
    never_owed = BodyFactory(name="Đơn vị mới")
    empty = body_record(body_id=never_owed.pk, today=TODAY)
    assert (empty.body.name, empty.periods, empty.years) == ("Đơn vị mới", [], [])
    assert first.body.name == body.name
    assert body_record(body_id=never_owed.pk + 1000) is None


def test_late_by_the_local_calendar_day(body, years):
    period = years[(2025, "half_year")]
    # 00:30 on the day after the due date in Hồ Chí Minh City is still the due date in UTC.
    ProgressReportFactory(
        period=period,
        body=body,
        state=State.ACCEPTED,
        submitted_at=datetime.datetime.combine(
            period.body_due, datetime.time(17, 30), tzinfo=datetime.UTC
        ),
    )
    assert body_record(body_id=body.pk, today=TODAY).periods[0].days_late == 1


def test_the_ranking_orders_bodies_by_on_time_rate_with_shared_ranks(directive, years):
    a, b, c, d = (BodyFactory(name=f"Đơn vị {n}") for n in "ABCD")
    for period in (years[(2026, "half_year")], years[(2026, "annual")]):
        _sent(period, a, days_after_due=0)
        _sent(period, b, days_after_due=-1)
    _sent(years[(2026, "half_year")], c, days_after_due=1)
    _sent(years[(2026, "annual")], c, days_after_due=-1)
    ProgressReportFactory(period=years[(2026, "half_year")], body=d)
    _sent(years[(2025, "half_year")], d, days_after_due=0)  # another year: not counted
    rows = body_ranking(year=2026, today=TODAY)
    assert [(r.rank, r.body.name, r.tally.rate) for r in rows] == [
        (1, "Đơn vị A", 100.0),
        (1, "Đơn vị B", 100.0),
        (3, "Đơn vị C", 50.0),
        (4, "Đơn vị D", 0.0),
    ]
    assert rows[3].tally.not_sent == 1


# --- Pages -----------------------------------------------------------------------------------


def test_the_record_page_shows_the_periods_and_the_rate(client, board, body, years):
    _sent(years[(2025, "half_year")], body, days_after_due=-3)
    client.force_login(board)
    response = client.get(reverse("reports:body_record", args=[body.pk]), {"from": "2025"})
    html = response.content.decode()
    assert response.status_code == 200
    assert body.name in html
    assert "3 ngày" in html
    assert 'id="on-time-rate"' in html and "100" in html


def test_a_bad_year_is_ignored_with_a_message(client, board, body, years):
    client.force_login(board)
    response = client.get(reverse("reports:body_record", args=[body.pk]), {"from": "20x5"})
    assert response.status_code == 200
    assert "20x5" in [str(m) for m in response.context["messages"]][0]
    response = client.get(reverse("reports:body_ranking"), {"year": "1999"})
    assert response.status_code == 200
    assert "1999" in [str(m) for m in response.context["messages"]][0]


def test_the_ranking_downloads_as_excel_with_names_kept_as_text(client, board, years):
    body = BodyFactory(name='=HYPERLINK("http://x")')
    _sent(years[(2025, "half_year")], body, days_after_due=0)
    client.force_login(board)
    response = client.get(reverse("reports:body_ranking_export"), {"year": "2025"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('xep-loai-dung-han-2025.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=2).value == body.name
    assert sheet.cell(row=2, column=2).data_type == "s"
    assert sheet.cell(row=2, column=8).value == 100


ROUTES = [
    ("reports:body_ranking", {}),
    ("reports:body_ranking_export", {}),
    ("reports:body_record", {"pk": "body"}),
]


@pytest.mark.parametrize(("name", "kwargs"), ROUTES)
@pytest.mark.parametrize(
    ("role", "status"),
    [("board", 200), ("committee", 200), ("admin_user", 200), ("ubnd_staff", 403)],
)
def test_only_the_board_and_the_committee_read_records(
    client, request, body, years, name, kwargs, role, status
):
    kwargs = {k: body.pk for k in kwargs}
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse(name, kwargs=kwargs)).status_code == status


def test_an_unknown_body_is_a_404(client, board):
    client.force_login(board)
    assert client.get(reverse("reports:body_record", args=[999999])).status_code == 404


def test_the_menu_links_the_ranking_for_board_and_committee_only(
    client, board, committee, ubnd_staff
):
    link = f'href="{reverse("reports:body_ranking")}"'
    for user, shown in ((board, True), (committee, True), (ubnd_staff, False)):
        client.force_login(user)
        assert (link in client.get(reverse("home")).content.decode()) is shown


# --- Query counts ----------------------------------------------------------------------------


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def test_the_query_counts_do_not_grow_with_the_data(client, board):
    client.force_login(board)
    _, small_periods, small_bodies, _ = build_directive(bodies=5, periods=2)
    _, big_periods, big_bodies, _ = build_directive(bodies=40, periods=8)
    for bodies in (small_bodies, big_bodies):
        ChaseFactory(period=small_periods[0], body=bodies[0], chased_on=datetime.date(2020, 1, 1))
    small_record = _queries(client, reverse("reports:body_record", args=[small_bodies[1].pk]))
    big_record = _queries(client, reverse("reports:body_record", args=[big_bodies[1].pk]))
    assert small_record == big_record
    # build_directive's periods start in 2020: the small data has two years, the big eight.
    small_ranking = _queries(client, reverse("reports:body_ranking"), {"year": "2021"})
    big_ranking = _queries(client, reverse("reports:body_ranking"), {"year": "2027"})
    assert small_ranking == big_ranking
    export = reverse("reports:body_ranking_export")
    assert _queries(client, export, {"year": "2021"}) == _queries(client, export, {"year": "2027"})
