"""The dashboard's table as CSV and XLSX: the rows and columns the page shows, filters applied.

Body names and other text come from people; a cell that begins like a formula must stay text so
that opening the file in a spreadsheet never runs it (CSV injection).
"""

import csv
import io

import xlsxwriter
from django.http import HttpResponse
from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _filename(dashboard, ext: str) -> str:
    return f"bang-theo-doi-{dashboard.period.kind}-{dashboard.period.year}.{ext}"


def _csv_safe(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


# Excel on a Vietnamese Windows splits a CSV file it opens on the list separator of the regional
# settings, ";" (the decimal mark there is ","), and reads it as UTF-8 only after a byte-order
# mark. Other programs expect the standard: "," and no mark.
CSV_EXCEL = "excel"
CSV_STANDARD = "standard"
CSV_DIALECTS = {CSV_EXCEL: (";", "\ufeff"), CSV_STANDARD: (",", "")}


def dashboard_csv(dashboard, *, dialect: str = CSV_EXCEL) -> HttpResponse:
    delimiter, mark = CSV_DIALECTS[dialect]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow([_csv_safe(v) for v in dashboard.headers()])
    for row in dashboard.table():
        writer.writerow([_csv_safe(v) for v in row])
    response = HttpResponse(mark + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(dashboard, "csv")}"'
    return response


def dashboard_xlsx(dashboard) -> HttpResponse:
    # XlsxWriter, not openpyxl: its write-only sheet still cost some 25 µs a cell, most of the
    # download's time; write_string() puts each value in as text without looking at it, so a
    # name that begins with "=" stays text (no cell is ever a formula).
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("Bang theo doi")
    sheet.freeze_panes(1, 2)
    for column, width in enumerate((30, 40, 20)):
        sheet.set_column(column, column, width)
    write = sheet.write_string
    for row, values in enumerate([dashboard.headers(), *dashboard.table()]):
        for column, value in enumerate(values):
            if value:
                write(row, column, value)
    workbook.close()
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(dashboard, "xlsx")}"'
    return response


def ranking_xlsx(*, year: int, rows) -> HttpResponse:
    """The year's ranking of bodies by on-time reporting, for the year-end assessment."""
    from django.utils.translation import gettext as _

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Xep loai {year}"
    headers = [
        _("Rank"),
        _("Body"),
        _("Reports due"),
        _("Sent on time"),
        _("Late"),
        _("Of which not sent"),
        _("Returns"),
        _("On-time rate (%)"),
    ]
    sheet.append(headers)
    for row in rows:
        sheet.append(
            [
                row.rank,
                row.body.name,
                row.tally.due,
                row.tally.on_time,
                row.tally.late,
                row.tally.not_sent,
                row.returns,
                row.tally.rate,
            ]
        )
    for r in range(2, sheet.max_row + 1):
        # Body names come from people: never a formula.
        sheet.cell(row=r, column=2).data_type = "s"
    sheet.freeze_panes = "C2"
    sheet.column_dimensions["B"].width = 50
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="xep-loai-dung-han-{year}.xlsx"'
    return response
