"""Calendar feeds: a secret, renewable address per person, read by a standard iCalendar parser,
with the due dates that concern them and alarms on the reminders' lead days."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from api.models import CalendarFeed

from .factories_api import ubnd_report

pytestmark = pytest.mark.django_db
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _feed(client, user):
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    response = client.get(reverse("api:calendar_feed", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def _events(calendar):
    return [c for c in calendar.walk("VEVENT")]


def test_body_staff_get_their_bodies_due_dates_in_vietnamese_with_alarms(
    client, ubnd_staff, settings
):
    settings.REMINDER_LEAD_DAYS = [7, 1]
    settings.REMINDER_WORKING_DAYS = False
    report = ubnd_report()
    calendar = _feed(client, ubnd_staff)
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    events = {str(e["UID"]): e for e in _events(calendar)}
    event = next(e for uid, e in events.items() if f"period-{report.period_id}-body-" in uid)
    assert event.decoded("DTSTART") == report.period.body_due
    assert str(event["SUMMARY"]) == (f"Hạn gửi báo cáo: {report.body.name}, {report.period.label}")
    assert str(event["URL"]).endswith(report.get_absolute_url())
    triggers = sorted(alarm.decoded("TRIGGER") for alarm in event.walk("VALARM"))
    due = report.period.body_due
    expected = [
        datetime.datetime.combine(due - datetime.timedelta(days=days), datetime.time(8), HCM)
        for days in (7, 1, 0)
    ]
    assert triggers == expected
    # Only their own body's dates: no summary events, no other body's.
    assert not any("summary" in uid for uid in events)
    assert all(f"-body-{report.body_id}@" in uid for uid in events)


def test_working_day_leads_skip_the_weekend_like_the_reminders(client, ubnd_staff, settings):
    settings.REMINDER_LEAD_DAYS = [1]
    settings.REMINDER_WORKING_DAYS = True
    report = ubnd_report()
    due = report.period.body_due  # Monday 15/06/2026
    assert due.weekday() == 0
    calendar = _feed(client, ubnd_staff)
    event = next(e for e in _events(calendar) if e.decoded("DTSTART") == due)
    first_alarm = min(alarm.decoded("TRIGGER") for alarm in event.walk("VALARM"))
    assert first_alarm.astimezone(HCM).date() == datetime.date(2026, 6, 12)  # the Friday


def test_the_board_gets_summary_and_bodies_due_dates(client, board, directive):
    report = ubnd_report()
    calendar = _feed(client, board)
    by_uid = {str(e["UID"]).split("@")[0]: e for e in _events(calendar)}
    summary = by_uid[f"period-{report.period_id}-summary"]
    bodies = by_uid[f"period-{report.period_id}-bodies"]
    assert summary.decoded("DTSTART") == report.period.summary_due
    assert bodies.decoded("DTSTART") == report.period.body_due
    assert str(summary["SUMMARY"]).startswith("Hạn báo cáo định kỳ")


def test_renewing_the_address_revokes_the_old_one(client, ubnd_staff, directive):
    client.force_login(ubnd_staff)
    page = client.get(reverse("api:calendar_subscribe"))
    old = CalendarFeed.objects.get(user=ubnd_staff).token
    assert old in page.content.decode()
    client.post(reverse("api:calendar_subscribe"))
    new = CalendarFeed.objects.get(user=ubnd_staff).token
    assert new != old
    client.logout()
    assert client.get(reverse("api:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("api:calendar_feed", args=[new])).status_code == 200


def test_the_home_page_links_to_the_subscription(client, ubnd_staff, directive):
    client.force_login(ubnd_staff)
    assert reverse("api:calendar_subscribe") in client.get(reverse("home")).content.decode()
