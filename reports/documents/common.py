"""What the three renderers share: the parts of the report in print order, fonts, widths."""

import datetime
from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from .layout import FONTS_DIR, nfc

STYLES = ("regular", "bold", "italic", "bold_italic")


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
    rows = []
    dash = config["labels"]["not_responsible"]
    for index, body in enumerate(content["data"]["bodies"], start=1):
        cells = [
            body["assignments"].get(str(n)) or dash for n in content["data"]["assignment_numbers"]
        ]
        rows.append([str(index), body["name"], *cells, display_date(body["submitted_on"])])
    return rows


def missing_text(content: dict) -> str:
    return "; ".join(f"{m['name']} ({m['state']})" for m in content["data"]["missing"])
