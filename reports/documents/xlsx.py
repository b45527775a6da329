"""The summary's annex as a spreadsheet: every body × duty with its state, dates and figures."""

import datetime
import io

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from .layout import layout, nfc

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
# Figures and dates right-aligned or centred, as in the Word annex.
CENTRED = Alignment(horizontal="center", vertical="top")
RIGHT = Alignment(horizontal="right", vertical="top")


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


def _style_table(sheet, *, first_row: int, last_row: int, last_column: int, font, bold) -> None:
    for row in sheet.iter_rows(min_row=first_row, max_row=last_row, min_col=1, max_col=last_column):
        for cell in row:
            cell.border = BOX
            cell.font = bold if cell.row == first_row else font
            if cell.alignment is None or not cell.alignment.horizontal:
                cell.alignment = WRAP


FORMULA_STARTS = ("=", "+", "-", "@")


def _put(sheet, row: int, column: int, value, *, bold: bool = False, align=None, fmt=None):
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        value = nfc(value)
        cell.value = value
        # openpyxl turns any string starting with "=" into a formula; Excel and LibreOffice also
        # act on "+", "-", "@". Stored as a string with a quote prefix, it stays text everywhere.
        if value.startswith(FORMULA_STARTS):
            cell.data_type = TYPE_STRING
            cell.quotePrefix = True
    else:
        cell.value = value
    if bold:
        cell.font = Font(bold=True)
    if align is not None:
        cell.alignment = align
    if fmt is not None:
        cell.number_format = fmt
    return cell


def render_xlsx(content: dict, *, config: dict | None = None) -> bytes:
    config = config or layout()
    labels = config["labels"]
    data = content["data"]
    indicators = data["indicators"]
    xlsx = config["xlsx"]
    font = Font(name=xlsx["font"], size=xlsx["size"])
    bold = Font(name=xlsx["font"], size=xlsx["size"], bold=True)
    date_format = xlsx["date_format"]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = labels["xlsx_sheet_rows"][:31]

    title = f"{labels['annex_title']} – {data['period']['label']}"
    if content["reference"]:
        title += f" – {labels['number_prefix']} {content['reference']}"
    _put(sheet, 1, 1, title).font = bold
    header = [
        *labels["xlsx_columns"],
        *(f"{i['duty']}. {i['name']} ({i['unit']})" for i in indicators),
    ]
    first_figure_column = len(labels["xlsx_columns"]) + 1
    for column, value in enumerate(header, start=1):
        _put(sheet, 3, column, value, align=Alignment(wrap_text=True, vertical="top"))
    row_number = 3
    for index, row in enumerate(data["rows"], start=1):
        row_number += 1
        _put(sheet, row_number, 1, index, align=CENTRED)
        for column, value in ((2, row["body"]), (4, row["duty_text"])):
            _put(sheet, row_number, column, value, align=WRAP)
        _put(sheet, row_number, 3, row["duty"], align=CENTRED)
        _put(sheet, row_number, 5, row["state_label"], align=WRAP)
        _put(sheet, row_number, 6, row["status_label"], align=WRAP)
        # Real dates, shown dd/mm/yyyy: a reader can sort and filter them.
        for column, iso in ((7, row["submitted_on"]), (8, row["reviewed_on"])):
            _put(sheet, row_number, column, _date(iso), align=CENTRED, fmt=date_format)
        for offset, indicator in enumerate(indicators):
            value = row["figures"].get(str(indicator["id"]))
            _put(sheet, row_number, first_figure_column + offset, value, align=RIGHT, fmt="#,##0")
    # Totals are written as numbers, not SUM formulas: the file states what the summary states,
    # and a reader without formula evaluation still sees them.
    total_row = row_number + 1
    _put(sheet, total_row, 2, labels["xlsx_total"], align=WRAP)
    for offset, indicator in enumerate(indicators):
        _put(
            sheet,
            total_row,
            first_figure_column + offset,
            indicator["total"],
            align=RIGHT,
            fmt="#,##0",
        )
    _style_table(
        sheet, first_row=3, last_row=total_row, last_column=len(header), font=font, bold=bold
    )
    for cell in sheet[total_row]:
        cell.font = bold
    columns = config["columns"]
    widths = columns["xlsx_widths"] + [columns["xlsx_figure_width"]] * len(indicators)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "C4"
    _print_setup(sheet, header_rows="3:3", config=config)

    totals = workbook.create_sheet(labels["xlsx_sheet_totals"][:31])
    _put(totals, 1, 1, labels["indicators_caption"]).font = bold
    previous = data["previous_period"]
    for column, value in enumerate(labels["indicator_columns"], start=1):
        _put(totals, 3, column, value, align=Alignment(wrap_text=True, vertical="top"))
    last = 3
    for index, indicator in enumerate(indicators, start=4):
        last = index
        _put(totals, index, 1, f"{indicator['duty']}. {indicator['name']}", align=WRAP)
        _put(totals, index, 2, indicator["unit"], align=CENTRED)
        _put(totals, index, 3, indicator["total"], align=RIGHT, fmt="#,##0")
        if indicator["previous"] is not None:
            _put(totals, index, 4, indicator["previous"], align=RIGHT, fmt="#,##0")
            _put(totals, index, 5, indicator["change"], align=RIGHT, fmt="+#,##0;-#,##0;0")
        else:
            _put(totals, index, 4, None)
            _put(totals, index, 5, None)
    if previous:
        _put(totals, 2, 1, f"{labels['indicator_columns'][3]}: {previous}").font = font
    _style_table(
        totals,
        first_row=3,
        last_row=last,
        last_column=len(labels["indicator_columns"]),
        font=font,
        bold=bold,
    )
    for column, width in enumerate(columns["xlsx_totals_widths"], start=1):
        totals.column_dimensions[get_column_letter(column)].width = width
    totals.freeze_panes = "A4"
    _print_setup(totals, header_rows="3:3", config=config)

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
