"""The board's dashboard and the notices, as the board, the Standing Committee and a body's staff
meet them in the browser."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reports.models import ProgressEntry, ProgressReport
from tests.factories import NotificationFactory

from .conftest import check_page, vi, vi_count

pytestmark = pytest.mark.browser

UNREAD = "Notifications: %(counter)s unread"


def _some_reports_sent(period):
    """A few bodies have sent or had accepted their report, so the dashboard shows every state."""
    now = timezone.now()
    reports = ProgressReport.objects.filter(period=period).order_by("body__sort_order")
    sent = list(reports.values_list("pk", flat=True)[:6])
    ProgressReport.objects.filter(pk__in=sent[:3]).update(state="submitted", submitted_at=now)
    ProgressReport.objects.filter(pk__in=sent[3:5]).update(
        state="accepted", submitted_at=now, reviewed_at=now
    )
    ProgressReport.objects.filter(pk__in=sent[5:]).update(state="draft")
    # Their duties stand at every execution status, so the marks show each colour.
    statuses = [key for key, _label in ProgressEntry.Status.choices]
    for i, report in enumerate(ProgressReport.objects.filter(pk__in=sent).select_related("body")):
        for j, task in enumerate(report.body.tasks.select_related("duty")):
            ProgressEntry.objects.update_or_create(
                report=report, duty=task.duty, defaults={"status": statuses[(i + j) % 4]}
            )


def test_the_board_dashboard_is_accessible_fits_a_phone_and_filters_by_keyboard(
    board_page, periods
):
    _some_reports_sent(periods.current)
    page = board_page
    page.goto("/")
    page.get_by_role("link", name=vi("Dashboard")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(periods.current.label)
    expect(page.locator("#dashboard-matrix")).to_contain_text(vi("submitted").capitalize())
    check_page(page, "dashboard")

    # The filters work from the keyboard: choose the late period and the late state, Enter.
    period = page.get_by_label(vi("Reporting period"))
    period.focus()
    period.select_option(str(periods.late.pk))
    page.get_by_label(vi("State")).select_option("late")
    page.get_by_role("button", name=vi("Filter")).press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(periods.late.label)
    late = page.locator("#late-bodies")
    expect(late.get_by_role("row")).to_have_count(
        1 + ProgressReport.objects.filter(period=periods.late).count()
    )
    expect(page.get_by_role("button", name=vi("Chase all late bodies"))).to_be_visible()


def test_the_committee_reads_the_dashboard_and_has_nothing_to_act_on(committee_page, periods):
    _some_reports_sent(periods.late)
    page = committee_page
    page.goto(f"/reports/dashboard/?period={periods.late.pk}")
    expect(page.get_by_text(vi("Read only"))).to_be_visible()
    expect(page.locator("#late-bodies")).to_be_visible()
    expect(page.get_by_role("button", name=vi("Chase all late bodies"))).to_have_count(0)
    expect(page.locator("main").get_by_role("button")).to_have_count(1)  # the filter
    check_page(page)

    submitted = ProgressReport.objects.filter(period=periods.late, state="submitted").first()
    page.goto(submitted.get_absolute_url())
    expect(page.get_by_role("button", name=vi("Accept the report"))).to_have_count(0)
    expect(page.get_by_role("button", name=vi("Return to the body"))).to_have_count(0)


def test_the_notifications_page_is_accessible_and_marks_a_notice_read(new_page, ubnd_staff):
    NotificationFactory(
        user=ubnd_staff,
        kind="chase",
        title="Nhắc việc: báo cáo năm 2026 đã quá hạn",
        message="Báo cáo đã đến hạn ngày 15/06/2026. Đề nghị gửi ngay.",
        url="/",
    )
    page = new_page(ubnd_staff)
    page.goto("/")
    bell = page.get_by_role("link", name=vi_count(UNREAD, UNREAD, 1))
    bell.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(vi("Notifications"))
    expect(page.get_by_text("Đề nghị gửi ngay.")).to_be_visible()
    check_page(page, "notifications")
    page.get_by_role("button", name=vi("Mark as read")).click()
    expect(page.get_by_role("button", name=vi("Mark as read"))).to_have_count(0)
    expect(page.get_by_role("link", name=vi_count(UNREAD, UNREAD, 0))).to_be_visible()
