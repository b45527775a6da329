"""Sending a claimed reminder: retries of a failing mail server, leases, the status page, the
admin, the schedule and the send_reminders command."""

import datetime
import io
import zoneinfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from reports.models import Notification, OutgoingEmail, Reminder
from reports.outbox.services import outbox_deliver, outbox_sweep
from reports.services.reminders import reminder_deliver, reminders_scan
from reports.tasks import reminder_send

from .factories_reminders import HeartbeatFactory, ReminderFactory
from .mail_backends import FlakyBackend

pytestmark = pytest.mark.django_db

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = "tests.mail_backends.FlakyBackend"
    FlakyBackend.calls = 0
    FlakyBackend.failures = 1
    return FlakyBackend


@pytest.fixture
def reminder(board, directive):
    from .factories import PeriodFactory

    period = PeriodFactory(directive=directive, year=2030)
    return ReminderFactory(period=period, body=directive.monitoring_body)


def test_a_failing_mail_server_delays_the_reminders_e_mail_and_repeats_no_notice(
    flaky_mail, reminder, board, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reminder_send.delay(reminder.pk)

    reminder.refresh_from_db()
    assert reminder.state == Reminder.State.SENT
    email = OutgoingEmail.objects.get()
    assert email.state == "pending" and "SMTPServerDisconnected" in email.last_error
    assert mail.outbox == []

    outbox_sweep(
        now=email.next_attempt_at,
        dispatch=lambda pk: outbox_deliver(email_id=pk, now=email.next_attempt_at),
    )

    email.refresh_from_db()
    assert email.state == "sent" and email.attempts == 2
    assert [m.to for m in mail.outbox] == [[board.email]]
    # The in-app notice went out with the reminder, and only once.
    assert Notification.objects.filter(user=board).count() == 1


def test_a_sent_reminder_is_not_sent_again(reminder, board, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert reminder_deliver(reminder_id=reminder.pk) is True
        assert reminder_deliver(reminder_id=reminder.pk) is False

    assert len(mail.outbox) == 1
    assert Notification.objects.filter(user=board).count() == 1


def test_a_delivery_that_crashes_midway_leaves_the_reminder_pending_and_nothing_sent(
    reminder, board, monkeypatch
):
    from reports.services import reminders

    def crash(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(reminders, "queue_email", crash)
    with pytest.raises(OperationalError):
        reminder_deliver(reminder_id=reminder.pk)
    reminder.refresh_from_db()
    assert reminder.state == Reminder.State.PENDING
    assert not Notification.objects.exists() and not OutgoingEmail.objects.exists()

    monkeypatch.undo()
    assert reminder_deliver(reminder_id=reminder.pk) is True
    assert Notification.objects.filter(user=board).count() == 1
    assert OutgoingEmail.objects.count() == 1


def test_a_pending_reminder_whose_task_was_lost_is_enqueued_again_by_the_next_scan(
    reminder, board, django_capture_on_commit_callbacks
):
    Reminder.objects.filter(pk=reminder.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )

    result = reminders_scan(now=datetime.datetime(2030, 1, 2, 8, tzinfo=HCM))

    assert [r.pk for r in result.requeued] == [reminder.pk]
    reminder.refresh_from_db()
    assert reminder.state == Reminder.State.SENT
    assert len(mail.outbox) == 1


def test_the_beat_schedule_runs_the_scan_every_few_minutes_and_drops_late_copies(settings):
    from directive_tracker.celery import app

    entry = app.conf.beat_schedule["reminders-scan"]
    period = entry["schedule"]
    assert entry["task"] == "reports.reminders_scan"
    assert period == settings.REMINDER_SCAN_MINUTES * 60
    assert 0 < entry["options"]["expires"] < period


# send_reminders --------------------------------------------------------------------------------


def run_command(*args) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


# Committed for real, as in a shell: the command sends each reminder as its claim commits.
@pytest.mark.django_db(transaction=True)
def test_send_reminders_prints_what_it_sent_and_then_that_nothing_is_new(board):
    first = run_command("--now", "2026-06-19T08:00")

    assert "sent: summary_upcoming to Ban Tuyên giáo Tỉnh ủy" in first
    assert "(due 20/06/2026, occasion 19/06/2026) [sent]" in first
    assert len([m for m in mail.outbox if board.email in m.to]) == 1

    second = run_command("--now", "2026-06-19T17:00")

    assert "sent:" not in second
    assert "skipped: summary_upcoming to Ban Tuyên giáo Tỉnh ủy" in second
    assert "(already recorded)" in second
    assert "nothing new to send" in second
    assert len([m for m in mail.outbox if board.email in m.to]) == 1


def test_send_reminders_reads_a_time_without_zone_in_the_sites_zone(board):
    from reports.management.commands.send_reminders import Command

    moment = Command().parse_now("2026-06-19T08:00")

    assert moment == datetime.datetime(2026, 6, 19, 8, tzinfo=HCM)


def test_send_reminders_refuses_a_malformed_time(board):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--now must be an ISO date and time"):
        run_command("--now", "19/06/2026")


def test_send_reminders_prints_skips_for_issued_summaries(board, directive):
    from reports.models import ReportingPeriod

    from .factories_reminders import IssuedSummaryFactory

    run_command("--now", "2026-06-13T08:00")
    IssuedSummaryFactory(period=ReportingPeriod.objects.get(kind="half_year", year=2026))

    out = run_command("--now", "2026-06-20T08:00")

    assert "skipped: 6 tháng đầu năm 2026" in out and "(summary issued)" in out


def test_send_reminders_records_the_heartbeat(board):
    from reports.models import JobHeartbeat

    run_command("--now", "2026-06-19T08:00")

    heartbeat = JobHeartbeat.objects.get(name="reminders_scan")
    assert heartbeat.last_completed_at is not None
    assert heartbeat.last_outcome.startswith("claimed")


# /healthz ---------------------------------------------------------------------------------------


def test_healthz_is_ok_when_a_scan_completed_recently(client):
    HeartbeatFactory(last_completed_at=timezone.now() - datetime.timedelta(minutes=2))

    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["reminder_scan"]["status"] == "ok"
    assert body["reminder_scan"]["age_seconds"] >= 120


def test_healthz_reports_the_job_failing_when_the_last_scan_is_stale(client, settings):
    settings.REMINDER_STALE_MINUTES = 15
    HeartbeatFactory(last_completed_at=timezone.now() - datetime.timedelta(minutes=16))

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "failing"
    assert response.json()["reminder_scan"]["status"] == "stale"


def test_healthz_reports_the_job_failing_when_no_scan_ever_completed(client):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["reminder_scan"]["last_completed_at"] is None


def test_healthz_reports_a_database_failure(client, monkeypatch):
    from django.db import OperationalError

    from reports import health

    class Broken:
        def cursor(self):
            raise OperationalError("database is down")

    monkeypatch.setattr(health, "connection", Broken())

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == {"status": "failing", "error": "OperationalError"}
    assert response.json()["failing"] == ["database"]


# The status page and the admin ------------------------------------------------------------------


def test_the_board_sees_the_job_alive_and_each_reminders_state(client, board, reminder):
    HeartbeatFactory(last_completed_at=timezone.now())
    Reminder.objects.filter(pk=reminder.pk).update(
        state=Reminder.State.FAILED, attempts=9, last_error="SMTPServerDisconnected('down')"
    )
    client.force_login(board)

    page = client.get(reverse("reports:reminder_list")).content.decode()

    assert "Đang hoạt động:" in page
    assert "Gửi không thành công" in page
    assert "SMTPServerDisconnected" in page
    assert "Ban Tuyên giáo Tỉnh ủy" in page


def test_the_status_page_counts_the_recent_reminders_and_says_so(reminder):
    from reports.selectors.reminders import RECENT_DAYS, reminder_state_counts

    now = timezone.now()
    Reminder.objects.filter(pk=reminder.pk).update(state=Reminder.State.FAILED)
    assert reminder_state_counts(now=now)["failed"] == 1
    # Older than the window: no longer counted, so the count reads the same few rows in any year.
    Reminder.objects.filter(pk=reminder.pk).update(
        created_at=now - datetime.timedelta(days=RECENT_DAYS + 1)
    )
    assert reminder_state_counts(now=now)["failed"] == 0


def test_the_status_page_reads_its_figures_at_once_as_each_alone(reminder):
    from reports.outbox.selectors import outbox_overview
    from reports.selectors.reminders import (
        reminder_state_counts,
        reminders_overview,
        scan_health,
    )

    now = timezone.now()
    HeartbeatFactory(last_completed_at=now - datetime.timedelta(minutes=3))
    Reminder.objects.filter(pk=reminder.pk).update(state=Reminder.State.FAILED)
    OutgoingEmail.objects.create(
        kind=OutgoingEmail.Kind.REMINDER,
        recipients="a@example.org",
        subject="Nhắc việc",
        text="…",
        next_attempt_at=now,
        created_at=now - datetime.timedelta(hours=1),
    )
    OutgoingEmail.objects.create(
        kind=OutgoingEmail.Kind.REMINDER,
        recipients="b@example.org",
        subject="Nhắc việc",
        text="…",
        state=OutgoingEmail.State.SENT,
        sent_at=now,
        next_attempt_at=now,
        created_at=now - datetime.timedelta(hours=1),
    )

    overview = reminders_overview(now=now)

    assert overview.health == scan_health(now=now)
    assert overview.health.last_completed_at == now - datetime.timedelta(minutes=3)
    assert overview.counts == reminder_state_counts(now=now)
    assert overview.counts["failed"] == 1
    assert (overview.email_counts, overview.email_oldest_wait) == outbox_overview(now=now)
    assert overview.email_counts["pending"] == 1 and overview.email_counts["sent"] == 1
    assert overview.email_oldest_wait is not None


def test_the_board_is_warned_when_the_job_is_stale(client, board):
    HeartbeatFactory(last_completed_at=timezone.now() - datetime.timedelta(hours=2))
    client.force_login(board)

    page = client.get(reverse("reports:reminder_list")).content.decode()

    assert "Không hoạt động:" in page


def test_body_staff_and_the_committee_may_not_see_the_reminder_status(
    client, ubnd_staff, committee
):
    for user in (ubnd_staff, committee):
        client.force_login(user)
        assert client.get(reverse("reports:reminder_list")).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("reports:reminder_list"))

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_administrators_see_reminders_and_the_heartbeat_in_the_admin(client, admin_user, reminder):
    HeartbeatFactory()
    client.force_login(admin_user)

    assert client.get(reverse("admin:reports_reminder_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:reports_reminder_change", args=[reminder.pk])).status_code == 200
    )
    assert client.get(reverse("admin:reports_jobheartbeat_changelist")).status_code == 200


def test_an_administrator_sends_a_failed_reminder_again(
    client, admin_user, reminder, board, django_capture_on_commit_callbacks
):
    Reminder.objects.filter(pk=reminder.pk).update(state=Reminder.State.FAILED)
    client.force_login(admin_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:reports_reminder_changelist"),
            {"action": "send_again", "_selected_action": [reminder.pk]},
        )

    assert response.status_code == 302
    reminder.refresh_from_db()
    assert reminder.state == Reminder.State.SENT
    assert len(mail.outbox) == 1


def test_healthz_answers_a_head_request_from_a_monitor(client):
    HeartbeatFactory()

    assert client.head("/healthz").status_code == 200


def test_the_status_page_costs_the_same_queries_however_many_reminders(
    client, board, directive, django_assert_max_num_queries
):
    from .factories import PeriodFactory

    period = PeriodFactory(directive=directive, year=2030)
    for days in range(20):
        ReminderFactory(
            period=period,
            body=directive.monitoring_body,
            occasion=period.summary_due - datetime.timedelta(days=days),
        )
    HeartbeatFactory()
    client.force_login(board)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("reports:reminder_list"))

    assert response.status_code == 200
    assert response.content.decode().count("<tr>") == 21


def test_an_unexpected_error_fails_the_reminder_without_retrying(settings, reminder, monkeypatch):
    from reports import tasks

    def broken(**kwargs):
        raise ValueError("template missing")

    monkeypatch.setattr(tasks, "reminder_deliver", broken)

    reminder_send.delay(reminder.pk)

    reminder.refresh_from_db()
    assert reminder.state == Reminder.State.FAILED
    assert "template missing" in reminder.last_error
