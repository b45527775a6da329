"""The dashboard's table as CSV and XLSX: what the page shows, and formula-like text as text."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assignments.models import Body

from .factories import PeriodFactory
from .factories_dashboard import report_in_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(directive):
    period = PeriodFactory(directive=directive, year=2026)
    report_in_state(period=period, body=Body.objects.get(code="bcsd-ubnd"), state="accepted")
    return period


def _export(client, fmt, **params):
    return client.get(reverse("reports:dashboard_export", args=[fmt]), params)


def _shown(client, **params):
    dashboard = client.get(reverse("reports:dashboard"), params).context["dashboard"]
    return [dashboard.headers(), *dashboard.table()]


def test_the_csv_holds_exactly_the_filtered_table(client, board, period):
    client.force_login(board)
    press = Body.objects.get(code="co-quan-bao-chi")
    params = {"period": period.pk, "group": press.pk}
    response = _export(client, "csv", **params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == _shown(client, **params)
    assert [row[1] for row in rows[1:]] == [
        "Báo Kiên Giang",
        "Đài Phát thanh và Truyền hình Kiên Giang",
    ]


def test_the_xlsx_holds_exactly_the_filtered_table(client, board, period):
    client.force_login(board)
    params = {"period": period.pk, "state": "accepted"}
    response = _export(client, "xlsx", **params)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert values == _shown(client, **params)
    assert values[1][1] == "Ban cán sự đảng Ủy ban nhân dân tỉnh"
    assert values[1][2] == "Đã tiếp nhận"


def test_the_csv_for_excel_is_utf8_with_a_byte_order_mark_and_semicolons(client, board, period):
    client.force_login(board)
    content = _export(client, "csv", period=period.pk, dialect="excel").content
    assert content.startswith("\ufeff".encode())
    header = content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Nhóm;Cơ quan, đơn vị;Báo cáo;1.1;")
    # The default is the file Excel opens.
    assert _export(client, "csv", period=period.pk).content == content


def test_the_standard_csv_has_commas_and_no_byte_order_mark(client, board, period):
    client.force_login(board)
    content = _export(client, "csv", period=period.pk, dialect="standard").content
    assert not content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
    assert rows == _shown(client, period=period.pk)


def test_an_unknown_csv_dialect_is_not_found(client, board, period):
    client.force_login(board)
    assert _export(client, "csv", period=period.pk, dialect="tabs").status_code == 404


def test_each_body_has_its_state_once_and_each_duty_its_status(client, board, period):
    client.force_login(board)
    content = _export(client, "csv", period=period.pk, dialect="standard").content
    header, *rows = csv.reader(io.StringIO(content.decode("utf-8")))
    press = next(row for row in rows if row[1] == "Hội Nhà báo tỉnh")
    assert press[2] == "Chưa báo cáo"
    by_duty = dict(zip(header[3:], press[3:], strict=True))
    assert by_duty["1.1"] == "—"
    assert by_duty["2.1"] == "chưa thực hiện"


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)", "\tx"])
def test_formula_like_text_stays_text(client, board, period, name):
    Body.objects.filter(code="bcsd-ubnd").update(name=name)
    client.force_login(board)
    params = {"period": period.pk, "state": "accepted"}
    content = _export(client, "csv", **params).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[1][1] == "'" + name
    sheet = load_workbook(io.BytesIO(_export(client, "xlsx", **params).content)).active
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s"
    assert cell.value == name


def test_the_committee_may_export(client, committee, period):
    client.force_login(committee)
    assert _export(client, "csv", period=period.pk).status_code == 200


def test_body_staff_may_not_export(client, ubnd_staff, period):
    client.force_login(ubnd_staff)
    assert _export(client, "csv", period=period.pk).status_code == 403
    assert _export(client, "xlsx", period=period.pk).status_code == 403


def test_anonymous_exporters_are_sent_to_log_in(client, period):
    response = _export(client, "xlsx", period=period.pk)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_unknown_format_is_not_found(client, board, period):
    client.force_login(board)
    assert _export(client, "pdf", period=period.pk).status_code == 404
