import datetime
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from assignments.models import Task
from reports.models import ProgressEntry, ProgressReport, ReportingPeriod
from reports.services.periods import period_dates, periods_create_upcoming, reports_open

from .factories import DirectiveFactory, TaskFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_six_month_period_runs_from_january_to_june_with_the_schedule_days(directive):
    dates = period_dates(directive=directive, kind="half_year", year=2026)
    assert (dates.starts_on, dates.ends_on) == (D(2026, 1, 1), D(2026, 6, 30))
    assert (dates.data_cutoff, dates.body_due, dates.summary_due) == (
        D(2026, 6, 14),
        D(2026, 6, 15),
        D(2026, 6, 20),
    )


def test_the_annual_period_covers_the_year_and_is_due_in_december(directive):
    dates = period_dates(directive=directive, kind="annual", year=2026)
    assert (dates.starts_on, dates.ends_on) == (D(2026, 1, 1), D(2026, 12, 31))
    assert dates.body_due == D(2026, 12, 15)
    assert dates.summary_due == D(2026, 12, 20)


def test_a_day_past_the_months_end_is_clamped_to_its_last_day(db):
    directive = DirectiveFactory(body_cutoff_day=29, body_due_day=30, summary_due_day=31)
    dates = period_dates(directive=directive, kind="half_year", year=2026)
    assert (dates.data_cutoff, dates.body_due, dates.summary_due) == (
        D(2026, 6, 29),
        D(2026, 6, 30),
        D(2026, 6, 30),
    )


def test_it_creates_the_current_periods_and_those_ending_within_a_year(directive):
    created = periods_create_upcoming(today=D(2026, 8, 1))
    assert sorted((p.kind, p.year) for p in created) == [
        ("annual", 2026),
        ("half_year", 2027),
    ]
    period = ReportingPeriod.objects.get(kind="half_year", year=2027)
    assert period.body_due == D(2027, 6, 15)


def test_a_second_run_creates_nothing_and_costs_few_queries(
    directive, django_assert_max_num_queries
):
    first = periods_create_upcoming(today=D(2026, 3, 1))
    assert len(first) == 2
    reports = ProgressReport.objects.count()
    entries = ProgressEntry.objects.count()
    with django_assert_max_num_queries(4):
        assert periods_create_upcoming(today=D(2026, 3, 1)) == []
    assert ReportingPeriod.objects.count() == 2
    assert ProgressReport.objects.count() == reports
    assert ProgressEntry.objects.count() == entries


def test_each_body_with_a_task_gets_one_report_with_an_entry_per_duty(directive):
    periods_create_upcoming(today=D(2026, 3, 1))
    period = ReportingPeriod.objects.get(kind="half_year", year=2026)
    tasked = set(Task.objects.values_list("body_id", flat=True))
    reports = ProgressReport.objects.filter(period=period)
    assert set(reports.values_list("body_id", flat=True)) == tasked
    assert all(report.state == "not_reported" for report in reports)
    rachgia = reports.get(body__code="thanh-uy-rach-gia")
    assert set(rachgia.entries.values_list("duty_id", flat=True)) == set(
        Task.objects.filter(body=rachgia.body).values_list("duty_id", flat=True)
    )
    assert not reports.filter(body__code="huyen-thanh-dang-uy").exists()  # a group reports not


def test_reports_open_adds_a_body_tasked_later_and_only_it(directive):
    periods_create_upcoming(today=D(2026, 3, 1))
    period = ReportingPeriod.objects.get(kind="half_year", year=2026)
    before = ProgressReport.objects.filter(period=period).count()
    task = TaskFactory(duty=directive.assignments.first().duties.first())
    created = reports_open(period=period)
    assert [report.body for report in created] == [task.body]
    assert ProgressReport.objects.filter(period=period).count() == before + 1
    assert reports_open(period=period) == []


def test_no_period_ends_before_tracking_starts(directive):
    directive.tracking_starts = D(2026, 7, 1)
    directive.save()
    created = periods_create_upcoming(today=D(2026, 3, 1))
    assert [(p.kind, p.year) for p in created] == [("annual", 2026)]


def test_a_kind_switched_off_gets_no_period(directive):
    directive.report_half_year = False
    directive.save()
    created = periods_create_upcoming(today=D(2026, 3, 1))
    assert [(p.kind, p.year) for p in created] == [("annual", 2026)]


def test_an_edited_period_keeps_its_dates(directive):
    periods_create_upcoming(today=D(2026, 3, 1))
    period = ReportingPeriod.objects.get(kind="half_year", year=2026)
    ReportingPeriod.objects.filter(pk=period.pk).update(
        body_due=D(2026, 6, 18), summary_due=D(2026, 6, 25)
    )
    periods_create_upcoming(today=D(2026, 3, 2))
    period.refresh_from_db()
    assert period.body_due == D(2026, 6, 18)


def test_the_command_creates_past_periods_since_a_year_and_says_what_it_made(directive):
    out = StringIO()
    call_command("setup_periods", "--today", "2026-03-01", "--since", "2021", stdout=out)
    kinds = set(ReportingPeriod.objects.values_list("kind", "year"))
    # The letter is dated 03/08/2021: the first six months of 2021 end before it.
    assert ("half_year", 2021) not in kinds
    assert {("annual", 2021), ("half_year", 2022), ("annual", 2025), ("half_year", 2026)} <= kinds
    assert "created half_year 2026" in out.getvalue()
    out = StringIO()
    call_command("setup_periods", "--today", "2026-03-01", stdout=out)
    assert "no period was missing" in out.getvalue()


def test_a_period_another_process_inserted_after_our_read_is_taken_not_duplicated(directive):
    """The insert loses to the unique constraint and returns the other process's period."""
    from reports.services.periods import _period_get_or_create

    periods_create_upcoming(today=D(2026, 3, 1))
    theirs = ReportingPeriod.objects.get(kind="half_year", year=2026)
    dates = period_dates(directive=directive, kind="half_year", year=2026)
    period, created = _period_get_or_create(
        directive=directive, kind="half_year", year=2026, dates=dates
    )
    assert (period, created) == (theirs, False)
    assert ReportingPeriod.objects.filter(kind="half_year", year=2026).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_processes_running_at_once_create_each_period_once(directive):
    errors = []
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            periods_create_upcoming(today=D(2026, 3, 1))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert ReportingPeriod.objects.count() == 2
    tasked = Task.objects.values("body").distinct().count()
    assert ProgressReport.objects.count() == 2 * tasked
