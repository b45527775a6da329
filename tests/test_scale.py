"""seed_scale and benchmark_pages: the data they make, and the query count of every page, which
must not grow with the years of data (issue 14). Speed itself is measured by the command, never
by a timed test."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from assignments.models import Directive, User
from reports.models import Notification, ProgressReport, Reminder, ReportingPeriod, Summary
from reports.scale.generate import Scale, seed_scale
from reports.scale.pages import PAGES, Fixtures, QueryCounter, clients_for

# Two sizes of the same generator, small enough for a test: the second has three times the
# directives and more than twice the years, more notifications and reminders than a page shows,
# more periods than the summaries index shows, and second versions of issued summaries.
TWO_YEARS = Scale(
    "two-years",
    directives=1,
    bodies_min=6,
    bodies_max=6,
    body_pool=6,
    years=2,
    notifications_per_user=3,
)
FIVE_YEARS = Scale(
    "five-years",
    directives=3,
    bodies_min=6,
    bodies_max=8,
    body_pool=9,
    years=5,
    notifications_per_user=45,
)

# The queries each page costs, at any scale.
EXPECTED_QUERIES = {
    "login": 0,
    "home:staff": 6,
    "report_form:staff": 4,
    "report_page:staff": 4,
    "notifications:staff": 3,
    "home:board": 6,
    "dashboard:board": 5,
    "report_list:board": 5,
    "export_csv:board": 5,
    "export_xlsx:board": 5,
    "report_page:board": 4,
    "summaries:board": 3,
    "summary:board": 4,
    "notifications:board": 3,
    "reminders:board": 5,
    "home:committee": 5,
    "dashboard:committee": 5,
    "summaries:committee": 3,
    "summary:committee": 4,
    "body_record:board": 4,
    "body_ranking:board": 4,
    "search:staff": 4,
    "search:board": 4,
}


def page_query_counts() -> dict[str, int]:
    fixtures = Fixtures.find()
    clients = clients_for(fixtures)
    counts = {}
    for page in PAGES:
        client, url = clients[page.role], page.url(fixtures)
        client.get(url)  # the first request of a session writes it; pages are read again
        with QueryCounter() as queries:
            response = client.get(url)
        assert response.status_code == 200, (page.name, page.role, url)
        counts[page.label] = len(queries)
    return counts


@pytest.mark.parametrize("scale", [TWO_YEARS, FIVE_YEARS], ids=lambda s: s.name)
def test_every_page_costs_the_same_queries_whatever_the_years_of_data(db, scale):
    seed_scale(scale=scale, seed=3, password="mật-khẩu")
    assert page_query_counts() == EXPECTED_QUERIES


def test_the_larger_scale_has_more_of_everything_that_grows(db):
    seed_scale(scale=FIVE_YEARS, seed=3, password="mật-khẩu")
    assert Directive.objects.count() == 3
    # Five years of two periods, and the next six-month period already opened.
    assert ReportingPeriod.objects.count() == 3 * (5 * 2 + 1)
    states = set(ProgressReport.objects.values_list("state", flat=True))
    assert states == set(ProgressReport.State.values)
    assert Summary.objects.filter(version=2, state=Summary.State.ISSUED).exists()
    assert Reminder.objects.count() > 30
    assert Notification.objects.filter(user__role=User.Role.BOARD).count() == 2 * 45


class _Undo(Exception):
    pass


def test_the_same_seed_makes_the_same_data(db):
    def seeded_fingerprint():
        try:
            with transaction.atomic():
                seed_scale(scale=TWO_YEARS, seed=7, password="mật-khẩu")
                fingerprint = (
                    list(
                        ProgressReport.objects.order_by("pk").values_list(
                            "body__code", "state", "submitted_at"
                        )
                    ),
                    list(Summary.objects.order_by("pk").values_list("version", "opening")),
                )
                raise _Undo
        except _Undo:
            return fingerprint

    first = seeded_fingerprint()
    assert first[0] and first[1]
    assert seeded_fingerprint() == first


def test_seed_scale_refuses_a_database_that_holds_data(db):
    seed_scale(scale=TWO_YEARS, seed=3, password="mật-khẩu")
    with pytest.raises(CommandError, match="--flush"):
        call_command("seed_scale", "small", stdout=StringIO())


def test_seed_scale_fills_the_small_scale_with_the_chosen_password(db, monkeypatch):
    monkeypatch.setenv("SCALE_PASSWORD", "mật-khẩu-đo")
    out = StringIO()
    call_command("seed_scale", "small", "--seed", "2", stdout=out)
    assert "Seeded 'small' (seed 2)" in out.getvalue()
    assert Directive.objects.count() == 1
    assert ReportingPeriod.objects.filter(year__lte=2026).count() == 4
    assert User.objects.get(username="canbo00").check_password("mật-khẩu-đo")


def test_benchmark_pages_prints_one_json_line_per_page_and_the_scan(db):
    seed_scale(scale=TWO_YEARS, seed=3, password="mật-khẩu")
    out = StringIO()
    call_command("benchmark_pages", "--runs", "2", "--warmup", "0", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    names = [line["name"] for line in lines]
    assert names == list(EXPECTED_QUERIES) + ["reminder_scan_first", "reminder_scan_repeat"]
    for line in lines:
        assert {"scale", "database", "queries", "p50_ms", "p95_ms", "bytes"} <= set(line)
        assert "status" not in line, line
    login = lines[0]
    assert login["ratio_to_minimal"] == 1.0 and login["queries"] == 0
    by_name = {line["name"]: line for line in lines}
    assert by_name["report_form:staff"]["queries"] == EXPECTED_QUERIES["report_form:staff"]
    assert by_name["report_form:staff"]["bytes"] > 10_000
    # The scan ran in a transaction that was rolled back.
    assert by_name["reminder_scan_first"]["claimed"] > 0
    assert not Reminder.objects.filter(period__year=2026, period__kind="annual").exists()


def test_benchmark_pages_says_what_to_do_on_an_empty_database(db):
    with pytest.raises(CommandError, match="seed_scale"):
        call_command("benchmark_pages", "--runs", "1", stdout=StringIO())
