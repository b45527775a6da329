"""The periodic summary as a clerk files it (issue 10): 25 bodies writing their own text, and a
draft that reads as a synthesis of a few pages, with its per-body detail in annex 2."""

import datetime
import io
import re

import pytest
from django.db.models import Sum
from django.urls import reverse
from docx import Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from openpyxl import load_workbook
from pypdf import PdfReader
from pypdf.generic import ContentStream

from reports.documents import render
from reports.documents.layout import layout, section_heading, vn_number, vn_percent
from reports.documents.narrative import comparison, group_statements
from reports.models import IndicatorFigure, ProgressEntry, Summary, SummaryHighlight
from reports.selectors.summaries import summary_document
from reports.services.summaries import summary_assemble, summary_issue, summary_update

from .factories_summaries import SHARED_DIFFICULTIES, period_with_realistic_reports

pytestmark = pytest.mark.django_db

ISSUED_ON = datetime.date(2026, 7, 6)
MM = 72 / 25.4
# What bodies type beyond Vietnamese letters: symbols Liberation Serif lacks, and an emoji.
UNUSUAL = "Đạt 100% ✓ ★ ① ☎ → ≥ 😀 – “trích” ‘dẫn’ № 5 € ½"


@pytest.fixture
def data(directive):
    return period_with_realistic_reports(directive)


@pytest.fixture
def issued(data, board):
    summary = summary_assemble(period=data.period, user=board)
    summary_issue(summary=summary, user=board, number="12", issued_on=ISSUED_ON)
    summary.refresh_from_db()
    return summary


@pytest.fixture
def content(issued):
    return summary_document(summary=issued)


@pytest.fixture
def pdf(content):
    return PdfReader(io.BytesIO(render("pdf", content)))


@pytest.fixture
def docx(content):
    return Document(io.BytesIO(render("docx", content)))


def _annex_page(reader) -> int:
    return next(i for i, page in enumerate(reader.pages) if "PHỤ LỤC 1" in page.extract_text())


# The narrative


def test_the_report_before_its_annexes_fits_in_eight_pages(pdf, content):
    assert len(content["data"]["bodies"]) == 25
    assert len(content["data"]["detail"]) == 25
    annex = _annex_page(pdf)
    assert 1 <= annex <= 8
    # The annexes carry the detail: every body's own words are printed after the signature.
    annex_text = "".join(page.extract_text() for page in pdf.pages[annex:])
    assert "PHỤ LỤC 2" in annex_text


def test_section_two_counts_bodies_by_status_and_names_only_those_to_act_on(issued, data):
    results = issued.results
    heading = (
        "4. Tuyên truyền, quán triệt chủ trương, chính sách về an toàn, an ninh mạng và quản lý "
        "thông tin trên mạng xã hội (Các huyện, thành ủy và đảng ủy trực thuộc chủ trì)"
    )
    assert heading in results.splitlines()
    counts = dict.fromkeys(
        ("done_on_time", "done_late", "in_progress_on_time", "in_progress_late"), 0
    )
    bodies_of_four = {}
    for entry in ProgressEntry.objects.filter(
        report__period=data.period, duty__assignment__number=4
    ).select_related("report__body"):
        bodies_of_four.setdefault(entry.report.body.name, set()).add(entry.status)
    order = ["in_progress_late", "done_late", "in_progress_on_time", "done_on_time"]
    for statuses in bodies_of_four.values():
        counts[next(s for s in order if s in statuses)] += 1
    line = results.splitlines()[results.splitlines().index(heading) + 1]
    assert line.startswith(f"{counts['done_on_time']}/20 cơ quan, đơn vị hoàn thành đúng hạn; ")
    assert f"{counts['in_progress_late']} đơn vị đang thực hiện quá hạn (" in line
    # Bodies on time are counted, not listed; no body's text is repeated in the synthesis.
    assert "bài viết sai sự thật" not in results


def test_totals_are_compared_with_the_previous_period_in_words(issued, data):
    indicator = data.indicators[-1]  # accounts reviewed under assignment 4
    totals = {
        period.pk: IndicatorFigure.objects.filter(
            indicator=indicator, entry__report__period=period
        ).aggregate(total=Sum("value"))["total"]
        for period in (data.period, data.previous)
    }
    now, before = totals[data.period.pk], totals[data.previous.pk]
    assert now > 1000  # shows the thousands separator
    expected = (
        f"tài khoản mạng xã hội được rà soát: {vn_number(now)} tài khoản, tăng "
        f"{vn_number(now - before)} tài khoản ({vn_percent((now - before) * 100 / before)}%) so "
        "với 6 tháng đầu năm 2025"
    )
    assert expected in issued.results
    assert "." in vn_number(now) and "+" not in issued.results


@pytest.mark.parametrize(
    ("total", "previous", "words"),
    [
        (1234, 1206, "tăng 28 tài khoản (2,3%) so với 6 tháng đầu năm 2025"),
        (1000, 1234, "giảm 234 tài khoản (19%) so với 6 tháng đầu năm 2025"),
        (50, 50, "tương đương 6 tháng đầu năm 2025"),
        (12, 0, "tăng 12 tài khoản so với 6 tháng đầu năm 2025"),
    ],
)
def test_a_comparison_reads_as_words(total, previous, words):
    indicator = {"total": total, "previous": previous, "change": total - previous}
    indicator["unit"] = "tài khoản"
    text = comparison(indicator, previous_label="6 tháng đầu năm 2025", words=layout()["prefill"])
    assert text == words


def test_the_same_difficulty_from_several_bodies_is_said_once_with_who_raised_it(issued, data):
    variants = SHARED_DIFFICULTIES[0]
    raised_by = set(
        ProgressEntry.objects.filter(report__period=data.period, difficulties__in=variants)
        .values_list("report__body__name", flat=True)
        .distinct()
    )
    assert len(raised_by) >= 2
    lines = [line for line in issued.limitations.splitlines() if "còn mỏng" in line]
    assert len(lines) == 1
    assert f"({len(raised_by)} đơn vị nêu" in lines[0]
    named = re.search(r"đơn vị nêu(?:: |, trong đó có )(.*)\)\.$", lines[0]).group(1)
    assert {name.strip(" …") for name in named.split(", ") if name.strip(" …")} <= raised_by
    # Most raised first.
    assert issued.limitations.startswith("1. ")
    assert "đơn vị đề xuất" in issued.proposals


def test_different_statements_are_not_grouped():
    rows = [
        {"body": "A", "text": "Thiếu kinh phí cho hoạt động tuyên truyền."},
        {"body": "B", "text": "Cán bộ kiêm nhiệm nhiều việc, thời gian dành cho nhiệm vụ ít."},
        {"body": "C", "text": "Thiếu kinh phí cho hoạt động tuyên truyền"},
    ]
    groups = group_statements(rows, marked=[], similarity=0.6)
    assert [g["bodies"] for g in groups] == [["A", "C"], ["B"]]


def test_section_one_tells_who_reported_on_time_and_the_meetings_held(issued, data):
    assert issued.deployment.startswith("Trong kỳ, 25/25 cơ quan, đơn vị đã gửi báo cáo (")
    meetings = sum(
        IndicatorFigure.objects.filter(
            entry__report__period=data.period, indicator__name="Hội nghị quán triệt"
        ).values_list("value", flat=True)
    )
    assert f"hội nghị quán triệt: {vn_number(meetings)} hội nghị, tăng" in issued.deployment


def test_section_four_has_one_line_per_assignment(issued):
    lines = issued.direction.splitlines()
    assert [line.split(".")[0] for line in lines[:4]] == ["1", "2", "3", "4"]
    assert lines[0] == "1. Tiếp tục kiểm tra, rà soát, quản lý chặt chẽ, hiệu quả mạng xã hội."


def test_section_four_is_headed_with_the_next_period(content, pdf):
    # A report on the first half of 2026 plans the second half, as summary-model.md words it.
    heading = "IV- PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2026"
    direction = next(s for s in content["sections"] if s["key"] == "direction")
    assert direction["heading"] == heading
    printed = [line.strip() for page in pdf.pages for line in page.extract_text().splitlines()]
    assert heading in printed
    assert not any("THỜI GIAN TỚI" in line for line in printed)


@pytest.mark.parametrize(
    ("kind", "next_period"),
    [("half_year", "6 THÁNG CUỐI NĂM 2026"), ("annual", "NĂM 2027"), ("quarter", "THỜI GIAN TỚI")],
)
def test_the_next_period_follows_the_kind_of_the_period_reported_on(kind, next_period):
    period = {"kind": kind, "year": 2026}
    heading = section_heading("direction", period=period, config=layout())
    assert heading == f"IV- PHƯƠNG HƯỚNG, NHIỆM VỤ {next_period}"


def test_an_annual_summary_plans_the_next_year(issued, board):
    period = issued.period
    period.kind = period.Kind.ANNUAL
    period.ends_on = period.ends_on.replace(month=12, day=31)
    period.data_cutoff = period.ends_on.replace(day=14)
    period.body_due = period.ends_on.replace(day=15)
    period.summary_due = period.ends_on.replace(day=20)
    period.save()
    draft = summary_assemble(period=period, user=board)
    docx = Document(io.BytesIO(render("docx", summary_document(summary=draft))))
    assert "IV- PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027" in [p.text for p in docx.paragraphs]


def test_running_dates_have_one_style(issued, content):
    assert "ngày 03/8/2021" in issued.opening
    pages = PdfReader(io.BytesIO(render("pdf", content))).pages
    printed = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "(Kèm theo Báo cáo số 12-BC/BTGTU, ngày 06/7/2026 của Ban Tuyên giáo Tỉnh ủy)" in printed


# Highlights


def test_the_board_marks_passages_and_the_draft_quotes_them_with_their_body(client, board, data):
    phu_quoc = data.reports["thanh-uy-phu-quoc"]
    result = phu_quoc.entries.order_by("duty__number").first()
    difficulty_entry = data.reports["bcsd-ubnd"].entries.first()
    ProgressEntry.objects.filter(pk=difficulty_entry.pk).update(
        difficulties="Phần mềm giám sát thông tin chưa được cấp phép sử dụng."
    )
    client.force_login(board)
    page = client.get(phu_quoc.get_absolute_url()).content.decode()
    assert reverse("reports:entry_highlight", args=[result.pk]) in page
    excerpt = "Thành ủy đối thoại với nhân dân về giải phóng mặt bằng, phản bác thông tin sai lệch"
    response = client.post(
        reverse("reports:entry_highlight", args=[result.pk]),
        {"field": "results", "excerpt": excerpt, "action": "mark"},
    )
    assert response.status_code == 302
    client.post(
        reverse("reports:entry_highlight", args=[difficulty_entry.pk]),
        {"field": "difficulties", "excerpt": "", "action": "mark"},
    )
    assert SummaryHighlight.objects.count() == 2
    page = client.get(phu_quoc.get_absolute_url()).content.decode()
    assert "Đưa vào báo cáo tổng hợp" in page

    draft = summary_assemble(period=data.period, user=board)
    section_four = draft.results.split("\n4. ")[1]
    assert f"Tiêu biểu: Thành ủy Phú Quốc: {excerpt}." in section_four
    assert "Tiêu biểu" not in draft.results.split("\n4. ")[0]
    # A marked difficulty comes first, with its body, even though one body raised it.
    assert draft.limitations.splitlines()[0] == (
        "1. Phần mềm giám sát thông tin chưa được cấp phép sử dụng (Ban cán sự đảng Ủy ban "
        "nhân dân tỉnh)."
    )

    client.post(
        reverse("reports:entry_highlight", args=[result.pk]),
        {"field": "results", "action": "unmark"},
    )
    assert not SummaryHighlight.objects.filter(entry=result).exists()


def test_only_the_board_marks_passages(client, committee, ubnd_staff, data):
    entry = data.reports["bcsd-ubnd"].entries.first()
    url = reverse("reports:entry_highlight", args=[entry.pk])
    for user in (committee, ubnd_staff):
        client.force_login(user)
        response = client.post(url, {"field": "results", "action": "mark"})
        assert response.status_code == 403
    assert not SummaryHighlight.objects.exists()


def test_an_empty_passage_or_an_unknown_field_is_refused_with_a_message(client, board, data):
    entry = data.reports["bcsd-ubnd"].entries.first()
    ProgressEntry.objects.filter(pk=entry.pk).update(proposals="")
    client.force_login(board)
    url = reverse("reports:entry_highlight", args=[entry.pk])
    for field in ("proposals", "status"):
        response = client.post(url, {"field": field, "action": "mark"}, follow=True)
        assert any(m.level_tag == "error" for m in response.context["messages"])
    assert not SummaryHighlight.objects.exists()


def test_with_nothing_marked_the_draft_is_still_a_synthesis(issued):
    assert "Tiêu biểu" not in issued.results
    assert "cơ quan, đơn vị hoàn thành đúng hạn" in issued.results


def test_annex_two_can_be_left_out(data, board):
    summary = summary_assemble(period=data.period, user=board)
    summary_update(summary=summary, user=board, values={"include_detail_annex": False})
    summary_issue(summary=summary, user=board, number="12", issued_on=ISSUED_ON)
    summary.refresh_from_db()
    content = summary_document(summary=summary)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(render("pdf", content))).pages)
    assert "PHỤ LỤC 1" in text and "PHỤ LỤC 2" not in text
    document = Document(io.BytesIO(render("docx", content)))
    assert "PHỤ LỤC 2" not in [p.text for p in document.paragraphs]


# The files


def test_the_docx_keeps_headings_with_the_next_paragraph_and_rows_whole(docx):
    paragraphs = docx.paragraphs
    headings = [p for p in paragraphs if p.text.startswith(("I- ", "II- ", "III- ", "IV- ", "V- "))]
    assert len(headings) == 5
    subheadings = [p for p in paragraphs if re.match(r"^[1-4]\. \S.*(chủ trì|phối hợp)\)$", p.text)]
    assert len(subheadings) == 4
    for paragraph in headings + subheadings:
        assert paragraph._p.pPr.find(qn("w:keepNext")) is not None, paragraph.text
        assert all(run.bold for run in paragraph.runs if run.text), paragraph.text
    for table in docx.tables[2:]:
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    # Section III's numbered items are a list, not headings.
    items = [p for p in paragraphs if "đơn vị nêu" in p.text]
    assert items and all(p._p.pPr.find(qn("w:keepNext")) is None for p in items)


def test_the_docx_is_in_vietnamese_and_signed_by_the_issuing_body(docx, content):
    normal = docx.styles["Normal"].element
    assert normal.rPr.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    properties = docx.core_properties
    assert properties.author == "BAN TUYÊN GIÁO TỈNH ỦY KIÊN GIANG"
    assert "python-docx" not in (properties.author + properties.last_modified_by)
    assert "python-docx" not in (properties.comments or "")
    assert properties.title.startswith("Báo cáo kết quả 6 tháng đầu năm 2026")
    assert properties.created.date() == ISSUED_ON
    texts = [p.text for p in docx.paragraphs]
    assert "(Kèm theo Báo cáo số 12-BC/BTGTU, ngày 06/7/2026 của Ban Tuyên giáo Tỉnh ủy)" in texts
    totals = next(t for t in docx.tables if t.rows[0].cells[0].text == "Chỉ tiêu")
    assert totals.rows[1].cells[2].paragraphs[0].alignment == 2  # right


def _text_lines(page, reader):
    """(left, right, font, has word spacing) of each line a page shows, from its content
    stream: the font's own widths, the Td offsets and the word spacing of justified lines."""
    fonts = {name: font.get_object() for name, font in page["/Resources"]["/Font"].items()}
    lines, origin, x, word_space, font, size = [], 0.0, 0.0, 0.0, None, 0.0
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"cm":
            origin = float(operands[4])
        elif operator == b"BT":
            x, word_space = 0.0, 0.0
        elif operator == b"Tm":
            x = float(operands[4])
        elif operator == b"Td":
            x += float(operands[0])
        elif operator == b"Tw":
            word_space = float(operands[0])
        elif operator == b"Tf":
            font, size = fonts[operands[0]], float(operands[1])
        elif operator == b"Tj":
            raw = operands[0]
            raw = raw.get_original_bytes() if hasattr(raw, "get_original_bytes") else bytes(raw)
            first, widths = int(font["/FirstChar"]), font["/Widths"]
            width = sum(float(widths[c - first]) for c in raw) * size / 1000
            width += word_space * raw.count(32)
            lines.append((origin + x, origin + x + width, str(font["/BaseFont"]), word_space))
    return lines


def test_the_pdf_text_stands_exactly_at_the_configured_margins(pdf):
    margins = layout()["margins_mm"]
    page = pdf.pages[1]  # a page of running text only
    lines = [line for line in _text_lines(page, pdf) if line[1] - line[0] > 100]
    left = min(line[0] for line in lines)
    justified_right = [line[1] for line in lines if line[3]]
    assert abs(left - margins["left"] * MM) < 0.05
    assert justified_right
    assert abs(max(justified_right) - (210 - margins["right"]) * MM) < 0.5
    assert max(line[1] for line in lines) <= (210 - margins["right"]) * MM + 0.5


def test_the_pdf_never_ends_a_page_on_a_heading(pdf):
    annex = _annex_page(pdf)
    # The page before annex 1 ends on the signature, in bold: not a heading.
    for page in [*pdf.pages[: annex - 1], *pdf.pages[annex:]]:
        body = [line for line in _text_lines(page, pdf) if line[1] - line[0] > 20]
        assert "Bold" not in body[-1][2]


def _docx_gap_under(paragraphs, text: str) -> float:
    """Word draws the rule as the bottom border of the empty paragraph after the line: the gap
    from the line's foot is that paragraph's exact height plus the border's own spacing."""
    paragraphs = list(paragraphs)
    line = next(i for i, p in enumerate(paragraphs) if p.text == text)
    rule = paragraphs[line + 1]
    border = rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert (rule.paragraph_format.space_before or 0) == 0
    return rule.paragraph_format.line_spacing.pt + int(border.get(qn("w:space")))


def _pdf_gaps_under_lines(page) -> list[tuple[str, float]]:
    """Each stroked horizontal rule of the page with the text line just above it and the gap
    between them: from the line's foot (its baseline less the font's descent, both read from
    the PDF) to the rule's top edge (the stroke's centre plus half its width)."""
    lines, rules, path, width = [], [], [], [1.0]

    def operator(op, args, cm, tm):
        if op in (b"m", b"l"):
            x, y = float(args[0]), float(args[1])
            path.append((cm[0] * x + cm[2] * y + cm[4], cm[1] * x + cm[3] * y + cm[5]))
        elif op == b"w":
            width[0] = float(args[0])
        elif op == b"S":
            if len(path) == 2 and abs(path[0][1] - path[1][1]) < 0.01:
                rules.append((path[0][1], min(path[0][0], path[1][0]), width[0]))
            path.clear()
        elif op in (b"n", b"f", b"re"):
            path.clear()

    def text(shown, cm, tm, font, size):
        if shown.strip() and font is not None:
            baseline = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            descent = -float(font["/FontDescriptor"]["/Descent"]) * size / 1000
            lines.append((" ".join(shown.split()), baseline, baseline - descent))

    page.extract_text(visitor_operand_before=operator, visitor_text=text)
    gaps = []
    for y, _x, stroke in rules:
        above = min((line for line in lines if line[1] > y), key=lambda line: line[1] - y)
        gaps.append((above[0], above[2] - (y + stroke / 2)))
    return gaps


def test_the_rules_keep_the_gap_the_docx_has(docx, pdf, content):
    config = layout()
    party, summary = config["rules"]["party_gap_pt"], config["rules"]["summary_gap_pt"]
    header_cell = docx.tables[0].rows[0].cells[1]
    assert _docx_gap_under(header_cell.paragraphs, "ĐẢNG CỘNG SẢN VIỆT NAM") == party
    last_words = content["title"].split()[-2:]
    assert _docx_gap_under(docx.paragraphs, content["title"]) == summary

    gaps = _pdf_gaps_under_lines(pdf.pages[0])
    # The letterhead's rule and the summary line's: no other line is stroked on the first page.
    assert [line for line, _gap in gaps] == ["ĐẢNG CỘNG SẢN VIỆT NAM", " ".join(last_words)]
    assert gaps[0][1] == pytest.approx(party, abs=0.05)
    assert gaps[1][1] == pytest.approx(summary, abs=0.05)


def _without_page_number(reader):
    """Each page's text less its number, drawn first in the top margin from page 2 on (left
    in, it would fall inside a paragraph that runs over the page break)."""
    for index, page in enumerate(reader.pages):
        text = page.extract_text()
        if index:
            number = str(index + 1)
            assert text.startswith(number)
            text = text.removeprefix(number)
        yield text


def test_no_character_a_body_typed_is_lost_in_the_pdf(data, board):
    entries = list(ProgressEntry.objects.filter(report__period=data.period))
    for index, entry in enumerate(entries[:5]):
        entry.results = f"{entry.results} {UNUSUAL} ({index})"
        entry.save()
    summary = summary_assemble(period=data.period, user=board)
    summary_issue(summary=summary, user=board, number="12", issued_on=ISSUED_ON)
    summary.refresh_from_db()
    reader = PdfReader(io.BytesIO(render("pdf", summary_document(summary=summary))))
    printed = re.sub(r"\s+", "", "".join(_without_page_number(reader)))
    for entry in ProgressEntry.objects.filter(report__period=data.period):
        for text in (entry.results, entry.difficulties, entry.proposals):
            assert re.sub(r"\s+", "", text) in printed, text[:60]
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert "DejaVuSans" in fonts


def test_the_fallback_font_draws_every_character_tested():
    from reportlab.pdfbase.ttfonts import TTFontFile

    from reports.documents.layout import FONTS_DIR

    font = layout()["font"]
    serif = TTFontFile(str(FONTS_DIR / font["pdf_files"]["regular"])).charToGlyph
    fallback = TTFontFile(str(FONTS_DIR / font["pdf_fallback_file"])).charToGlyph
    missing = {c for c in UNUSUAL if ord(c) not in serif}
    assert {"✓", "★", "😀"} <= missing  # the test exercises the fallback
    assert not {c for c in missing if ord(c) not in fallback}
    assert (FONTS_DIR / "LICENSE-fonts-dejavu.txt").exists()


def test_the_xlsx_annex_is_ready_to_print(content):
    book = load_workbook(io.BytesIO(render("xlsx", content)))
    assert book.sheetnames == ["Phụ lục", "Tổng hợp chỉ tiêu"]
    sheet = book["Phụ lục"]
    for each in book.worksheets:
        assert each.page_setup.orientation == "landscape"
        assert str(each.page_setup.paperSize) == each.PAPERSIZE_A4
        assert (each.page_setup.fitToWidth, each.page_setup.fitToHeight) == (1, 0)
        assert each.sheet_properties.pageSetUpPr.fitToPage
        assert each.print_title_rows == "$3:$3"
        assert each.freeze_panes in ("C4", "A4")
        assert each.page_margins.left == 0.5
        header = each.cell(row=3, column=1)
        assert header.font.name == "Times New Roman" and header.font.bold
        assert header.border.left.style == "thin"
    row = next(r for r in sheet.iter_rows(min_row=4) if r[6].value is not None)
    assert isinstance(row[6].value, datetime.datetime)
    assert row[6].number_format == "dd/mm/yyyy"
    assert row[6].alignment.horizontal == "center"
    assert row[3].alignment.wrap_text
    assert row[1].font.name == "Times New Roman"
    assert row[1].border.bottom.style == "thin"


def test_an_old_issued_summary_still_prints(issued):
    # Frozen before this issue: no status codes, no detail; it prints what it kept.
    content = dict(issued.content)
    content["data"] = {
        key: value
        for key, value in content["data"].items()
        if key not in ("detail", "highlights", "limitations", "proposals")
    }
    for body in content["data"]["bodies"]:
        body.pop("outcomes")
    Summary.objects.filter(pk=issued.pk).update(content=content)
    issued.refresh_from_db()
    for fmt in ("docx", "pdf", "xlsx"):
        assert render(fmt, summary_document(summary=issued))
