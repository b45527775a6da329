"""Late or on time is judged by the calendar day in Asia/Ho_Chi_Minh, the same way on the home
panel, the report page and the dashboard."""

import datetime
import zoneinfo

import pytest

from assignments.models import Body
from reports.selectors.dashboard import SUBMITTED_LATE, dashboard_build, report_state
from reports.selectors.progress import owed_reports

from .factories import PeriodFactory, UserFactory
from .factories_dashboard import report_in_state

pytestmark = pytest.mark.django_db

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def sent_half_past_midnight_after_the_due_day(directive):
    period = PeriodFactory(directive=directive, year=2026)
    report = report_in_state(
        period=period, body=Body.objects.get(code="bcsd-ubnd"), state="submitted"
    )
    # 00:30 on the 16th in Vietnam is still 17:30 on the 15th (the due day) in UTC.
    report.submitted_at = datetime.datetime(2026, 6, 16, 0, 30, tzinfo=HCM)
    report.save()
    assert period.body_due == datetime.date(2026, 6, 15)
    assert report.submitted_at.astimezone(datetime.UTC).date() == period.body_due
    return report


def test_the_report_page_calls_it_late(sent_half_past_midnight_after_the_due_day):
    assert sent_half_past_midnight_after_the_due_day.is_late


def test_the_dashboard_calls_it_late(sent_half_past_midnight_after_the_due_day):
    report = sent_half_past_midnight_after_the_due_day
    state = report_state(state=report.state, submitted_at=report.submitted_at, period=report.period)
    assert state == SUBMITTED_LATE


def test_the_dashboard_read_from_the_database_calls_it_late(
    sent_half_past_midnight_after_the_due_day,
):
    report = sent_half_past_midnight_after_the_due_day
    dashboard = dashboard_build(period=report.period, today=datetime.date(2026, 6, 17))
    [row] = [row for row in dashboard.rows if row.report_id == report.pk]
    assert row.state == SUBMITTED_LATE
    assert row.submitted_at == report.submitted_at


def test_the_home_panel_calls_it_one_day_late(sent_half_past_midnight_after_the_due_day):
    report = sent_half_past_midnight_after_the_due_day
    staff = UserFactory(bodies=[report.body])
    [owed] = [
        o for o in owed_reports(user=staff, today=datetime.date(2026, 6, 17)) if o.pk == report.pk
    ]
    assert (owed.owed, owed.days_late) == (False, 1)
