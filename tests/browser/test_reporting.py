"""A body's staff member reports through the browser: the home panel, the form by keyboard alone,
evidence attached, errors shown beside their fields, and the report page."""

import re

import pytest
from playwright.sync_api import expect

from assignments.models import Duty
from reports.models import ProgressReport
from tests.factories import IndicatorFactory

from .conftest import assert_accessible, check_page, tab_to, vi

pytestmark = pytest.mark.browser


def duty_group(page, label: str):
    """A duty's fieldset, found by its legend (“1.2. …”) as a screen reader announces it."""
    return page.get_by_role("group", name=re.compile(rf"^{re.escape(label)}\. "))


def evidence_pdf(tmp_path, name="bien-ban-kiem-tra.pdf"):
    from reportlab.pdfgen import canvas

    path = tmp_path / name
    pdf = canvas.Canvas(str(path))
    pdf.drawString(72, 720, "Bien ban kiem tra mang xa hoi")
    pdf.save()
    return path


def fill_duty_by_keyboard(page, label: str, *, arrow_downs: int, results: str, figure=None):
    """Fills one duty with keys only: the status radio (Space picks the first, each arrow the
    next one down), what was done, and a figure."""
    group = duty_group(page, label)
    first_status = group.get_by_role("radio").first
    tab_to(page, first_status)
    if arrow_downs:
        for _ in range(arrow_downs):
            page.keyboard.press("ArrowDown")
    else:
        page.keyboard.press("Space")
    tab_to(page, group.get_by_label(vi("What was done")))
    page.keyboard.insert_text(results)
    if figure is not None:
        tab_to(page, group.get_by_role("spinbutton").first)
        page.keyboard.type(str(figure))


def test_staff_fill_in_the_report_by_keyboard_attach_a_file_and_send_it(
    new_page, ubnd_staff, periods, tmp_path
):
    duty_11 = Duty.objects.get(
        assignment__directive=periods.current.directive, assignment__number=1, number=1
    )
    IndicatorFactory(duty=duty_11, name="Trang mạo danh bị gỡ bỏ", unit="trang")
    report = ProgressReport.objects.get(period=periods.current, body__code="bcsd-ubnd")
    page = new_page(ubnd_staff)
    evidence = evidence_pdf(tmp_path)
    page.on("filechooser", lambda chooser: chooser.set_files(evidence))
    page.goto("/")

    owed = page.locator("#owed-reports")
    check_page(page, "home-staff")
    fill_in = owed.get_by_role(
        "link",
        name=f"{vi('Fill in the report')} – {report.body.name}, {report.period.label}",
    )
    tab_to(page, fill_in, max_presses=60)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(vi("Fill in the report"))
    check_page(page, "report-form")

    labels = [duty.label for duty in Duty.objects.filter(tasks__body=report.body).distinct()]
    assert labels[:2] == ["1.1", "1.2"]
    fill_duty_by_keyboard(
        page,
        "1.1",
        arrow_downs=0,
        results="Đã rà soát 120 trang mạng xã hội; gỡ bỏ 12 trang mạo danh.",
        figure=12,
    )
    for number, label in enumerate(labels[1:], start=1):
        fill_duty_by_keyboard(
            page, label, arrow_downs=number % 4, results=f"Kết quả nhiệm vụ {label}: đã triển khai."
        )

    # The file input opens the system's file chooser from the keyboard (Space), as from a click.
    # (The handler was registered before: Playwright then intercepts the chooser reliably.)
    files = duty_group(page, "1.1").get_by_label(vi("Attach evidence files"))
    tab_to(page, files)
    page.keyboard.press("Space")
    page.wait_for_function("input => input.files.length === 1", arg=files.element_handle())

    send = page.get_by_role("button", name=vi("Send the report"))
    tab_to(page, send)
    page.once("dialog", lambda dialog: dialog.accept())  # "Send the report to the board?"
    page.keyboard.press("Enter")

    expect(
        page.get_by_role("alert").filter(
            has_text=vi("The report has been sent to the Propaganda Board.")
        )
    ).to_be_visible()
    words = "Đã rà soát 120 trang mạng xã hội; gỡ bỏ 12 trang mạo danh."
    expect(page.get_by_role("definition").filter(has_text=words)).to_be_visible()
    expect(page.get_by_role("link", name="bien-ban-kiem-tra.pdf")).to_be_visible()
    expect(page.get_by_role("link", name=vi("Edit the report"))).to_have_count(0)
    report.refresh_from_db()
    assert report.state == ProgressReport.State.SUBMITTED
    entry = report.entries.get(duty=duty_11)
    assert entry.status == "done_on_time"
    assert entry.figures.get().value == 12
    assert entry.evidence.get().original_name == "bien-ban-kiem-tra.pdf"
    check_page(page, "report")


def test_sending_an_incomplete_report_shows_each_error_and_keeps_what_was_typed(
    new_page, ubnd_staff, periods
):
    report = ProgressReport.objects.get(period=periods.current, body__code="bcsd-ubnd")
    page = new_page(ubnd_staff)
    page.goto(f"/reports/{report.pk}/edit/")
    results = duty_group(page, "1.1").get_by_label(vi("What was done"))
    results.fill("Một phần đã làm")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=vi("Send the report")).click()

    summary = page.locator("#form-errors")
    expect(summary).to_be_visible()
    expect(results).to_have_value("Một phần đã làm")
    # The error list leads to the field; the field names its error for screen readers.
    first_link = summary.get_by_role("link").first
    first_link.focus()
    page.keyboard.press("Enter")
    target = page.locator(":focus")
    expect(target).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    report.refresh_from_db()
    assert report.state == ProgressReport.State.DRAFT
