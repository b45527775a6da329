"""Exactly once under real concurrency: PostgreSQL, separate connections, threads released at
the same moment."""

import datetime
import threading
import zoneinfo

import pytest
from django.core import mail
from django.db import connection

from reports.models import Notification, Reminder
from reports.services.reminders import reminder_deliver, reminders_scan

from .factories_reminders import ReminderFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def run_at_once(target, count: int = 2) -> list[Exception]:
    """Runs `target` in `count` threads (each with its own database connection) released by a
    barrier, and returns what they raised."""
    barrier = threading.Barrier(count)
    errors = []

    def run():
        try:
            barrier.wait()
            target()
        except Exception as exc:  # collected for the assertion in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_two_scans_at_once_send_each_reminder_once(board):
    now = datetime.datetime(2026, 6, 19, 8, tzinfo=HCM)

    results = []
    errors = run_at_once(lambda: results.append(reminders_scan(now=now)))

    assert errors == []
    claims = [[r for r in result.claimed if r.kind in Reminder.BOARD_KINDS] for result in results]
    assert sorted(len(claimed) for claimed in claims) == [0, 1]
    board_reminders = Reminder.objects.filter(kind__in=Reminder.BOARD_KINDS)
    assert board_reminders.count() == 1
    assert board_reminders.get().state == Reminder.State.SENT
    assert Notification.objects.filter(user=board).count() == 1
    assert len([m for m in mail.outbox if board.email in m.to]) == 1
    # Every body's reminder, too, exists once and went out once (or, with nobody to receive it,
    # is recorded as unreachable).
    assert set(Reminder.objects.values_list("state", flat=True)) <= {"sent", "unreachable"}
    assert len(mail.outbox) == Reminder.objects.filter(state="sent").count()


def test_two_workers_sending_the_same_reminder_send_it_once(board, directive):
    from .factories import PeriodFactory

    reminder = ReminderFactory(
        period=PeriodFactory(directive=directive, year=2030), body=directive.monitoring_body
    )
    outcomes = []

    def send():
        outcomes.append(reminder_deliver(reminder_id=reminder.pk))

    errors = run_at_once(send, count=3)

    assert errors == []
    assert outcomes.count(True) == 1
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(user=board).count() == 1
