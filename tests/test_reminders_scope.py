"""Nagging that stops, a scan whose cost does not grow with history, and occasions never sent
out of order (issue 11, points 6, 7 and 12)."""

import datetime
import functools
import zoneinfo

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from assignments.models import Body
from reports import tasks
from reports.models import Notification, ProgressReport, Reminder, ReportingPeriod
from reports.services import reminders
from reports.services.periods import periods_create_upcoming
from reports.services.reminders import reminder_deliver, reminders_scan

from .factories import DirectiveFactory, PeriodFactory
from .factories_reminders import IssuedSummaryFactory, ReminderFactory

pytestmark = pytest.mark.django_db

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
Kind = Reminder.Kind


def at(year: int, month: int, day: int, hour: int = 8) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=HCM)


def nothing(_reminder_id: int) -> None:
    """Claims only: the sending is not what these tests look at."""


@pytest.fixture
def history(directive):
    """Every period since 2021, each with its 25 reports never sent."""
    periods_create_upcoming(today=datetime.date(2026, 11, 29), since=2021)
    return directive


def period(kind: str, year: int) -> ReportingPeriod:
    return ReportingPeriod.objects.get(kind=kind, year=year)


def reminded_periods() -> set[tuple[str, int]]:
    return set(Reminder.objects.values_list("period__kind", "period__year"))


def test_a_scan_over_periods_since_2021_reminds_about_one_past_period_per_directive(history):
    assert ReportingPeriod.objects.count() >= 12

    reminders_scan(now=at(2026, 11, 29), dispatch=nothing)

    assert reminded_periods() == {("half_year", 2026)}
    kinds = set(Reminder.objects.values_list("kind", flat=True))
    assert kinds == {Kind.REPORT_LATE, Kind.SUMMARY_OVERDUE, Kind.REPORT_ESCALATION}


def test_a_bodys_late_reminders_stop_when_the_summary_is_issued(history):
    IssuedSummaryFactory(period=period("half_year", 2026))

    reminders_scan(now=at(2026, 11, 29), dispatch=nothing)

    assert not Reminder.objects.exists()


def test_late_reminders_stop_when_the_next_report_falls_due(history):
    reminders_scan(now=at(2026, 12, 16), dispatch=nothing)

    late = Reminder.objects.filter(kind__in=[Kind.REPORT_LATE, Kind.REPORT_DUE])
    assert set(late.values_list("period__kind", "period__year")) == {("annual", 2026)}
    # The board is still reminded of the six-month summary until the next summary falls due.
    assert Reminder.objects.filter(
        kind=Kind.SUMMARY_OVERDUE, period=period("half_year", 2026)
    ).exists()


def test_the_boards_overdue_reminders_stop_when_the_next_summary_falls_due(history):
    reminders_scan(now=at(2026, 12, 21), dispatch=nothing)

    board = Reminder.objects.filter(kind__in=Reminder.BOARD_KINDS)
    assert set(board.values_list("period__kind", "period__year")) == {("annual", 2026)}


def test_bodies_still_late_are_reported_to_the_board_once_in_one_digest(
    history, board, django_capture_on_commit_callbacks
):
    ProgressReport.objects.filter(period=period("half_year", 2026), body__code="bcsd-ubnd").update(
        state="accepted", submitted_at=at(2026, 6, 15)
    )
    with django_capture_on_commit_callbacks(execute=True):
        reminders_scan(now=at(2026, 11, 29))
        reminders_scan(now=at(2026, 12, 2))

    digest = Reminder.objects.get(kind=Kind.REPORT_ESCALATION)
    assert digest.state == "sent"
    notices = Notification.objects.filter(user=board, kind="escalation")
    assert notices.count() == 1
    text = notices.get().message
    assert text.startswith("24 cơ quan, đơn vị")
    assert "Thành ủy Hà Tiên" in text and "Ban cán sự đảng" not in text


def test_no_digest_before_the_escalation_day(history, settings):
    settings.REMINDER_ESCALATE_AFTER_DAYS = 10
    # Two working days after 15/06/2026 (a Monday).
    reminders_scan(now=at(2026, 6, 17), dispatch=nothing)

    assert not Reminder.objects.filter(kind=Kind.REPORT_ESCALATION).exists()
    assert Reminder.objects.filter(kind=Kind.REPORT_DUE).count() == 25


# Cost ----------------------------------------------------------------------------------------


def many_late_bodies(count: int) -> ReportingPeriod:
    directive = DirectiveFactory()
    late = PeriodFactory(directive=directive, year=2026)
    bodies = Body.objects.bulk_create(
        Body(code=f"don-vi-{i}", name=f"Đơn vị {i}", sort_order=i) for i in range(count)
    )
    ProgressReport.objects.bulk_create(ProgressReport(period=late, body=body) for body in bodies)
    return late


def test_a_scan_claiming_500_reminders_costs_a_fixed_number_of_queries_per_batch():
    many_late_bodies(500)
    batches = -(-501 // reminders.CLAIM_BATCH)

    with CaptureQueriesContext(connection) as queries:
        result = reminders_scan(now=at(2026, 6, 18), dispatch=nothing)

    assert len(result.claimed) == 501
    # One INSERT a batch (SQLite splits it where its limit on parameters says).
    fields = [f for f in Reminder._meta.concrete_fields if not f.primary_key]
    rows_per_insert = connection.ops.bulk_batch_size(fields, [None] * reminders.CLAIM_BATCH)
    inserts_per_batch = -(-reminders.CLAIM_BATCH // rows_per_insert)
    inserts = [
        q for q in queries if q["sql"].startswith("INSERT") and '"reports_reminder"' in q["sql"]
    ]
    assert len(inserts) <= batches * inserts_per_batch
    # Setup and reading (periods, reports, what is recorded, heartbeat, the sweeps) plus at most
    # the inserts and three statements a batch (savepoint, reading back the claims, release).
    assert len(queries) <= 25 + (3 + inserts_per_batch) * batches


def test_a_second_scan_claims_nothing_and_reads_only_live_periods(history):
    reminders_scan(now=at(2026, 11, 29), dispatch=nothing)

    with CaptureQueriesContext(connection) as queries:
        result = reminders_scan(now=at(2026, 11, 29, 9), dispatch=nothing)

    assert result.claimed == []
    assert len(queries) <= 25
    # The reports of the 13 older periods are never read: only the live periods' 25 each.
    report_reads = [q["sql"] for q in queries if 'FROM "reports_progressreport"' in q["sql"]]
    assert report_reads and all("period_id" in sql for sql in report_reads)


# Occasions in order, interruptions -------------------------------------------------------------


def test_a_scan_on_a_clock_behind_never_sends_an_older_occasion_after_a_newer_one(history):
    reminders_scan(now=at(2026, 6, 15), dispatch=nothing)
    assert Reminder.objects.filter(kind=Kind.REPORT_DUE).count() == 25

    result = reminders_scan(now=at(2026, 6, 14), dispatch=nothing)

    six_months = period("half_year", 2026)
    assert not [r for r in result.claimed if r.period_id == six_months.pk]
    assert not Reminder.objects.filter(kind=Kind.REPORT_UPCOMING, period=six_months).exists()
    assert any(reason == "a newer reminder was already sent" for _what, reason in result.skipped)


def test_an_older_occasion_still_pending_is_superseded_once_a_newer_one_went_out(board, directive):
    the_period = PeriodFactory(directive=directive, year=2030)
    older = ReminderFactory(
        period=the_period,
        body=directive.monitoring_body,
        kind=Kind.SUMMARY_UPCOMING,
        occasion=the_period.summary_due - datetime.timedelta(days=1),
    )
    newer = ReminderFactory(
        period=the_period,
        body=directive.monitoring_body,
        kind=Kind.SUMMARY_DUE,
        occasion=the_period.summary_due,
    )
    assert reminder_deliver(reminder_id=newer.pk) is True

    assert reminder_deliver(reminder_id=older.pk) is False

    older.refresh_from_db()
    assert older.state == Reminder.State.SUPERSEDED
    assert Notification.objects.filter(user=board).count() == 1


def test_a_scan_interrupted_by_the_database_exits_cleanly_and_the_next_completes_it(
    history, monkeypatch
):
    monkeypatch.setattr(reminders, "CLAIM_BATCH", 10)
    real_claim = reminders._claim_batch
    calls = []

    def claim_then_lose_the_database(batch, dispatch):
        calls.append(len(batch))
        if len(calls) == 2:
            raise OperationalError("terminating connection due to administrator command")
        return real_claim(batch, dispatch)

    monkeypatch.setattr(reminders, "_claim_batch", claim_then_lose_the_database)
    monkeypatch.setattr(
        tasks,
        "reminders_scan_service",
        functools.partial(reminders_scan, now=at(2026, 11, 29), dispatch=nothing),
    )

    assert tasks.reminders_scan() == "interrupted"
    assert Reminder.objects.count() == 10

    monkeypatch.setattr(reminders, "_claim_batch", real_claim)
    assert tasks.reminders_scan().startswith("claimed 17")
    # 25 late bodies, the board's overdue summary and the digest: each once.
    assert Reminder.objects.count() == 27
