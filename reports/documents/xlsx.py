"""The summary's annex as a spreadsheet: every body × duty with its state, dates and figures."""

import copy
import datetime
import io

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from .layout import layout, nfc

FORMULA_STARTS = ("=", "+", "-", "@")
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _add_styles(workbook, config: dict) -> None:
    """Named styles, set once: styling 25,000 cells one by one with new Font and Border objects
    takes seconds; naming a style is one lookup per cell."""
    xlsx = config["xlsx"]
    font = Font(name=xlsx["font"], size=xlsx["size"])
    bold = Font(name=xlsx["font"], size=xlsx["size"], bold=True)
    top = {"vertical": "top"}
    specs = {
        "title": (bold, None, Alignment(**top), "General"),
        "plain": (font, None, Alignment(**top), "General"),
        "header": (bold, BOX, Alignment(wrap_text=True, horizontal="center", **top), "General"),
        "text": (font, BOX, Alignment(wrap_text=True, **top), "General"),
        "total": (bold, BOX, Alignment(wrap_text=True, **top), "General"),
        # Figures and dates right-aligned or centred, as in the Word annex.
        "centred": (font, BOX, Alignment(horizontal="center", **top), "General"),
        "date": (font, BOX, Alignment(horizontal="center", **top), xlsx["date_format"]),
        "number": (font, BOX, Alignment(horizontal="right", **top), "#,##0"),
        "total_number": (bold, BOX, Alignment(horizontal="right", **top), "#,##0"),
        "change": (font, BOX, Alignment(horizontal="right", **top), "+#,##0;-#,##0;0"),
    }
    for name, (style_font, border, alignment, number_format) in specs.items():
        style = NamedStyle(name=name, font=style_font, alignment=alignment)
        style.number_format = number_format
        if border is not None:
            style.border = border
        workbook.add_named_style(style)


def _date(iso: str):
    return datetime.date.fromisoformat(iso) if iso else None


def _print_setup(sheet, *, header_rows: str, config: dict) -> None:
    """A4 landscape, one page wide, the column titles on every printed page."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = header_rows
    sheet.page_margins = PageMargins(**config["xlsx"]["margins_inch"])


class _Cells:
    """Writes cells in named styles. Naming a style looks it up by name on every cell (a second
    for the cells of 40 bodies), so the format a name resolves to is copied from the first cell
    that used it."""

    def __init__(self):
        self._resolved = {}

    def put(self, sheet, row: int, column: int, value, style: str = "plain"):
        cell = sheet.cell(row=row, column=column)
        # The style first: it replaces the cell's whole format, quote prefix included.
        resolved = self._resolved.get(style)
        if resolved is None:
            cell.style = style
            self._resolved[style] = copy.copy(cell._style)
        else:
            cell._style = copy.copy(resolved)
        if isinstance(value, str):
            value = nfc(value)
            cell.value = value
            # openpyxl turns any string starting with "=" into a formula; Excel and LibreOffice
            # also act on "+", "-", "@". Stored as a string with a quote prefix, it stays text.
            if value.startswith(FORMULA_STARTS):
                cell.data_type = TYPE_STRING
                cell.quotePrefix = True
        else:
            cell.value = value
        return cell


def _grid_over(sheet, cell_range: str) -> None:
    """Borders on every cell of a range, written cells or not, as one conditional format: a
    body has figures for its own duties' indicators only, and writing the other columns' empty
    cells one by one to border them would triple the file's cells."""
    sheet.conditional_formatting.add(
        cell_range, FormulaRule(formula=["TRUE"], border=BOX, stopIfTrue=False)
    )


def render_xlsx(content: dict, *, config: dict | None = None) -> bytes:
    config = config or layout()
    labels = config["labels"]
    data = content["data"]
    indicators = data["indicators"]
    workbook = Workbook()
    _add_styles(workbook, config)
    _put = _Cells().put
    sheet = workbook.active
    sheet.title = labels["xlsx_sheet_rows"][:31]

    title = f"{labels['annex_title']} – {data['period']['label']}"
    if content["reference"]:
        title += f" – {labels['number_prefix']} {content['reference']}"
    _put(sheet, 1, 1, title, "title")
    header = [
        *labels["xlsx_columns"],
        *(f"{i['duty']}. {i['name']} ({i['unit']})" for i in indicators),
    ]
    first_figure_column = len(labels["xlsx_columns"]) + 1
    for column, value in enumerate(header, start=1):
        _put(sheet, 3, column, value, "header")
    row_number = 3
    for index, row in enumerate(data["rows"], start=1):
        row_number += 1
        _put(sheet, row_number, 1, index, "centred")
        _put(sheet, row_number, 2, row["body"], "text")
        _put(sheet, row_number, 3, row["duty"], "centred")
        _put(sheet, row_number, 4, row["duty_text"], "text")
        _put(sheet, row_number, 5, row["state_label"], "text")
        _put(sheet, row_number, 6, row["status_label"], "text")
        # Real dates, shown dd/mm/yyyy: a reader can sort and filter them.
        _put(sheet, row_number, 7, _date(row["submitted_on"]), "date")
        _put(sheet, row_number, 8, _date(row["reviewed_on"]), "date")
        for offset, indicator in enumerate(indicators):
            value = row["figures"].get(str(indicator["id"]))
            if value is not None:
                _put(sheet, row_number, first_figure_column + offset, value, "number")
    # Totals are written as numbers, not SUM formulas: the file states what the summary states,
    # and a reader without formula evaluation still sees them.
    total_row = row_number + 1
    for column in range(1, first_figure_column):
        _put(sheet, total_row, column, labels["xlsx_total"] if column == 2 else None, "total")
    for offset, indicator in enumerate(indicators):
        _put(sheet, total_row, first_figure_column + offset, indicator["total"], "total_number")
    if indicators:
        last_column = get_column_letter(first_figure_column + len(indicators) - 1)
        _grid_over(sheet, f"{get_column_letter(first_figure_column)}4:{last_column}{total_row}")
    columns = config["columns"]
    widths = columns["xlsx_widths"] + [columns["xlsx_figure_width"]] * len(indicators)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "C4"
    _print_setup(sheet, header_rows="3:3", config=config)

    totals = workbook.create_sheet(labels["xlsx_sheet_totals"][:31])
    _put(totals, 1, 1, labels["indicators_caption"], "title")
    previous = data["previous_period"]
    for column, value in enumerate(labels["indicator_columns"], start=1):
        _put(totals, 3, column, value, "header")
    for index, indicator in enumerate(indicators, start=4):
        _put(totals, index, 1, f"{indicator['duty']}. {indicator['name']}", "text")
        _put(totals, index, 2, indicator["unit"], "centred")
        _put(totals, index, 3, indicator["total"], "number")
        _put(totals, index, 4, indicator["previous"], "number")
        _put(totals, index, 5, indicator["change"], "change")
    if previous:
        _put(totals, 2, 1, f"{labels['indicator_columns'][3]}: {previous}")
    for column, width in enumerate(columns["xlsx_totals_widths"], start=1):
        totals.column_dimensions[get_column_letter(column)].width = width
    totals.freeze_panes = "A4"
    _print_setup(totals, header_rows="3:3", config=config)

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
