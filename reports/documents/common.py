"""What the three renderers share: the parts of the report in print order, fonts, widths."""

import datetime
import re
from functools import cache

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from .layout import FONTS_DIR, nfc, running_date

STYLES = ("regular", "bold", "italic", "bold_italic")


def _utf16_hex(code_point: int) -> str:
    return chr(code_point).encode("utf-16-be").hex().upper()


def _to_unicode_cmap(fontname, subset):
    """reportlab's ToUnicode map, with characters beyond U+FFFF (emoji) written as UTF-16
    surrogate pairs as the PDF format requires: reportlab writes them as an odd-length hex
    string, and a reader then extracts nothing for them (a character lost when copied)."""
    cmap = _original_to_unicode_cmap(fontname, subset)
    for index, code_point in enumerate(subset):
        if code_point > 0xFFFF:
            cmap = cmap.replace(
                f"<{index:02X}> <{code_point:04X}>", f"<{index:02X}> <{_utf16_hex(code_point)}>"
            )
    return cmap


_original_to_unicode_cmap = ttfonts.makeToUnicodeCMap
ttfonts.makeToUnicodeCMap = _to_unicode_cmap


@cache
def register_pdf_fonts(name: str, files: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Registers the shipped TTFs with reportlab once per process; returns style -> font name."""
    names = {}
    for style, filename in files:
        font_name = f"{name}-{style}"
        pdfmetrics.registerFont(TTFont(font_name, str(FONTS_DIR / filename)))
        names[style] = font_name
    pdfmetrics.registerFontFamily(
        name,
        normal=names["regular"],
        bold=names["bold"],
        italic=names["italic"],
        boldItalic=names["bold_italic"],
    )
    return names


@cache
def register_fallback_font(name: str, filename: str) -> frozenset[int]:
    """Registers the fallback font once per process; returns the code points it draws."""
    font = TTFont(name, str(FONTS_DIR / filename))
    pdfmetrics.registerFont(font)
    return frozenset(font.face.charToGlyph)


@cache
def font_code_points(font_name: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


def pdf_fonts(config: dict) -> dict[str, str]:
    font = config["font"]
    return register_pdf_fonts(font["pdf_name"], tuple(sorted(font["pdf_files"].items())))


def text_width_pt(text: str, *, bold: bool, size: float, config: dict) -> float:
    """Width of a line in the Times-metric font: Liberation Serif has Times New Roman's metrics."""
    fonts = pdf_fonts(config)
    return pdfmetrics.stringWidth(text, fonts["bold" if bold else "regular"], size)


def lines(text: str) -> list[str]:
    return [line.strip() for line in nfc(text).splitlines() if line.strip()]


def number_line(content: dict, config: dict) -> str:
    """'Số 12-BC/BTGTU'; the number left blank to fill by hand on a draft."""
    symbol = content["letterhead"]["symbol"]
    number = content["number"] or "      "
    return nfc(f"{config['labels']['number_prefix']} {number}-{symbol}")


def display_date(iso: str) -> str:
    return datetime.date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""


def signed(value) -> str:
    if value is None:
        return ""
    return f"+{value}" if value > 0 else str(value)


def indicator_table(content: dict) -> list[list[str]]:
    rows = []
    for indicator in content["data"]["indicators"]:
        rows.append(
            [
                f"{indicator['duty']}. {indicator['name']}",
                indicator["unit"],
                str(indicator["total"]),
                "" if indicator["previous"] is None else str(indicator["previous"]),
                signed(indicator["change"]),
            ]
        )
    return rows


def annex_header(content: dict, config: dict) -> list[str]:
    labels = config["labels"]
    return [
        *labels["annex_columns"],
        *(
            labels["annex_assignment"].format(number=n)
            for n in content["data"]["assignment_numbers"]
        ),
        labels["annex_last_report"],
    ]


def text_width_mm(config: dict) -> float:
    margins = config["margins_mm"]
    return config["page"]["width_mm"] - margins["left"] - margins["right"]


def annex_column_shares(content: dict, config: dict) -> list[float]:
    """Each annex column's share of the text width: the number and last-report columns fixed,
    the body's name a share, the assignments splitting the rest."""
    columns = config["columns"]
    width = text_width_mm(config)
    number = columns["annex_number_cm"] * 10 / width
    last_report = columns["annex_last_report_cm"] * 10 / width
    body = columns["annex_body_share"]
    assignments = len(annex_header(content, config)) - 3
    each = (1 - number - body - last_report) / max(assignments, 1)
    return [number, body, *[each] * assignments, last_report]


def annex_rows(content: dict, config: dict) -> list[list[str]]:
    """Annex 1's rows: short status codes (explained by the legend) keep the table narrow."""
    rows = []
    dash = config["labels"]["not_responsible"]
    codes = config["labels"]["annex_status_codes"]
    for index, body in enumerate(content["data"]["bodies"], start=1):
        outcomes = body.get("outcomes")
        if outcomes is None:  # frozen before annex codes existed: print the words it kept
            cells = [
                body["assignments"].get(str(n)) or dash
                for n in content["data"]["assignment_numbers"]
            ]
        else:
            cells = [
                codes.get(outcomes.get(str(n)) or "", dash)
                for n in content["data"]["assignment_numbers"]
            ]
        rows.append([str(index), body["name"], *cells, display_date(body["submitted_on"])])
    return rows


def missing_text(content: dict) -> str:
    return "; ".join(f"{m['name']} ({m['state']})" for m in content["data"]["missing"])


# "1. Title" or "1.2. Title": a numbered sub-heading of section II, printed bold and kept with
# the paragraph after it.
_SUBHEADING = re.compile(r"^\d+(\.\d+)*\.\s")
SUBHEADING_MAX_CHARS = 400


def is_subheading(section_key: str, line: str) -> bool:
    # In sections III–V a numbered line is an item of a list, not a heading.
    return (
        section_key == "results"
        and bool(_SUBHEADING.match(line))
        and len(line) <= SUBHEADING_MAX_CHARS
    )


def annex_attached(content: dict, config: dict) -> str:
    """'(Kèm theo Báo cáo số 12-BC/BTGTU, ngày 06/7/2026 của Ban Tuyên giáo Tỉnh ủy)'."""
    labels = config["labels"]
    reporter = config["letterhead"]["reporter"]
    if content["reference"] and content["issued_on"]:
        return nfc(
            labels["annex_attached"].format(
                reference=content["reference"],
                date=running_date(datetime.date.fromisoformat(content["issued_on"]), config),
                reporter=reporter,
            )
        )
    return nfc(
        labels["annex_attached_draft"].format(
            symbol=content["letterhead"]["symbol"], reporter=reporter
        )
    )


def detail_paragraphs(content: dict, config: dict) -> list[tuple[str, str]]:
    """Annex 2: each body's own text per duty, as (kind, text) with kind 'body' or 'text'."""
    labels = config["labels"]
    paragraphs = []
    for index, body in enumerate(content["data"].get("detail", []), start=1):
        paragraphs.append(("body", f"{index}. {body['body']}"))
        for entry in body["entries"]:
            parts = [f"{entry['duty']}."]
            if entry["status"]:
                parts.append(labels["detail_status"].format(status=entry["status"]))
            for key in ("results", "difficulties", "proposals"):
                text = " ".join(entry[key].split())
                if text:
                    parts.append(labels[f"detail_{key}"].format(text=text))
            paragraphs.append(("text", " ".join(parts)))
    return paragraphs


def include_detail(content: dict) -> bool:
    return bool(content.get("include_detail_annex", True) and content["data"].get("detail"))
