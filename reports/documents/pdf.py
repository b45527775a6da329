"""The summary as PDF: the DOCX's content and layout, with the shipped fonts embedded."""

import io
import re
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    HRFlowable,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .common import (
    annex_attached,
    annex_column_shares,
    annex_header,
    annex_rows,
    detail_paragraphs,
    font_code_points,
    include_detail,
    indicator_table,
    is_subheading,
    lines,
    number_line,
    pdf_fonts,
    register_fallback_font,
    text_width_pt,
)
from .layout import layout, nfc


class _Markup:
    """Paragraph reads a small markup language: users' text is escaped so "<b>" stays literal,
    and every character the serif font lacks is wrapped in the fallback font, so that an emoji
    or a symbol a body typed is printed rather than dropped."""

    def __init__(self, *, known: frozenset[int], fallback: str, covered: frozenset[int]):
        self.known, self.fallback, self.covered = known, fallback, covered
        self.lacking = _lacking_pattern(known)

    def __call__(self, text: str) -> str:
        text = nfc(text)
        if not self.lacking.search(text):
            return escape(text)
        out, run = [], []
        for character in text:
            if ord(character) in self.known or ord(character) not in self.covered:
                if run:
                    out.append(f'<font name="{self.fallback}">{escape("".join(run))}</font>')
                    run = []
                out.append(escape(character))
            else:
                run.append(character)
        if run:
            out.append(f'<font name="{self.fallback}">{escape("".join(run))}</font>')
        return "".join(out)


@cache
def _lacking_pattern(known: frozenset[int]) -> re.Pattern:
    """A character class of what the font lacks, so the common case (it lacks nothing in the
    text) is one regular-expression search."""
    ranges, start, previous = [], None, None
    for code_point in sorted(known | {9, 10, 13}):
        if start is None:
            start = previous = code_point
        elif code_point == previous + 1:
            previous = code_point
        else:
            ranges.append((start, previous))
            start = previous = code_point
    ranges.append((start, previous))
    members = "".join(
        re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}"
        for low, high in ranges
    )
    return re.compile(f"[^{members}]")


class _Styles:
    def __init__(self, config: dict):
        self.fonts = pdf_fonts(config)
        self.sizes = config["sizes_pt"]
        self.config = config
        self._cache = {}

    def __call__(
        self,
        key: str,
        *,
        bold=False,
        italic=False,
        align=TA_LEFT,
        indent=0.0,
        after=0.0,
        keep_with_next=False,
    ):
        cache_key = (key, bold, italic, align, indent, after, keep_with_next)
        if cache_key not in self._cache:
            style = (
                "bold_italic"
                if bold and italic
                else "bold"
                if bold
                else "italic"
                if italic
                else "regular"
            )
            size = self.sizes[key]
            self._cache[cache_key] = ParagraphStyle(
                name="-".join(map(str, cache_key)),
                fontName=self.fonts[style],
                fontSize=size,
                leading=size * self.config["line_spacing"],
                alignment=align,
                firstLineIndent=indent,
                spaceAfter=after,
                # A heading is never the last line of a page.
                keepWithNext=int(keep_with_next),
            )
        return self._cache[cache_key]


def render_pdf(content: dict, *, config: dict | None = None) -> bytes:
    config = config or layout()
    labels = config["labels"]
    letterhead = content["letterhead"]
    style = _Styles(config)
    font = config["font"]
    _safe = _Markup(
        known=font_code_points(style.fonts["regular"]),
        fallback=font["pdf_fallback_name"],
        covered=register_fallback_font(font["pdf_fallback_name"], font["pdf_fallback_file"]),
    )
    margins = config["margins_mm"]
    page_width = config["page"]["width_mm"] * mm
    page_height = config["page"]["height_mm"] * mm
    text_width = page_width - (margins["left"] + margins["right"]) * mm
    columns = config["columns"]
    left_width = text_width * config["header_left_share"]
    right_width = text_width - left_width

    def para(text, key, **kwargs):
        return Paragraph(_safe(text), style(key, **kwargs))

    def rule_under(line_key: str, *, width: float, gap: float, space_after: float):
        """A rule whose top edge lies `gap` under the foot of the bold line above (baseline
        plus the font's descent), where the DOCX's bordered paragraph puts it. Reportlab would
        measure from the foot of the paragraph's leading, a point or so higher."""
        size = config["sizes_pt"][line_key]
        thickness = config["rules"]["thickness_pt"]
        descent = -pdfmetrics.getDescent(style.fonts["bold"], size)
        leading_below_baseline = size * config["line_spacing"] - size
        return HRFlowable(
            width=width,
            thickness=thickness,
            color=colors.black,
            # The flowable strokes its line along its own foot, `thickness` under its top.
            spaceBefore=gap + descent - leading_below_baseline - thickness / 2,
            spaceAfter=space_after,
        )

    party = labels["party"].upper()
    party_rule = rule_under(
        "party",
        width=text_width_pt(party, bold=True, size=config["sizes_pt"]["party"], config=config),
        gap=config["rules"]["party_gap_pt"],
        space_after=2,
    )
    header = Table(
        [
            [
                [
                    para(letterhead["parent_body"].upper(), "parent_body", align=TA_CENTER),
                    para(
                        letterhead["issuing_body"].upper(),
                        "issuing_body",
                        bold=True,
                        align=TA_CENTER,
                    ),
                    para(labels["star"], "star", align=TA_CENTER),
                ],
                [para(party, "party", bold=True, align=TA_CENTER), party_rule],
            ],
            [
                para(number_line(content, config), "number", align=TA_CENTER),
                para(content["place_date"], "place_date", italic=True, align=TA_CENTER),
            ],
        ],
        colWidths=[left_width, right_width],
    )
    header.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                # Centres the rule under the party line, as wide as the line's text.
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("FONTNAME", (0, 0), (-1, -1), style.fonts["regular"]),
            ]
        )
    )

    indent = config["first_line_indent_cm"] * cm
    after = config["paragraph_space_after_pt"]

    def body(text, **kwargs):
        return para(text, "body", align=TA_JUSTIFY, indent=indent, after=after, **kwargs)

    def grid(header_row, rows, widths=None, aligns=None):
        bold_style = style("table", bold=True, align=TA_CENTER)
        aligns = aligns or [TA_LEFT] * len(header_row)
        cell_styles = [style("table", align=align) for align in aligns]
        data = [[Paragraph(_safe(v), bold_style) for v in header_row]]
        data += [
            [Paragraph(_safe(v), st) for v, st in zip(row, cell_styles, strict=True)]
            for row in rows
        ]
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    # A table sets its cells' font itself (Helvetica unless told).
                    ("FONTNAME", (0, 0), (-1, -1), style.fonts["regular"]),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return table

    story = [
        header,
        Spacer(1, config["spacing_pt"]["after_header"]),
        para(labels["title"].upper(), "title", bold=True, align=TA_CENTER),
        para(content["title"], "summary_line", bold=True, align=TA_CENTER),
        rule_under(
            "summary_line",
            width=config["rules"]["summary_rule_cm"] * cm,
            gap=config["rules"]["summary_gap_pt"],
            space_after=config["spacing_pt"]["after_summary_rule"],
        ),
    ]
    story += [body(line) for line in lines(content["opening"])]
    for section in content["sections"]:
        story.append(body(section["heading"].upper(), bold=True, keep_with_next=True))
        for line in lines(section["text"]):
            if is_subheading(section["key"], line):
                story.append(body(line, bold=True, keep_with_next=True))
            else:
                story.append(body(line))

    recipients = [
        Paragraph(
            f"<u>{_safe(labels['recipients'])}</u>",
            style("recipients_label", bold=True, italic=True),
        )
    ]
    recipients += [
        para(f"- {line.lstrip('- ')}", "recipients") for line in letterhead["recipients"]
    ]
    signature = [
        para(letterhead["authority_line"].upper(), "authority", bold=True, align=TA_CENTER)
    ]
    if letterhead["signer_title"]:
        signature.append(
            para(letterhead["signer_title"].upper(), "authority", bold=True, align=TA_CENTER)
        )
    signature.append(
        Spacer(1, config["signature_space_lines"] * config["sizes_pt"]["signer"] * 1.2)
    )
    signature.append(para(letterhead["signer_name"], "signer", bold=True, align=TA_CENTER))
    foot = Table([[recipients, signature]], colWidths=[text_width / 2, text_width / 2])
    foot.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("FONTNAME", (0, 0), (-1, -1), style.fonts["regular"]),
            ]
        )
    )
    story += [Spacer(1, config["spacing_pt"]["before_foot"]), foot, PageBreak()]

    def annex_opening(title, caption):
        story.append(
            para(title.upper(), "heading", bold=True, align=TA_CENTER, keep_with_next=True)
        )
        story.append(para(annex_attached(content, config), "body", italic=True, align=TA_CENTER))
        story.append(
            para(
                caption,
                "body",
                bold=True,
                align=TA_CENTER,
                after=config["spacing_pt"]["after_caption"],
                keep_with_next=True,
            )
        )

    annex_opening(labels["annex_1_title"], labels["annex_caption"])
    header_row = annex_header(content, config)
    story.append(
        grid(
            header_row,
            annex_rows(content, config),
            widths=[text_width * share for share in annex_column_shares(content, config)],
            aligns=[TA_CENTER, TA_LEFT, *[TA_CENTER] * (len(header_row) - 2)],
        )
    )
    story.append(para(labels["annex_legend"], "table", italic=True))
    rows = indicator_table(content)
    if rows:
        story.append(Spacer(1, after))
        story.append(body(labels["indicators_caption"], bold=True, keep_with_next=True))
        story.append(
            grid(
                labels["indicator_columns"],
                rows,
                widths=[text_width * share for share in columns["indicator_shares"]],
                aligns=[TA_LEFT, TA_CENTER, TA_RIGHT, TA_RIGHT, TA_RIGHT],
            )
        )
    if include_detail(content):
        story.append(PageBreak())
        annex_opening(labels["annex_2_title"], labels["annex_2_caption"])
        for kind, text in detail_paragraphs(content, config):
            if kind == "body":
                story.append(body(text, bold=True, keep_with_next=True))
            else:
                story.append(body(text))

    page_number_size = config["sizes_pt"]["page_number"]
    regular = style.fonts["regular"]

    def later_pages(canvas, document):
        # Page numbers from page 2, centred in the top margin.
        canvas.saveState()
        canvas.setFont(regular, page_number_size)
        canvas.drawCentredString(
            (margins["left"] * mm + page_width - margins["right"] * mm) / 2,
            page_height - config["header_distance_mm"] * mm - page_number_size,
            str(document.page),
        )
        canvas.restoreState()

    out = io.BytesIO()
    document = BaseDocTemplate(
        out,
        pagesize=(page_width, page_height),
        leftMargin=margins["left"] * mm,
        rightMargin=margins["right"] * mm,
        topMargin=margins["top"] * mm,
        bottomMargin=margins["bottom"] * mm,
        title=nfc(f"{labels['title']} {content['reference']}".strip()),
        author=letterhead["issuing_body"],
        creator=letterhead["issuing_body"],
        lang=config["language"],
        # Otherwise reportlab starts every page in Helvetica, a font the PDF would then name
        # without embedding it.
        initialFontName=regular,
        initialFontSize=config["sizes_pt"]["body"],
    )
    # No padding inside the frame: the text stands exactly at the configured margins.
    frame = Frame(
        document.leftMargin,
        document.bottomMargin,
        document.width,
        document.height,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="text",
    )
    document.addPageTemplates(
        [
            PageTemplate(id="first", frames=[frame], autoNextPageTemplate="later"),
            PageTemplate(id="later", frames=[frame], onPage=later_pages),
        ]
    )
    document.build(story)
    return out.getvalue()
