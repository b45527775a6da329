"""The dashboard's table as CSV and XLSX: the rows and columns the page shows, filters applied.

Body names and other text come from people; a cell that begins like a formula must stay text so
that opening the file in a spreadsheet never runs it (CSV injection).
"""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

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
    # Write-only: rows go straight to the file instead of a cell object per value kept for the
    # whole sheet, which was most of the download's time.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Bang theo doi")
    sheet.freeze_panes = "C2"
    for letter, width in (("A", 30), ("B", 40), ("C", 20)):
        sheet.column_dimensions[letter].width = width
    for values in [dashboard.headers(), *dashboard.table()]:
        sheet.append([_xlsx_text(sheet, value) for value in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(dashboard, "xlsx")}"'
    return response


def _xlsx_text(sheet, value: str):
    # openpyxl writes a string beginning with "=" as a formula; such a value (it comes from
    # people) goes in a cell forced to plain text. Any other string is written as text already.
    if not value.startswith("="):
        return value
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    return cell


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
