"""The issued summary as DOCX, PDF and XLSX, opened again and checked against the database."""

import datetime
import io
import unicodedata
import zipfile

import pytest
from django.db.models import Sum
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.documents import render
from reports.models import IndicatorFigure, ProgressReport
from reports.selectors.summaries import summary_document
from reports.services.summaries import summary_assemble, summary_issue, summary_update

from .factories_summaries import period_with_reports

pytestmark = pytest.mark.django_db

ISSUED_ON = datetime.date(2026, 2, 5)
INJECTIONS = ["<b>đậm</b>", '=HYPERLINK("http://x";"y")', "+1+2", "-3-4", "@SUM(A1)"]


@pytest.fixture
def data(directive):
    return period_with_reports(directive)


@pytest.fixture
def issued(data, board):
    summary = summary_assemble(period=data.period, user=board)
    summary_update(summary=summary, user=board, values={"signer_name": "Nguyễn Thị Ánh Tuyết"})
    summary_issue(summary=summary, user=board, number="12", issued_on=ISSUED_ON)
    summary.refresh_from_db()
    return summary


@pytest.fixture
def content(issued):
    return summary_document(summary=issued)


@pytest.fixture
def docx(content):
    return Document(io.BytesIO(render("docx", content)))


def _texts(cell):
    return [p.text for p in cell.paragraphs if p.text]


def _run(paragraph):
    runs = [r for r in paragraph.runs if r.text]
    assert len(runs) == 1, paragraph.text
    return runs[0]


def _paragraph(document, text):
    return next(p for p in document.paragraphs if p.text == text)


def _all_paragraphs(document):
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    return paragraphs


# DOCX


def test_the_docx_header_table_holds_the_letterhead(docx):
    header = docx.tables[0]
    top_left, top_right = header.rows[0].cells
    bottom_left, bottom_right = header.rows[1].cells
    assert _texts(top_left) == ["TỈNH ỦY KIÊN GIANG", "BAN TUYÊN GIÁO", "*"]
    parent, issuing, star = [_run(p) for p in top_left.paragraphs if p.text]
    assert (parent.font.size, bool(parent.bold)) == (Pt(14), False)
    assert (issuing.font.size, issuing.bold) == (Pt(14), True)
    assert _texts(top_right) == ["ĐẢNG CỘNG SẢN VIỆT NAM"]
    party = _run(top_right.paragraphs[0])
    assert (party.font.size, party.bold) == (Pt(15), True)
    # The rule is its own paragraph, as long as the text; the party line keeps its full width.
    party_line, rule = top_right.paragraphs
    assert party_line._p.pPr.find(qn("w:ind")) is None
    assert rule.text == "" and rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")) is not None
    indent = rule.paragraph_format.left_indent
    assert indent == rule.paragraph_format.right_indent and indent > 0
    # Word and LibreOffice lay a fixed table out from its grid: the grid has the cells' widths.
    grid = [int(c.get(qn("w:w"))) for c in header._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid == [cell.width.twips for cell in header.rows[0].cells]
    assert grid[1] > grid[0]
    assert _texts(bottom_left) == ["Số 12-BC/BTGTU"]
    assert _run(bottom_left.paragraphs[0]).font.size == Pt(14)
    assert _texts(bottom_right) == ["Kiên Giang, ngày 05 tháng 02 năm 2026"]
    date = _run(bottom_right.paragraphs[0])
    assert (date.font.size, date.italic) == (Pt(14), True)
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}


def test_the_docx_uses_times_new_roman_without_theme_fonts(docx):
    normal = docx.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(script)) == "Times New Roman"
    theme = {qn("w:asciiTheme"), qn("w:hAnsiTheme"), qn("w:eastAsiaTheme"), qn("w:cstheme")}
    for element in docx.styles.element.iter(qn("w:rFonts")):
        assert not theme & set(element.attrib)
    defaults = docx.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    default_fonts = defaults.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert default_fonts.get(qn("w:eastAsia")) == "Times New Roman"
    assert qn("w:eastAsiaTheme") not in default_fonts.attrib
    # No run names another font.
    assert {r.font.name for p in _all_paragraphs(docx) for r in p.runs} <= {None}


def test_the_docx_is_a4_portrait_with_the_configured_margins(docx):
    section = docx.sections[0]

    # Word stores twentieths of a point: compare to the tenth of a millimetre.
    def mm(length):
        return round(length.mm, 1)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (20, 20)
    assert (mm(section.left_margin), mm(section.right_margin)) == (30, 15)


def test_the_docx_numbers_pages_from_page_two_in_the_top_margin(docx):
    section = docx.sections[0]
    assert section.different_first_page_header_footer is True
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()
    paragraph = section.header.paragraphs[0]
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    codes = [e.text.strip() for e in paragraph._p.iter(qn("w:instrText"))]
    assert codes == ["PAGE"]
    kinds = [e.get(qn("w:fldCharType")) for e in paragraph._p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]


def test_the_docx_body_has_the_title_sections_and_the_reports_own_words(docx, content):
    title = _paragraph(docx, "BÁO CÁO")
    assert (_run(title).bold, _run(title).font.size, title.alignment) == (
        True,
        Pt(16),
        WD_ALIGN_PARAGRAPH.CENTER,
    )
    summary_line = _paragraph(docx, content["title"])
    assert _run(summary_line).bold and summary_line.alignment == WD_ALIGN_PARAGRAPH.CENTER
    opening = _paragraph(docx, content["opening"])
    assert opening.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert opening.paragraph_format.first_line_indent == Cm(1.27)
    assert _run(opening).font.size == Pt(14)
    for heading in (
        "I- TÌNH HÌNH TRIỂN KHAI, QUÁN TRIỆT",
        "II- KẾT QUẢ THỰC HIỆN",
        "III- HẠN CHẾ, KHÓ KHĂN VÀ NGUYÊN NHÂN",
        "IV- PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2026",
        "V- ĐỀ XUẤT, KIẾN NGHỊ",
    ):
        assert _run(_paragraph(docx, heading)).bold is True
    text = "\n".join(p.text for p in docx.paragraphs)
    assert (
        "1/2 cơ quan, đơn vị hoàn thành đúng hạn; 1 đơn vị có báo cáo chưa được tiếp nhận" in text
    )
    assert "tăng 20 tài khoản (20%) so với 6 tháng đầu năm 2025" in text
    assert (
        "1. Thiếu cán bộ chuyên trách về an ninh mạng (Ban cán sự đảng Ủy ban nhân dân tỉnh)."
        in text
    )
    # The body's own words are in annex 2, after the signature.
    paragraphs = [p.text for p in docx.paragraphs]
    own_words = next(i for i, t in enumerate(paragraphs) if "Đã rà soát 120 tài khoản" in t)
    assert own_words > paragraphs.index("PHỤ LỤC 2")


def test_the_docx_foot_has_recipients_and_the_signature_block(docx):
    foot = next(t for t in docx.tables if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:")
    left, right = foot.rows[0].cells
    label = _run(left.paragraphs[0])
    assert (label.underline, label.font.size) == (True, Pt(12))
    lines = _texts(left)[1:]
    assert lines[0] == "- Thường trực Tỉnh ủy (b/c),"
    assert all(line.startswith("- ") for line in lines)
    assert {_run(p).font.size for p in left.paragraphs[1:] if p.text} == {Pt(12)}
    texts = _texts(right)
    assert texts == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Nguyễn Thị Ánh Tuyết"]
    authority = _run(right.paragraphs[0])
    assert (authority.bold, authority.font.size) == (True, Pt(14))
    assert _run(right.paragraphs[-1]).bold is True
    # Space for the signature between the title and the name.
    assert len(right.paragraphs) - len(texts) >= 3


def _annex_table(docx):
    return next(t for t in docx.tables if t.rows[0].cells[0].text == "TT")


def test_the_docx_annex_lists_every_body_by_assignment(docx, content):
    annex = _annex_table(docx)
    header = [c.text for c in annex.rows[0].cells]
    assert header == [
        "TT",
        "Cơ quan, đơn vị",
        "Nhiệm vụ 1",
        "Nhiệm vụ 2",
        "Nhiệm vụ 3",
        "Nhiệm vụ 4",
        "Ngày báo cáo",
    ]
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in annex.rows[1:]}
    assert len(rows) == len(content["data"]["bodies"])
    # Short statuses, explained by the legend under the table.
    assert rows["Ban cán sự đảng Ủy ban nhân dân tỉnh"][2:] == ["HT", "–", "–", "–", "12/06/2026"]
    assert rows["Sở Thông tin và Truyền thông"][2] == "CTN"
    assert rows["Thành ủy Rạch Giá"][5] == "ĐTH"
    assert rows["Thành ủy Hà Tiên"][5:] == ["CBC", ""]
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "HT: hoàn thành đúng hạn" in text and "CBC: chưa báo cáo" in text
    # Codes and dates centred, names left.
    ubnd = next(r for r in annex.rows if r.cells[1].text.startswith("Ban cán sự"))
    assert ubnd.cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert ubnd.cells[-1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert ubnd.cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT


def test_layout_values_come_from_the_settings_override(content, settings):
    settings.SUMMARY_DOCUMENT_LAYOUT = {"margins_mm": {"left": 35}, "sizes_pt": {"title": 15}}
    document = Document(io.BytesIO(render("docx", content)))
    assert round(document.sections[0].left_margin.mm, 1) == 35
    assert round(document.sections[0].right_margin.mm, 1) == 15
    assert _run(_paragraph(document, "BÁO CÁO")).font.size == Pt(15)


# PDF


def _pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_pdf_text_extracts_with_every_diacritic(content):
    text = _flat(_pdf_text(render("pdf", content)))
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "TỈNH ỦY KIÊN GIANG",
        "BAN TUYÊN GIÁO",
        "Số 12-BC/BTGTU",
        "Kiên Giang, ngày 05 tháng 02 năm 2026",
        "BÁO CÁO",
        "III- HẠN CHẾ, KHÓ KHĂN VÀ NGUYÊN NHÂN",
        "Thiếu cán bộ chuyên trách về an ninh mạng.",
        "Đã rà soát 120 tài khoản, xử lý 3 trường hợp vi phạm.",
        "Nguyễn Thị Ánh Tuyết",
        "Nơi nhận:",
        "Thành ủy Hà Tiên",
    ):
        assert expected in text


def test_the_pdf_embeds_the_shipped_liberation_serif_fonts(content):
    reader = PdfReader(io.BytesIO(render("pdf", content)))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"]).split("+")[-1]] = "/FontFile2" in descriptor
    assert fonts, "no fonts found"
    assert all(fonts.values()), fonts
    assert set(fonts) <= {
        "LiberationSerif",
        "LiberationSerif-Bold",
        "LiberationSerif-Italic",
        "LiberationSerif-BoldItalic",
    }
    assert {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic"} <= set(fonts)


def test_the_pdf_numbers_pages_from_page_two(content):
    reader = PdfReader(io.BytesIO(render("pdf", content)))
    assert len(reader.pages) >= 2
    first_lines = [p.extract_text().strip().splitlines()[0].strip() for p in reader.pages]
    assert first_lines[0] != "1"
    assert first_lines[1] == "2"


def test_the_shipped_fonts_have_every_vietnamese_letter():
    from reportlab.pdfbase.ttfonts import TTFontFile

    from reports.documents.layout import FONTS_DIR, layout

    vowels = "aăâeêioôơuưy"
    letters = {
        unicodedata.normalize("NFC", v + mark)
        for v in vowels + vowels.upper()
        for mark in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    } | set("đĐ")
    for filename in layout()["font"]["pdf_files"].values():
        glyphs = TTFontFile(str(FONTS_DIR / filename)).charToGlyph
        assert not {c for c in letters if ord(c) not in glyphs}, filename


# XLSX


def test_the_xlsx_figures_and_totals_equal_the_database(content, data):
    book = load_workbook(io.BytesIO(render("xlsx", content)))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[2]
    indicator_columns = {
        f"{i.duty.label}. {i.name} ({i.unit})": index for index, i in enumerate(data.indicators)
    }
    columns = {name: header.index(name) for name in indicator_columns}
    body_rows = [r for r in rows[3:] if isinstance(r[0], int)]
    # Every body × duty it is responsible for.
    from assignments.models import Task

    assert (
        len(body_rows)
        == Task.objects.filter(duty__assignment__directive=data.period.directive).count()
    )

    accepted = IndicatorFigure.objects.filter(
        entry__report__period=data.period, entry__report__state=ProgressReport.State.ACCEPTED
    ).select_related("entry__report__body", "entry__duty__assignment", "indicator")
    expected = {
        (f.entry.report.body.name, f.entry.duty.label, f.indicator_id): f.value for f in accepted
    }
    found = {}
    for row in body_rows:
        for name, column in columns.items():
            if row[column] is not None:
                indicator = data.indicators[indicator_columns[name]]
                found[(row[1], row[2], indicator.pk)] = row[column]
    assert found == expected

    total_row = next(r for r in rows if r[1] == "Tổng cộng (báo cáo đã tiếp nhận)")
    for name, column in columns.items():
        indicator = data.indicators[indicator_columns[name]]
        database_total = (
            accepted.filter(indicator=indicator).aggregate(total=Sum("value"))["total"] or 0
        )
        assert total_row[column] == database_total

    ubnd = next(
        r for r in body_rows if r[1] == "Ban cán sự đảng Ủy ban nhân dân tỉnh" and r[2] == "1.1"
    )
    assert ubnd[4:8] == (
        "đã tiếp nhận",
        "hoàn thành đúng hạn",
        datetime.datetime(2026, 6, 12),
        datetime.datetime(2026, 6, 16),
    )
    sotttt = next(r for r in body_rows if r[1] == "Sở Thông tin và Truyền thông" and r[2] == "1.1")
    assert sotttt[4] == "đã gửi"
    assert 999 not in sotttt

    totals = book.worksheets[1]
    by_name = {r[0]: r for r in totals.iter_rows(min_row=4, values_only=True)}
    assert by_name["1.1. Tài khoản mạng xã hội được rà soát"][2:] == (120, 100, 20)
    assert by_name["1.1. Trang mạo danh đã xóa"][2:] == (7, 9, -2)


# Text from users stays text


@pytest.fixture
def injected(data, board):
    ubnd_entry = data.reports["ubnd"].entries.get()
    ubnd_entry.results = " ".join(INJECTIONS)
    ubnd_entry.save()
    first = data.indicators[0]
    first.name = "=1+2"
    first.unit = "@x"
    first.save()
    body = data.reports["rachgia"].body
    body.name = "-Thành ủy <i>Rạch Giá</i>"
    body.save()
    summary = summary_assemble(period=data.period, user=board)
    summary_update(
        summary=summary,
        user=board,
        values={"direction": "+ Tiếp tục <script>alert(1)</script>", "signer_name": "@Lê Văn Bình"},
    )
    summary_issue(summary=summary, user=board, number="13", issued_on=ISSUED_ON)
    summary.refresh_from_db()
    return summary_document(summary=summary)


def test_user_text_stays_literal_in_the_docx(injected):
    document = Document(io.BytesIO(render("docx", injected)))
    text = "\n".join(p.text for p in _all_paragraphs(document))
    for value in INJECTIONS:
        assert value in text
    assert "+ Tiếp tục <script>alert(1)</script>" in text
    assert "@Lê Văn Bình" in text
    assert "-Thành ủy <i>Rạch Giá</i>" in text
    # No run of the results became bold: the markup was not interpreted.
    paragraph = next(p for p in document.paragraphs if "<b>đậm</b>" in p.text)
    assert not any(r.bold for r in paragraph.runs)


def test_user_text_stays_literal_in_the_pdf(injected):
    text = _flat(_pdf_text(render("pdf", injected)))
    assert "<b>đậm</b>" in text
    assert "<script>alert(1)</script>" in text
    assert "-Thành ủy <i>Rạch Giá</i>" in text
    assert "@Lê Văn Bình" in text


def test_user_text_never_becomes_a_formula_in_the_xlsx(injected):
    raw = render("xlsx", injected)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(name).decode()
    book = load_workbook(io.BytesIO(raw))
    sheet = book.worksheets[0]
    cells = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    for value in ("-Thành ủy <i>Rạch Giá</i>", "1.1. =1+2 (@x)"):
        assert cells[value].data_type == "s"
    totals = {
        c.value: c
        for row in book.worksheets[1].iter_rows()
        for c in row
        if isinstance(c.value, str)
    }
    assert totals["@x"].data_type == "s"
    assert totals["@x"].quotePrefix is True


def test_decomposed_text_is_printed_in_nfc(data, board):
    summary = summary_assemble(period=data.period, user=board)
    # Stored NFD (as pasted from some phones), bypassing the form.
    type(summary).objects.filter(pk=summary.pk).update(
        signer_name=unicodedata.normalize("NFD", "Lê Văn Bình")
    )
    summary.refresh_from_db()
    document = Document(io.BytesIO(render("docx", summary_document(summary=summary))))
    text = "\n".join(p.text for p in _all_paragraphs(document))
    assert "Lê Văn Bình" in text
    assert unicodedata.normalize("NFD", "Lê Văn Bình") not in text


def test_the_docx_annex_starts_its_own_page_with_columns_sized_for_its_content(docx):
    title = next(p for p in docx.paragraphs if p.text == "PHỤ LỤC 1")
    assert title.paragraph_format.page_break_before is True
    # No paragraph holds a bare page break: one would leave an empty page after a full foot.
    assert not docx.element.body.findall(f".//{qn('w:br')}[@{qn('w:type')}='page']")
    annex = _annex_table(docx)
    assert annex.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    grid = [int(c.get(qn("w:w"))) for c in annex._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert grid == [cell.width.twips for cell in annex.rows[0].cells]
    number, body, *assignments, last_report = grid
    assert number < assignments[0] < body
    # The columns fill the text width: 210 mm less margins of 30 and 15 mm.
    assert abs(sum(grid) - Mm(165).twips) <= len(grid)
