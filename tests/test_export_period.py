"""The period export for the central task system: the command and the API give the same
documented JSON."""

import datetime
import io
import json
import zoneinfo

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from api.exports import FORMAT
from reports.services.progress import report_submit
from reports.services.review import report_accept

from .factories_api import auth, issued_summary, make_client, ubnd_report
from .factories_progress import add_indicator
from .test_progress_services import complete

pytestmark = pytest.mark.django_db
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def reported_period(directive, ubnd_staff, board):
    report = ubnd_report()
    indicator = add_indicator(report)
    sent = report_submit(
        report=report, user=ubnd_staff, entries=complete(report), expected_version=0
    )
    report_accept(report=sent, user=board)
    summary = issued_summary(report.period, board)
    return report, indicator, summary


def ubnd_sent_on(item):
    return datetime.datetime.fromisoformat(item["submitted_at"]).astimezone(HCM).date()


def _check(data, report, indicator, summary):
    assert data["format"] == FORMAT
    assert data["directive"]["reference"] == report.period.directive.reference
    assert data["period"]["id"] == report.period_id
    assert data["period"]["body_due"] == report.period.body_due.isoformat()
    duties = [duty for assignment in data["assignments"] for duty in assignment["duties"]]
    assert any({"body": "bcsd-ubnd", "role": "lead"} in duty["tasks"] for duty in duties)
    ubnd = next(item for item in data["reports"] if item["body"] == "bcsd-ubnd")
    assert ubnd["state"] == "accepted"
    # Sent by the test today, after the period's due date: late, as the dashboard says.
    assert ubnd["late"] is (report.period.body_due < ubnd_sent_on(ubnd))
    figures = [figure for entry in ubnd["entries"] for figure in entry["figures"]]
    assert {"indicator": indicator.pk, "name": indicator.name, "unit": "tin", "value": 3} in figures
    assert ubnd["entries"][0]["status"] == "in_progress_on_time"
    assert data["summary"]["reference"] == summary.reference == "12-BC/BTGTU"


def test_the_command_writes_the_period(reported_period, tmp_path):
    report, indicator, summary = reported_period
    out = tmp_path / "ky.json"
    call_command("export_period", str(report.period_id), "--output", str(out), stdout=io.StringIO())
    _check(json.loads(out.read_text(encoding="utf-8")), report, indicator, summary)


def test_the_command_names_an_unknown_period():
    with pytest.raises(CommandError, match="No reporting period has the id 999"):
        call_command("export_period", "999")


def test_the_endpoint_gives_the_same_document(reported_period, client):
    report, indicator, summary = reported_period
    _c, key = make_client(read_all=True)
    response = client.get(reverse("api:period-export", args=[report.period_id]), **auth(key))
    assert response.status_code == 200
    _check(response.json(), report, indicator, summary)
