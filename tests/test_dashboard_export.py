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
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
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


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)", "\tx"])
def test_formula_like_text_stays_text(client, board, period, name):
    Body.objects.filter(code="bcsd-ubnd").update(name=name)
    client.force_login(board)
    params = {"period": period.pk, "state": "accepted"}
    rows = list(
        csv.reader(io.StringIO(_export(client, "csv", **params).content.decode("utf-8-sig")))
    )
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
