"""The board's day on one screen (issue 13): the dashboard's matrix fits 1280 px, keeps the body
column on narrower screens and turns to cards on a phone; the report form never hides the
focused field under its bar, and asks before sending, returning or leaving unsaved work."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assignments.models import Duty
from reports.models import ProgressEntry, ProgressReport

from .conftest import DESKTOP, PHONE, assert_accessible, assert_no_horizontal_scroll, resize, vi

pytestmark = pytest.mark.browser

# Every word of the text in the table cells lies on one line: a word (or a date, 29/11/2026)
# broken across two lines has two boxes.
_BROKEN_WORDS_JS = """(selector) => {
  const broken = [];
  for (const cell of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement.checkVisibility()) continue;
      if (node.parentElement.closest('.visually-hidden, details:not([open]) > ul')) continue;
      const re = /\\S+/g;
      let match;
      while ((match = re.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0)
                                .map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


def _statuses(period):
    """Every body has sent its report with a status for each duty, in turn through all five."""
    now = timezone.now()
    statuses = [key for key, _label in ProgressEntry.Status.choices] + [""]
    reports = ProgressReport.objects.filter(period=period).select_related("body")
    for i, report in enumerate(reports):
        for j, duty in enumerate(Duty.objects.filter(tasks__body=report.body).distinct()):
            ProgressEntry.objects.update_or_create(
                report=report, duty=duty, defaults={"status": statuses[(i + j) % len(statuses)]}
            )
    reports.filter(pk__in=[r.pk for r in reports[:10]]).update(state="submitted", submitted_at=now)


def test_the_matrix_of_25_bodies_fits_1280_px_and_a_cell_opens_by_keyboard(board_page, periods):
    _statuses(periods.current)
    page = board_page
    page.goto(f"/reports/dashboard/?period={periods.current.pk}")
    matrix = page.locator("#dashboard-matrix")
    expect(matrix.locator("tr[data-body]")).to_have_count(25)
    assert page.viewport_size == DESKTOP
    assert_no_horizontal_scroll(page)
    box = page.locator(".matrix-box")
    assert box.evaluate("box => box.scrollWidth <= box.clientWidth"), "the matrix scrolls"
    # The body names, the report's state, and every assignment column are on the screen.
    for header in matrix.locator("thead th").all():
        assert header.bounding_box()["x"] + header.bounding_box()["width"] <= DESKTOP["width"]
    assert_accessible(page)

    row = matrix.locator("tr[data-body]").filter(has_text="Sở Thông tin và Truyền thông")
    expect(row.locator("td.matrix-state .badge")).to_have_count(1)
    cell = row.locator("td.matrix-marks").first
    summary = cell.locator("summary")
    # The marks say in words what they show.
    expect(summary).to_contain_text("1.1 ")
    duty = Duty.objects.get(
        assignment__directive=periods.current.directive, assignment__number=1, number=1
    )
    expect(cell.get_by_text(duty.text)).to_be_hidden()
    summary.focus()
    page.keyboard.press("Enter")
    expect(cell.get_by_text(duty.text)).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert not page.evaluate(_BROKEN_WORDS_JS, "#dashboard-matrix td, #dashboard-matrix th")


def test_narrower_the_matrix_scrolls_in_its_box_with_the_body_column_held(board_page, periods):
    page = board_page
    page.goto(f"/reports/dashboard/?period={periods.current.pk}")
    resize(page, {"width": 820, "height": 800})
    assert_no_horizontal_scroll(page)
    box = page.locator(".matrix-box")
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")
    name = page.locator("#dashboard-matrix tr[data-body] th.matrix-body").first
    before = name.bounding_box()["x"]
    state = page.locator("#dashboard-matrix tr[data-body] td.matrix-state").first
    state_before = state.bounding_box()["x"]
    box.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    page.wait_for_function("() => document.querySelector('.matrix-box').scrollLeft > 100")
    assert abs(name.bounding_box()["x"] - before) < 1, "the body column scrolled away"
    assert state.bounding_box()["x"] < state_before - 100, "the other columns did not scroll"


def test_on_a_phone_the_tables_are_cards_with_no_word_or_date_broken(new_page, board, periods):
    _statuses(periods.late)
    page = new_page(board, phone=True)
    page.goto(f"/reports/dashboard/?period={periods.late.pk}")
    assert page.viewport_size == PHONE
    assert_no_horizontal_scroll(page)
    late = page.locator("#late-bodies")
    expect(late.locator("tbody tr").first).to_be_visible()
    # Each late body is a card: its rows' cells stacked, each value under its heading.
    first = late.locator("tbody tr").first
    assert first.evaluate("row => getComputedStyle(row).display") == "block"
    expect(first.locator("td[data-label]").first).to_be_visible()
    cells = first.locator("td").all()
    assert len({round(c.bounding_box()["y"]) for c in cells}) == len(cells), "not stacked"
    for table in ("#dashboard-matrix", "#late-bodies", "#chart-table"):
        assert (
            page.locator(table).evaluate(
                "t => getComputedStyle(t.querySelector('tbody tr:not(.matrix-group)')).display"
            )
            == "block"
        ), table
    assert not page.evaluate(_BROKEN_WORDS_JS, "main td, main th")
    assert_accessible(page)

    # A table on another page becomes cards too, its cells labelled by the script.
    page.goto(f"/reports/list/?period={periods.late.pk}")
    row = page.locator("#report-list tbody tr").first
    assert row.evaluate("row => getComputedStyle(row).display") == "block"
    expect(row.locator(f'td[data-label="{vi("State")}"]')).to_be_visible()
    assert not page.evaluate(_BROKEN_WORDS_JS, "main td, main th")
    assert_no_horizontal_scroll(page)


# Bootstrap scrolls smoothly: the page is measured once it has come to rest.
_SETTLED_JS = """() => new Promise(resolve => {
  let last = null, still = 0, frames = 0;
  const step = () => {
    frames += 1;
    still = window.scrollY === last ? still + 1 : 0;
    last = window.scrollY;
    if (still >= 3 || frames > 120) resolve(); else requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})"""

_HIDDEN_BY_BAR_JS = """() => {
  const el = document.activeElement;
  const bar = document.querySelector('.sticky-actions');
  if (!el || bar.contains(el) || el === document.body) return null;
  const r = el.getBoundingClientRect(), b = bar.getBoundingClientRect();
  return {field: el.name || el.id || el.tagName, covered: r.bottom > b.top && r.top < b.bottom,
          top: r.top, bottom: r.bottom, barTop: b.top, barBottom: b.bottom};
}"""


@pytest.mark.parametrize("phone", [False, True], ids=["1280px", "375px"])
def test_no_field_taking_the_focus_is_hidden_under_the_sticky_bar(
    new_page, ubnd_staff, periods, phone
):
    report = ProgressReport.objects.get(period=periods.current, body__code="bcsd-ubnd")
    page = new_page(ubnd_staff, phone=phone)
    page.goto(f"/reports/{report.pk}/edit/")
    page.locator("#report-form textarea").first.focus()
    seen = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        page.evaluate(_SETTLED_JS)
        where = page.evaluate(_HIDDEN_BY_BAR_JS)
        if where is None:
            continue
        seen.add(where["field"])
        assert not where["covered"], f"{where['field']} is under the bar: {where}"
    assert len(seen) > 10


def test_sending_asks_first_and_says_what_happens_next(new_page, ubnd_staff, periods):
    report = ProgressReport.objects.get(period=periods.current, body__code="bcsd-ubnd")
    page = new_page(ubnd_staff)
    page.goto(f"/reports/{report.pk}/edit/")
    asked = []

    def decline(dialog):
        asked.append((dialog.type, dialog.message))
        dialog.dismiss()

    page.once("dialog", decline)
    page.get_by_role("button", name=vi("Send the report")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(vi("Fill in the report"))
    assert asked and asked[0][0] == "confirm"
    assert "Ban Tuyên giáo sẽ xem xét" in asked[0][1]
    report.refresh_from_db()
    assert report.state != ProgressReport.State.SUBMITTED
    expect(page.locator("#send-next")).to_contain_text(
        vi("Once sent, the board reviews the report; you are told when it is accepted or returned.")
    )


def test_leaving_with_unsaved_changes_asks_first(new_page, ubnd_staff, periods):
    report = ProgressReport.objects.get(period=periods.current, body__code="bcsd-ubnd")
    page = new_page(ubnd_staff)
    page.goto(f"/reports/{report.pk}/edit/")
    asked = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    field = page.locator("#report-form textarea").first
    field.click()
    page.keyboard.type("Đang gõ dở")
    page.get_by_role("link", name=vi("View the report and its history")).click()
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"]
    expect(field).to_have_value("Đang gõ dở")
    # Saving is leaving with nothing lost: no question.
    page.get_by_role("button", name=vi("Save draft")).click()
    expect(page.get_by_role("alert").first).to_be_visible()
    assert asked == ["beforeunload"]
    page.remove_listener("dialog", stay)


def test_returning_a_report_asks_first(new_page, board, periods):
    report = ProgressReport.objects.get(period=periods.current, body__code="bcsd-ubnd")
    ProgressReport.objects.filter(pk=report.pk).update(
        state="submitted", submitted_at=timezone.now()
    )
    page = new_page(board)
    page.goto(report.get_absolute_url())
    page.get_by_label(vi("Comment for the body (required to return)")).fill("Bổ sung số liệu.")
    questions = []

    def decline(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", decline)
    page.get_by_role("button", name=vi("Return to the body")).click()
    page.wait_for_timeout(300)
    assert questions and "Trả lại báo cáo cho đơn vị?" in questions[0]
    report.refresh_from_db()
    assert report.state == ProgressReport.State.SUBMITTED
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=vi("Return to the body")).click()
    expect(page.locator("#review-panel")).to_contain_text("Bổ sung số liệu.")
    report.refresh_from_db()
    assert report.state == ProgressReport.State.RETURNED
