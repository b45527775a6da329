"""A period always has its reports: added or edited in the admin, or set up on a fresh install
(issue 11, points 4 and 5)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from reports.models import ProgressReport, ReportingPeriod

pytestmark = pytest.mark.django_db


def period_form(directive, **changes) -> dict:
    data = {
        "directive": directive.pk,
        "kind": "half_year",
        "year": 2026,
        "starts_on": "01/01/2026",
        "ends_on": "30/06/2026",
        "data_cutoff": "14/06/2026",
        "body_due": "15/06/2026",
        "summary_due": "20/06/2026",
    }
    return {**data, **changes}


def test_a_period_added_in_the_admin_opens_its_reports_at_once(client, admin_user, directive):
    client.force_login(admin_user)

    response = client.post(reverse("admin:reports_reportingperiod_add"), period_form(directive))

    assert response.status_code == 302, response.content.decode()[:2000]
    period = ReportingPeriod.objects.get()
    assert ProgressReport.objects.filter(period=period).count() == 25


def test_a_periods_dates_changed_in_the_admin_keep_its_reports(client, admin_user, directive):
    client.force_login(admin_user)
    client.post(reverse("admin:reports_reportingperiod_add"), period_form(directive))
    period = ReportingPeriod.objects.get()
    report_ids = set(ProgressReport.objects.filter(period=period).values_list("pk", flat=True))

    response = client.post(
        reverse("admin:reports_reportingperiod_change", args=[period.pk]),
        period_form(directive, body_due="17/06/2026", summary_due="22/06/2026"),
    )

    assert response.status_code == 302
    period.refresh_from_db()
    assert period.body_due == datetime.date(2026, 6, 17)
    assert set(ProgressReport.objects.filter(period=period).values_list("pk", flat=True)) == (
        report_ids
    )


def test_setup_on_a_fresh_install_creates_the_most_recent_ended_period(directive):
    out = io.StringIO()
    call_command("setup_periods", "--today", "2026-11-29", stdout=out)

    kinds = set(ReportingPeriod.objects.values_list("kind", "year"))
    # The six months of 2026 ended on 30/06: the board can chase and summarise it.
    assert ("half_year", 2026) in kinds
    assert ("annual", 2025) not in kinds
    ended = ReportingPeriod.objects.get(kind="half_year", year=2026)
    assert ended.reports.count() == 25
