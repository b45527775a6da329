"""The reminder job: who is reminded of what, when, and never twice."""

import datetime
import zoneinfo

import pytest
from django.core import mail

from assignments.models import Body
from reports.models import Notification, ProgressReport, Reminder, ReportingPeriod
from reports.services.reminders import reminder_occasion, reminders_scan

from .factories_reminders import IssuedSummaryFactory

pytestmark = pytest.mark.django_db

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
Kind = Reminder.Kind
# The shipped directive's six-month period of 2026: bodies due Monday 15/6, the board's summary
# Saturday 20/6 (the directive's default schedule).
BODY_DUE = datetime.date(2026, 6, 15)
SUMMARY_DUE = datetime.date(2026, 6, 20)


def at(day: int, month: int = 6, hour: int = 8) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, tzinfo=HCM)


@pytest.fixture
def scan(django_capture_on_commit_callbacks):
    """A scan as the job runs it: the sending happens after the claims commit."""

    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_scan(now=now)

    return run


def board_reminders():
    return list(
        Reminder.objects.filter(kind__in=Reminder.BOARD_KINDS).values_list("kind", "occasion")
    )


def ubnd_reminders():
    return list(Reminder.objects.filter(body__code="bcsd-ubnd").values_list("kind", "occasion"))


@pytest.fixture
def people(board, ubnd_staff, committee):
    return {"board": board, "ubnd": ubnd_staff, "committee": committee}


def test_it_reminds_the_board_seven_days_before_the_summary_is_due_and_not_before(scan, people):
    scan(at(12))
    assert board_reminders() == []

    scan(at(13))

    assert board_reminders() == [(Kind.SUMMARY_UPCOMING, datetime.date(2026, 6, 13))]
    notice = Notification.objects.get(user=people["board"])
    assert notice.kind == Notification.Kind.REMINDER
    assert "20/06/2026" in notice.message and "7 ngày" in notice.message
    assert not Notification.objects.filter(user=people["committee"]).exists()
    board_mail = [m for m in mail.outbox if people["board"].email in m.to]
    assert len(board_mail) == 1
    assert board_mail[0].subject.startswith("Nhắc việc: báo cáo định kỳ")
    assert "Báo cáo định kỳ" in board_mail[0].body
    assert "Báo cáo định kỳ" in board_mail[0].alternatives[0].content


def test_it_reminds_the_board_one_day_before_on_the_day_and_every_three_days_overdue(scan, people):
    for day in (13, 18):
        scan(at(day))
    assert len(board_reminders()) == 1

    scan(at(19))
    scan(at(20))
    scan(at(21))
    scan(at(22))
    scan(at(23))
    scan(at(25))
    scan(at(26))

    assert board_reminders() == [
        (Kind.SUMMARY_OVERDUE, datetime.date(2026, 6, 26)),
        (Kind.SUMMARY_OVERDUE, datetime.date(2026, 6, 23)),
        (Kind.SUMMARY_DUE, SUMMARY_DUE),
        (Kind.SUMMARY_UPCOMING, datetime.date(2026, 6, 19)),
        (Kind.SUMMARY_UPCOMING, datetime.date(2026, 6, 13)),
    ]
    assert Notification.objects.filter(user=people["board"]).count() == 5
    latest = Notification.objects.filter(user=people["board"]).first()
    assert "quá hạn 6 ngày" in latest.message


def test_it_reminds_the_monitoring_bodys_staff_as_well_as_board_members(scan, board):
    from .factories import UserFactory

    monitoring_staff = UserFactory(bodies=[Body.objects.get(code="ban-tuyen-giao")])
    other_board_member = UserFactory(role="board")

    scan(at(13))

    reminded = set(Notification.objects.values_list("user__username", flat=True))
    assert {board.username, monitoring_staff.username, other_board_member.username} <= reminded


def test_it_reminds_a_body_before_its_report_is_due_on_the_day_and_while_it_is_late(scan, people):
    scan(at(7))
    assert ubnd_reminders() == []

    scan(at(8))
    scan(at(14))
    scan(at(15))
    scan(at(17))
    scan(at(18))

    assert ubnd_reminders() == [
        (Kind.REPORT_LATE, datetime.date(2026, 6, 18)),
        (Kind.REPORT_DUE, BODY_DUE),
        (Kind.REPORT_UPCOMING, datetime.date(2026, 6, 14)),
        (Kind.REPORT_UPCOMING, datetime.date(2026, 6, 8)),
    ]
    messages = list(
        Notification.objects.filter(user=people["ubnd"]).values_list("message", flat=True)
    )
    assert len(messages) == 4
    assert "chưa được gửi" in messages[0] and "trễ 3 ngày" in messages[0]
    assert not Notification.objects.filter(user=people["board"], title__contains="UBND").exists()


def test_it_stops_reminding_the_board_once_the_summary_is_issued(scan, people):
    scan(at(20))
    period = ReportingPeriod.objects.get(kind="half_year", year=2026)
    IssuedSummaryFactory(period=period)

    scan(at(23))
    scan(at(29))

    assert board_reminders() == [(Kind.SUMMARY_DUE, SUMMARY_DUE)]


def test_it_stops_reminding_a_body_once_its_report_is_submitted_or_accepted(scan, people):
    scan(at(15))
    report = ProgressReport.objects.get(body__code="bcsd-ubnd", period__kind="half_year")
    report.state = ProgressReport.State.SUBMITTED
    report.submitted_at = at(16)
    report.save()

    scan(at(18))
    report.state = ProgressReport.State.ACCEPTED
    report.save()
    scan(at(21))

    assert ubnd_reminders() == [(Kind.REPORT_DUE, BODY_DUE)]
    # Other bodies, still not reporting, are reminded.
    assert Reminder.objects.filter(kind=Kind.REPORT_LATE, occasion=at(21).date()).exists()


def test_a_returned_report_counts_as_not_submitted(scan, people):
    scan(at(15))
    ProgressReport.objects.filter(body__code="bcsd-ubnd").update(
        state=ProgressReport.State.RETURNED, submitted_at=at(14)
    )

    scan(at(18))

    assert (Kind.REPORT_LATE, datetime.date(2026, 6, 18)) in ubnd_reminders()


def test_a_scan_after_three_days_without_one_sends_what_is_due_now_once(scan, people):
    scan(at(16))
    assert board_reminders() == [(Kind.SUMMARY_UPCOMING, datetime.date(2026, 6, 13))]
    mail.outbox.clear()

    # No scan on 17, 18 and 19/6 (the day of the one-day reminder), then several at once.
    for hour in (8, 8, 9, 10):
        scan(at(20, hour=hour))

    assert board_reminders() == [
        (Kind.SUMMARY_DUE, SUMMARY_DUE),
        (Kind.SUMMARY_UPCOMING, datetime.date(2026, 6, 13)),
    ]
    assert len([m for m in mail.outbox if people["board"].email in m.to]) == 1
    assert Notification.objects.filter(user=people["board"]).count() == 2


def test_a_scan_sends_only_after_its_claims_commit(django_capture_on_commit_callbacks, people):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = reminders_scan(now=at(13))

    # One batch of claims, one hand-over to the sending after it commits.
    assert result.claimed and len(result.claimed) < 200 and len(callbacks) == 1
    assert mail.outbox == []
    assert not Notification.objects.exists()
    assert set(Reminder.objects.values_list("state", flat=True)) == {"pending"}


def test_each_reminder_is_recorded_as_sent(scan, people):
    scan(at(13))

    reminder = Reminder.objects.get(kind=Kind.SUMMARY_UPCOMING)
    assert reminder.state == Reminder.State.SENT
    assert reminder.attempts == 1
    assert reminder.sent_at is not None and reminder.notified_at is not None
    assert people["board"].email in reminder.emailed_to
    assert reminder.body.code == "ban-tuyen-giao"


# When, as pure dates --------------------------------------------------------------------------


def test_no_occasion_comes_before_the_first_lead_time():
    assert reminder_occasion(due=SUMMARY_DUE, today=datetime.date(2026, 6, 12), board=True) is None


def test_lead_times_come_from_settings(settings):
    settings.REMINDER_LEAD_DAYS = [3]

    assert reminder_occasion(due=SUMMARY_DUE, today=datetime.date(2026, 6, 16), board=True) is None
    assert reminder_occasion(due=SUMMARY_DUE, today=datetime.date(2026, 6, 17), board=True) == (
        Kind.SUMMARY_UPCOMING,
        datetime.date(2026, 6, 17),
    )


def test_the_overdue_repeat_comes_from_settings(settings):
    settings.REMINDER_OVERDUE_EVERY_DAYS = 7

    assert reminder_occasion(due=SUMMARY_DUE, today=datetime.date(2026, 6, 26), board=True) == (
        Kind.SUMMARY_DUE,
        SUMMARY_DUE,
    )
    assert reminder_occasion(due=SUMMARY_DUE, today=datetime.date(2026, 6, 30), board=True) == (
        Kind.SUMMARY_OVERDUE,
        datetime.date(2026, 6, 27),
    )


def test_working_day_lead_times_skip_weekends_and_public_holidays(settings):
    settings.REMINDER_WORKING_DAYS = True
    settings.REMINDER_LEAD_DAYS = [1]
    settings.PUBLIC_HOLIDAYS = [datetime.date(2026, 4, 30), datetime.date(2026, 5, 1)]
    due = datetime.date(2026, 5, 4)  # a Monday after the 30/4 and 1/5 holidays and a weekend

    assert reminder_occasion(due=due, today=datetime.date(2026, 4, 28), board=False) is None
    assert reminder_occasion(due=due, today=datetime.date(2026, 4, 29), board=False) == (
        Kind.REPORT_UPCOMING,
        datetime.date(2026, 4, 29),
    )


def test_calendar_day_lead_times_do_not_skip_holidays(settings):
    settings.REMINDER_WORKING_DAYS = False
    settings.REMINDER_LEAD_DAYS = [1]
    due = datetime.date(2026, 5, 4)

    assert reminder_occasion(due=due, today=datetime.date(2026, 5, 2), board=False) is None
    assert reminder_occasion(due=due, today=datetime.date(2026, 5, 3), board=False) == (
        Kind.REPORT_UPCOMING,
        datetime.date(2026, 5, 3),
    )


def test_working_days_skip_tet_by_default(settings):
    from reports.holidays import working_days_before

    settings.REMINDER_WORKING_DAYS = True
    # Tết 2026: 16–20/2 off, then a weekend; one working day before Monday 23/2 is Friday 13/2.
    assert working_days_before(datetime.date(2026, 2, 23), 1) == datetime.date(2026, 2, 13)
