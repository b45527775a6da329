"""The summary as a Word document laid out as a Party report (report-format.md)."""

import datetime
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from lxml import etree

from .common import (
    annex_attached,
    annex_column_shares,
    annex_header,
    annex_rows,
    detail_paragraphs,
    include_detail,
    indicator_table,
    is_subheading,
    lines,
    number_line,
    text_width_mm,
    text_width_pt,
)
from .layout import layout, nfc

CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _set_fonts(rpr, name: str) -> None:
    """Names the font for every script and drops the theme fonts Word would otherwise prefer."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in THEME_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _setup_styles(document, config: dict) -> None:
    font = config["font"]["docx_name"]
    size = Pt(config["sizes_pt"]["body"])
    # Every style of the template, not only Normal: a heading or table style left on a theme
    # font would print in Calibri or Cambria wherever Word applies it.
    for rpr in document.styles.element.iter(qn("w:rPr")):
        _set_fonts(rpr, font)
    normal = document.styles["Normal"]
    normal.font.name = font
    normal.font.size = size
    _set_fonts(normal.element.get_or_add_rPr(), font)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = config["line_spacing_docx"]
    # Word checks spelling and hyphenates in the document's language.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    targets = [normal.element.get_or_add_rPr()]
    if defaults is not None:
        targets += list(defaults.iter(qn("w:rPr")))
    for rpr in targets:
        for old in rpr.findall(qn("w:lang")):
            rpr.remove(old)
        lang = OxmlElement("w:lang")
        for attribute in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attribute), config["language"])
        rpr.append(lang)


def _core_properties(document, content: dict) -> None:
    """What Word's File > Info shows: the issuing body, the report's title and its date, never
    the library's name."""
    properties = document.core_properties
    issuing = content["letterhead"]["issuing_body"]
    parent = content["letterhead"]["parent_body"]
    properties.author = nfc(f"{issuing} {parent}".strip())
    properties.last_modified_by = properties.author
    properties.title = nfc(f"Báo cáo {content['title']}".strip())[:255]
    properties.subject = nfc(content["reference"])
    properties.comments = ""
    properties.keywords = ""
    properties.category = ""
    if content["issued_on"]:
        issued = datetime.datetime.fromisoformat(content["issued_on"])
        properties.created = issued
        properties.modified = issued


def _setup_page(document, config: dict) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(config["page"]["width_mm"])
    section.page_height = Mm(config["page"]["height_mm"])
    margins = config["margins_mm"]
    section.top_margin = Mm(margins["top"])
    section.bottom_margin = Mm(margins["bottom"])
    section.left_margin = Mm(margins["left"])
    section.right_margin = Mm(margins["right"])
    section.header_distance = Mm(config["header_distance_mm"])
    # The first page carries the letterhead and no number; numbers start on page 2.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    _add_field(paragraph, "PAGE", size=config["sizes_pt"]["page_number"])


def _add_field(paragraph, instruction: str, *, size: float) -> None:
    """A Word field in raw XML (python-docx has no API for fields): begin, code, result, end."""

    def run_with(element):
        run = paragraph.add_run()
        run.font.size = Pt(size)
        run._r.append(element)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    run_with(code)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    result = paragraph.add_run("2")
    result.font.size = Pt(size)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _paragraph(
    container,
    text: str = "",
    *,
    size: float,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align=LEFT,
    indent_cm: float | None = None,
    space_after: float = 0,
):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph_format = paragraph.paragraph_format
    if space_after:
        paragraph_format.space_after = Pt(space_after)
    if indent_cm:
        paragraph_format.first_line_indent = Cm(indent_cm)
    if text:
        run = paragraph.add_run(nfc(text))
        run.font.size = Pt(size)
        # Only what is on: python-docx writes an element even for False, and a report has
        # hundreds of plain paragraphs.
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        if underline:
            run.underline = True
    return paragraph


def _rule_under(paragraph, *, width_pt: float, available_pt: float, thickness_pt: float) -> None:
    """A bottom border as long as `width_pt`, centred, by indenting the paragraph both sides."""
    side = max((available_pt - width_pt) / 2, 0)
    paragraph.paragraph_format.left_indent = Pt(side)
    paragraph.paragraph_format.right_indent = Pt(side)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    size = str(round(thickness_pt * 8))  # eighths of a point
    for key, value in (
        ("w:val", "single"),
        ("w:sz", size),
        # Flush with the paragraph's foot: the gap is the paragraph's exact height alone.
        ("w:space", "0"),
        ("w:color", "000000"),
    ):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _borderless(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _grid(table, *, thickness_pt: float) -> None:
    table.style = None
    size = str(round(thickness_pt * 8))
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        for key, value in (
            ("w:val", "single"),
            ("w:sz", size),
            ("w:space", "0"),
            ("w:color", "000000"),
        ):
            element.set(qn(key), value)
        borders.append(element)
    tbl_pr.append(borders)


def _cell_text(cell, text: str, *, size: float, bold: bool = False, align=LEFT) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run(nfc(text))
    run.font.size = Pt(size)
    if bold:
        run.bold = True


def _column_widths(table, widths_mm: list[float]) -> None:
    """Word and LibreOffice lay a fixed table out from its grid, and Word then from its cells'
    widths: set both, or the columns come out equal."""
    table.autofit = False
    for grid_column, width_mm in zip(
        table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=True
    ):
        grid_column.set(qn("w:w"), str(round(Mm(width_mm).twips)))
    for row in table.rows:
        for cell, width_mm in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width_mm)


def _data_table(
    document,
    header: list[str],
    rows: list[list[str]],
    *,
    shares: list[float],
    config: dict,
    aligns: list | None = None,
):
    size = config["sizes_pt"]["table"]
    table = document.add_table(rows=len(rows) + 1, cols=len(header))
    _grid(table, thickness_pt=config["rules"]["table_thickness_pt"])
    _column_widths(table, [text_width_mm(config) * share for share in shares])
    # The column titles repeat at the top of every page a long table runs onto.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    # A row is never split across two pages.
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    aligns = aligns or [LEFT] * len(header)
    for row_cells, values, bold in zip(
        (row.cells for row in table.rows),
        [header, *rows],
        [True] + [False] * len(rows),
        strict=True,
    ):
        for cell, value, align in zip(row_cells, values, aligns, strict=True):
            _cell_text(cell, value, size=size, bold=bold, align=CENTER if bold else align)
    return table


def render_docx(content: dict, *, config: dict | None = None) -> bytes:
    config = config or layout()
    sizes = config["sizes_pt"]
    labels = config["labels"]
    letterhead = content["letterhead"]
    document = Document()
    _setup_styles(document, config)
    _core_properties(document, content)
    _setup_page(document, config)
    width_mm = text_width_mm(config)
    left_mm = width_mm * config["header_left_share"]
    right_mm = width_mm - left_mm

    # The letterhead: a borderless two-column table.
    header = document.add_table(rows=2, cols=2)
    _borderless(header)
    _column_widths(header, [left_mm, right_mm])
    top_left, top_right = header.rows[0].cells
    bottom_left, bottom_right = header.rows[1].cells
    _cell_text(top_left, letterhead["parent_body"].upper(), size=sizes["parent_body"], align=CENTER)
    _paragraph(
        top_left,
        letterhead["issuing_body"].upper(),
        size=sizes["issuing_body"],
        bold=True,
        align=CENTER,
    )
    _paragraph(top_left, labels["star"], size=sizes["star"], align=CENTER)
    _cell_text(top_right, labels["party"].upper(), size=sizes["party"], bold=True, align=CENTER)
    # The rule is the border of an empty paragraph of its own: indenting the party line itself
    # to the text's width would make it wrap wherever the font's metrics differ by a hair.
    rule = _paragraph(top_right, "", size=config["rules"]["paragraph_size_pt"], align=CENTER)
    # An empty paragraph takes the height of its mark's font, not of a run: make it the gap.
    rule.paragraph_format.line_spacing = Pt(config["rules"]["party_gap_pt"])
    rule.paragraph_format.space_before = Pt(0)
    _rule_under(
        rule,
        width_pt=text_width_pt(
            labels["party"].upper(), bold=True, size=sizes["party"], config=config
        ),
        available_pt=right_mm * 72 / 25.4,
        thickness_pt=config["rules"]["thickness_pt"],
    )
    _cell_text(bottom_left, number_line(content, config), size=sizes["number"], align=CENTER)
    bottom_right.paragraphs[0].alignment = CENTER
    run = bottom_right.paragraphs[0].add_run(content["place_date"])
    run.font.size = Pt(sizes["place_date"])
    run.italic = True

    # Title and summary line.
    _paragraph(document, "", size=sizes["body"])
    _paragraph(document, labels["title"].upper(), size=sizes["title"], bold=True, align=CENTER)
    _paragraph(document, content["title"], size=sizes["summary_line"], bold=True, align=CENTER)
    short_rule = _paragraph(
        document,
        "",
        size=sizes["summary_line"],
        align=CENTER,
        space_after=config["spacing_pt"]["after_summary_rule"],
    )
    # The rule sits this far under the summary line, as in the PDF.
    short_rule.paragraph_format.line_spacing = Pt(config["rules"]["summary_gap_pt"])
    _rule_under(
        short_rule,
        width_pt=Cm(config["rules"]["summary_rule_cm"]).pt,
        available_pt=width_mm * 72 / 25.4,
        thickness_pt=config["rules"]["thickness_pt"],
    )

    body_element = document.element.body
    section_properties = body_element.sectPr
    indent_twips = str(round(Cm(config["first_line_indent_cm"]).twips))
    after_twips = str(round(config["paragraph_space_after_pt"] * 20))
    half_points = str(round(sizes["body"] * 2))

    def body(text, *, bold=False, italic=False, keep_with_next=False, align="both", indent=True):
        """A justified body paragraph with a first-line indent, built as XML directly: the
        narrative has hundreds of them and python-docx's API spends most of the time placing
        each child element in schema order, which this writes in that order once."""
        paragraph = etree.Element(qn("w:p"))
        properties = etree.SubElement(paragraph, qn("w:pPr"))
        if keep_with_next:
            # A heading is never the last line of a page.
            etree.SubElement(properties, qn("w:keepNext"))
        etree.SubElement(properties, qn("w:spacing"), {qn("w:after"): after_twips})
        if indent:
            etree.SubElement(properties, qn("w:ind"), {qn("w:firstLine"): indent_twips})
        etree.SubElement(properties, qn("w:jc"), {qn("w:val"): align})
        run = etree.SubElement(paragraph, qn("w:r"))
        run_properties = etree.SubElement(run, qn("w:rPr"))
        if bold:
            etree.SubElement(run_properties, qn("w:b"))
        if italic:
            etree.SubElement(run_properties, qn("w:i"))
        etree.SubElement(run_properties, qn("w:sz"), {qn("w:val"): half_points})
        text_element = etree.SubElement(run, qn("w:t"))
        text_element.text = nfc(text)
        text_element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        section_properties.addprevious(paragraph)

    for line in lines(content["opening"]):
        body(line)
    for section in content["sections"]:
        body(section["heading"].upper(), bold=True, keep_with_next=True)
        for line in lines(section["text"]):
            if is_subheading(section["key"], line):
                body(line, bold=True, keep_with_next=True)
            else:
                body(line)

    # The foot: recipients on the left, authority and signer on the right.
    _paragraph(document, "", size=sizes["body"])
    foot = document.add_table(rows=1, cols=2)
    _borderless(foot)
    _column_widths(foot, [width_mm / 2, width_mm / 2])
    foot_left, foot_right = foot.rows[0].cells
    label = foot_left.paragraphs[0].add_run(labels["recipients"])
    label.font.size = Pt(sizes["recipients_label"])
    label.bold = True
    label.italic = True
    label.underline = True
    for line in letterhead["recipients"]:
        _paragraph(foot_left, f"- {line.lstrip('- ')}", size=sizes["recipients"])
    _cell_text(
        foot_right,
        letterhead["authority_line"].upper(),
        size=sizes["authority"],
        bold=True,
        align=CENTER,
    )
    if letterhead["signer_title"]:
        _paragraph(
            foot_right,
            letterhead["signer_title"].upper(),
            size=sizes["authority"],
            bold=True,
            align=CENTER,
        )
    for _ in range(config["signature_space_lines"]):
        _paragraph(foot_right, "", size=sizes["signer"])
    _paragraph(foot_right, letterhead["signer_name"], size=sizes["signer"], bold=True, align=CENTER)

    def annex_opening(title: str, caption: str) -> None:
        heading = _paragraph(
            document, title.upper(), size=sizes["heading"], bold=True, align=CENTER
        )
        # A break in a paragraph of its own leaves an empty page when the foot fills the page.
        heading.paragraph_format.page_break_before = True
        heading.paragraph_format.keep_with_next = True
        attached = _paragraph(
            document, annex_attached(content, config), size=sizes["body"], italic=True, align=CENTER
        )
        attached.paragraph_format.keep_with_next = True
        caption_paragraph = _paragraph(
            document,
            caption,
            size=sizes["body"],
            bold=True,
            align=CENTER,
            space_after=config["spacing_pt"]["after_caption"],
        )
        caption_paragraph.paragraph_format.keep_with_next = True

    # Annex 1: every body by assignment, then the indicator totals; each on its own page.
    annex_opening(labels["annex_1_title"], labels["annex_caption"])
    header_row = annex_header(content, config)
    _data_table(
        document,
        header_row,
        annex_rows(content, config),
        shares=annex_column_shares(content, config),
        config=config,
        aligns=[CENTER, LEFT, *[CENTER] * (len(header_row) - 2)],
    )
    _paragraph(document, labels["annex_legend"], size=sizes["table"], italic=True)
    rows = indicator_table(content)
    if rows:
        body(labels["indicators_caption"], bold=True, keep_with_next=True, indent=False)
        _data_table(
            document,
            labels["indicator_columns"],
            rows,
            shares=config["columns"]["indicator_shares"],
            config=config,
            aligns=[LEFT, CENTER, RIGHT, RIGHT, RIGHT],
        )
    # Annex 2: each body's own text, unless the board left it out.
    if include_detail(content):
        annex_opening(labels["annex_2_title"], labels["annex_2_caption"])
        for kind, text in detail_paragraphs(content, config):
            body(text, bold=kind == "body", keep_with_next=kind == "body")

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
