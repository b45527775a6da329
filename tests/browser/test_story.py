"""The whole story, as its people meet it in their browsers: a body reports, the board returns
it, the body fixes it, the board accepts it and issues the periodic summary, the Standing
Committee downloads it; and a late body, chased from the dashboard, sees the notice."""

import re

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from assignments.models import Duty
from reports.models import ProgressReport, Summary
from tests.factories import PASSWORD

from .conftest import check_page, tab_to, vi, vi_count
from .test_reporting import duty_group, evidence_pdf

pytestmark = pytest.mark.browser

UNREAD = "Notifications: %(counter)s unread"
FIRST_WORDS = "Đã rà soát 120 trang mạng xã hội, phát hiện 12 trang mạo danh cơ quan Đảng."
FIXED_WORDS = (
    "Đã rà soát 120 trang mạng xã hội, phát hiện và đề nghị gỡ bỏ 12 trang mạo danh cơ quan "
    "Đảng, Nhà nước; xử lý 3 tài khoản vi phạm."
)
COMMENT = "Đề nghị nêu rõ số trang đã gỡ bỏ và số tài khoản đã xử lý."


def log_in(page, user):
    page.goto("/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("#account-menu")).to_be_visible()


def open_notice(page, title: str):
    """From any page: the bell, then the notice with that title (which opens what it is about)."""
    page.locator("#notification-bell").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(vi("Notifications"))
    page.get_by_role("button", name=title).click()


def test_a_report_goes_from_the_body_to_the_committee_s_word_document(
    new_page, ubnd_staff, board, committee, rachgia_staff, periods, tmp_path
):
    directive = periods.current.directive
    # An administrator has entered the letter's number: a summary citing "..-CV/TU" cannot be
    # issued.
    directive.number = "06"
    directive.save(update_fields=["number"])
    report = ProgressReport.objects.get(period=periods.current, body__code="bcsd-ubnd")
    duties = list(Duty.objects.filter(tasks__body=report.body).distinct())

    # 1. The body's staff member logs in, opens what is owed, fills it in, attaches a file, sends.
    staff = new_page()
    log_in(staff, ubnd_staff)
    staff.locator("#owed-reports").get_by_role(
        "link", name=f"{vi('Fill in the report')} – {report.body.name}, {report.period.label}"
    ).click()
    for duty in duties:
        group = duty_group(staff, duty.label)
        group.get_by_role("radio", name=vi("completed on time")).check()
        words = FIRST_WORDS if duty.label == "1.1" else f"Đã triển khai nhiệm vụ {duty.label}."
        group.get_by_label(vi("What was done")).fill(words)
    duty_group(staff, "1.1").get_by_label(vi("Attach evidence files")).set_input_files(
        evidence_pdf(tmp_path)
    )
    staff.once("dialog", lambda dialog: dialog.accept())
    staff.get_by_role("button", name=vi("Send the report")).click()
    expect(staff.get_by_role("alert")).to_contain_text(
        vi("The report has been sent to the Propaganda Board.")
    )

    # 2. The board sees it on the dashboard, opens it, returns it with a comment.
    board_page = new_page(board)
    board_page.goto("/")
    board_page.get_by_role("link", name=vi("Dashboard")).click()
    board_page.get_by_label(vi("Reporting period")).select_option(str(periods.current.pk))
    board_page.get_by_role("button", name=vi("Filter")).click()
    row = (
        board_page.locator("#dashboard-matrix").get_by_role("row").filter(has_text=report.body.name)
    )
    expect(row).to_contain_text(vi("submitted on time").capitalize())
    # The state leads to this period's report (the body's name, to its record over the years).
    row.get_by_role("link", name=vi("submitted on time").capitalize()).click()
    expect(board_page.get_by_role("definition").filter(has_text=FIRST_WORDS)).to_be_visible()
    check_page(board_page, "review", at=board_page.locator("#review-panel"))
    # The review form by keyboard alone: Tab to the comment, type it, Tab to Return, Enter.
    tab_to(board_page, board_page.get_by_label(vi("Comment for the body (required to return)")))
    board_page.keyboard.insert_text(COMMENT)
    tab_to(board_page, board_page.get_by_role("button", name=vi("Return to the body")))
    board_page.once("dialog", lambda dialog: dialog.accept())
    board_page.keyboard.press("Enter")
    expect(board_page.locator("#review-panel")).to_contain_text(COMMENT)

    # 3. The staff member is told, reads the comment, fixes the text, sends it again.
    staff.goto("/")
    expect(staff.locator("#notification-bell")).to_contain_text("1")
    returned = ProgressReport.objects.get(pk=report.pk)
    assert returned.state == ProgressReport.State.RETURNED
    notice = ubnd_staff.notifications.get()
    # The notice opens the report's form itself, with the board's comment.
    open_notice(staff, notice.title)
    expect(staff).to_have_url(re.compile(rf"/reports/{report.pk}/edit/$"))
    expect(staff.locator("#review-comment")).to_contain_text(COMMENT)
    check_page(staff)
    results = duty_group(staff, "1.1").get_by_label(vi("What was done"))
    expect(results).to_have_value(FIRST_WORDS)
    results.fill(FIXED_WORDS)
    staff.once("dialog", lambda dialog: dialog.accept())
    staff.get_by_role("button", name=vi("Send the report")).click()
    expect(staff.get_by_role("alert")).to_contain_text(
        vi("The report has been sent to the Propaganda Board.")
    )

    # 4. The board accepts it, assembles the period's summary, and issues it.
    board_page.reload()
    expect(board_page.get_by_role("definition").filter(has_text=FIXED_WORDS)).to_be_visible()
    board_page.get_by_role("button", name=vi("Accept the report")).click()
    expect(board_page.locator("#review-panel")).to_contain_text(vi("accepted").capitalize())
    board_page.get_by_role("link", name=vi("Periodic reports")).click()
    board_page.get_by_role("link", name=periods.current.label.capitalize(), exact=True).click()
    check_page(board_page)
    board_page.get_by_role("button", name=vi("Assemble a draft from the bodies' reports")).click()
    expect(board_page.get_by_role("heading", level=1)).to_contain_text(periods.current.label)
    check_page(board_page, "summary-edit")
    board_page.get_by_role("button", name=vi("Save the draft")).click()
    check_page(board_page)
    # The issue form by keyboard: Tab to the number, type it, Tab to the date, Enter. (The
    # date's parts follow the browser's own language, which emulation does not change, so the
    # date is set whole rather than typed.)
    today = timezone.localdate()
    tab_to(board_page, board_page.get_by_label(vi("Document number")), max_presses=80)
    board_page.keyboard.type("12")
    issued_on = board_page.get_by_label(vi("Date of issue"))
    tab_to(board_page, issued_on)
    issued_on.fill(today.isoformat())
    board_page.keyboard.press("Enter")
    # Issuing asks for confirmation, listing what is still missing.
    expect(board_page.locator("#issue-warnings")).to_be_visible()
    check_page(board_page)
    board_page.get_by_role("button", name=vi("Issue the report")).click()
    expect(board_page.get_by_role("alert").first).to_be_visible()
    summary = Summary.objects.get(period=periods.current)
    assert summary.is_issued
    assert summary.issued_on == today
    expect(board_page.locator("main")).to_contain_text(f"12-{summary.symbol}")

    # 5. A committee member downloads the Word document: it carries the body's own words.
    member = new_page(committee)
    member.goto("/")
    member.get_by_role("link", name=vi("Periodic reports")).click()
    member.get_by_role("link", name=periods.current.label.capitalize(), exact=True).click()
    member.locator("#summary-versions").get_by_role("link").first.click()
    check_page(member, "summary")
    with member.expect_download() as download:
        member.get_by_role("link", name=vi("Word document (DOCX)")).click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".docx"
    document = Document(str(path))
    text = "\n".join(
        [paragraph.text for paragraph in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    assert "BÁO CÁO" in text
    assert FIXED_WORDS in text
    assert directive.summary[:40] in text or report.body.name in text

    # 6. A late body is chased from the dashboard, and its staff see the notice.
    late = ProgressReport.objects.get(period=periods.late, body__code="thanh-uy-rach-gia")
    board_page.goto(f"/reports/dashboard/?period={periods.late.pk}")
    chase = vi("Chase %(body)s") % {"body": late.body.name}
    board_page.get_by_role("button", name=chase).click()
    expect(board_page.locator("#chase-list")).to_contain_text(late.body.name)
    expect(board_page.locator("#chase-list").get_by_role("listitem")).to_have_count(1)

    chased = new_page()
    log_in(chased, rachgia_staff)
    expect(chased.get_by_role("link", name=vi_count(UNREAD, UNREAD, 1))).to_be_visible()
    title = vi("Chase: the report of %(about)s is late") % {
        "about": f"{late.body.name} – {periods.late.label}"
    }
    open_notice(chased, title)
    expect(chased.get_by_role("heading", level=1)).to_contain_text(late.body.name)
