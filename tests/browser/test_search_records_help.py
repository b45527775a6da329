"""Search, the body record and the help, as the board, the committee and a body's staff meet them
in the browser (issue 13): axe-core, 1280 px and a 375 px phone, printing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from assignments.models import Body
from reports.models import ProgressEntry, ProgressReport
from tests.factories_summaries import SummaryFactory

from .conftest import check_page, open_menu_if_collapsed, vi

pytestmark = pytest.mark.browser


def _written(periods):
    """The UBND's report says "rà soát", Rạch Giá's speaks of "Đồng Tháp"."""
    ubnd = ProgressReport.objects.get(period=periods.late, body__code="bcsd-ubnd")
    ubnd.state, ubnd.submitted_at = "accepted", timezone.now() - datetime.timedelta(days=35)
    ubnd.save()
    entry = ProgressEntry.objects.filter(report=ubnd).first()
    entry.results = "Đã rà soát 120 tài khoản mạng xã hội có nội dung xấu, độc."
    entry.proposals = "Tăng cường phối hợp rà soát với Công an tỉnh."
    entry.save()
    rachgia = ProgressReport.objects.get(period=periods.late, body__code="thanh-uy-rach-gia")
    entry = ProgressEntry.objects.filter(report=rachgia).first()
    entry.difficulties = "Thiếu người rà soát; học tập kinh nghiệm Đồng Tháp."
    entry.save()
    return ubnd, rachgia


def test_the_board_searches_without_diacritics_from_the_menu(board_page, periods):
    _written(periods)
    page = board_page
    page.goto("/")
    open_menu_if_collapsed(page)
    page.get_by_role("link", name=vi("Search"), exact=True).click()
    page.get_by_label(vi("Search for")).fill("ra soat")
    page.get_by_label(vi("Search for")).press("Enter")
    results = page.locator("main")
    expect(results.locator("mark").first).to_have_text("rà")
    expect(results.get_by_role("heading", level=3)).to_have_text(
        [
            Body.objects.get(code="bcsd-ubnd").name,
            Body.objects.get(code="thanh-uy-rach-gia").name,
        ]
    )
    expect(results.get_by_role("heading", level=2)).to_contain_text(
        [periods.late.label[0].upper() + periods.late.label[1:]]
    )
    check_page(page, "search")
    # "dong thap" finds "Đồng Tháp": đ is folded too.
    page.get_by_label(vi("Search for")).fill("dong thap")
    page.get_by_role("button", name=vi("Search"), exact=True).click()
    expect(results.locator("mark")).to_have_text(["Đồng", "Tháp"])


def test_a_body_s_staff_find_only_their_own_body(staff_page, periods):
    _written(periods)
    page = staff_page
    page.goto(reverse("search") + "?q=ra+soat")
    expect(page.get_by_role("heading", level=3)).to_have_text(
        [Body.objects.get(code="bcsd-ubnd").name]
    )
    check_page(page)


def test_the_body_record_and_the_ranking(committee_page, periods):
    ubnd, _ = _written(periods)
    page = committee_page
    page.goto("/")
    open_menu_if_collapsed(page)
    page.get_by_role("link", name=vi("Bodies' record")).click()
    page.get_by_label(vi("Year")).select_option(str(periods.late.year))
    page.get_by_role("button", name=vi("Show")).click()
    expect(page.locator(".ranking-table tbody tr").first).to_contain_text(ubnd.body.name)
    check_page(page, "ranking")
    with page.expect_download() as download:
        page.get_by_role("link", name=vi("Download as Excel")).click()
    assert download.value.suggested_filename == f"xep-loai-dung-han-{periods.late.year}.xlsx"

    page.get_by_role("link", name=ubnd.body.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ubnd.body.name)
    expect(page.locator(".record-table tbody tr")).to_have_count(2)
    expect(page.locator("#on-time-rate")).to_contain_text("100")
    check_page(page, "body-record")


def test_help_per_role_with_its_screenshots(board_page, periods):
    page = board_page
    page.goto("/")
    open_menu_if_collapsed(page)
    page.get_by_role("link", name=vi("Help"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Hướng dẫn cho Ban Tuyên giáo Tỉnh ủy"
    )
    for image in page.locator("main img").all():
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.naturalWidth") > 0
    check_page(page)
    page.get_by_role("link", name=vi("Standing Committee")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hướng dẫn cho Ban Thường vụ Tỉnh ủy")


def test_report_and_summary_pages_print_without_menu_or_buttons(board_page, periods):
    ubnd, _ = _written(periods)
    ubnd.state = "submitted"
    ubnd.save()
    page = board_page
    page.goto(ubnd.get_absolute_url())
    # Some buttons wait in closed <details> (marking a passage for the summary): a shown one.
    expect(page.locator("main .btn >> visible=true").first).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("body > header")).to_be_hidden()
    expect(page.locator("body > footer")).to_be_hidden()
    # The report's own heading block is content: it prints.
    expect(page.locator("main header").first).to_be_visible()
    for button in page.locator("main .btn, main button").all():
        expect(button).to_be_hidden()
    expect(page.locator("main h1")).to_be_visible()
    page.emulate_media(media="screen")
    summary = SummaryFactory(period=periods.late)
    page.goto(summary.get_absolute_url())
    # Some buttons wait in closed <details> (marking a passage for the summary): a shown one.
    expect(page.locator("main .btn >> visible=true").first).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("body > header")).to_be_hidden()
    for button in page.locator("main .btn, main button").all():
        expect(button).to_be_hidden()
