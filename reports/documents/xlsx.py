"""The summary's annex as a spreadsheet: every body × duty with its state, dates and figures."""

import io

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .common import display_date
from .layout import layout, nfc

FORMULA_STARTS = ("=", "+", "-", "@")


def _put(sheet, row: int, column: int, value, *, bold: bool = False):
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
    return cell


def render_xlsx(content: dict, *, config: dict | None = None) -> bytes:
    config = config or layout()
    labels = config["labels"]
    data = content["data"]
    indicators = data["indicators"]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = labels["xlsx_sheet_rows"]

    title = f"{labels['annex_title']} – {data['period']['label']}"
    if content["reference"]:
        title += f" – {labels['number_prefix']} {content['reference']}"
    _put(sheet, 1, 1, title, bold=True)
    header = [
        *labels["xlsx_columns"],
        *(f"{i['duty']}. {i['name']} ({i['unit']})" for i in indicators),
    ]
    first_figure_column = len(labels["xlsx_columns"]) + 1
    for column, value in enumerate(header, start=1):
        _put(sheet, 3, column, value, bold=True).alignment = Alignment(
            wrap_text=True, vertical="top"
        )
    row_number = 3
    for index, row in enumerate(data["rows"], start=1):
        row_number += 1
        values = [
            index,
            row["body"],
            row["duty"],
            row["duty_text"],
            row["state_label"],
            row["status_label"],
            display_date(row["submitted_on"]),
            display_date(row["reviewed_on"]),
        ]
        for column, value in enumerate(values, start=1):
            _put(sheet, row_number, column, value)
        for offset, indicator in enumerate(indicators):
            value = row["figures"].get(str(indicator["id"]))
            if value is not None:
                _put(sheet, row_number, first_figure_column + offset, value)
    # Totals are written as numbers, not SUM formulas: the file states what the summary states,
    # and a reader without formula evaluation still sees them.
    total_row = row_number + 1
    _put(sheet, total_row, 2, labels["xlsx_total"], bold=True)
    for offset, indicator in enumerate(indicators):
        _put(sheet, total_row, first_figure_column + offset, indicator["total"], bold=True)
    columns = config["columns"]
    widths = columns["xlsx_widths"] + [columns["xlsx_figure_width"]] * len(indicators)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "C4"

    totals = workbook.create_sheet(labels["xlsx_sheet_totals"])
    _put(totals, 1, 1, labels["indicators_caption"], bold=True)
    previous = data["previous_period"]
    for column, value in enumerate(labels["indicator_columns"], start=1):
        _put(totals, 3, column, value, bold=True)
    for index, indicator in enumerate(indicators, start=4):
        _put(totals, index, 1, f"{indicator['duty']}. {indicator['name']}")
        _put(totals, index, 2, indicator["unit"])
        _put(totals, index, 3, indicator["total"])
        if indicator["previous"] is not None:
            _put(totals, index, 4, indicator["previous"])
            _put(totals, index, 5, indicator["change"])
    if previous:
        _put(totals, 2, 1, f"{labels['indicator_columns'][3]}: {previous}")
    for column, width in enumerate(columns["xlsx_totals_widths"], start=1):
        totals.column_dimensions[get_column_letter(column)].width = width

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
