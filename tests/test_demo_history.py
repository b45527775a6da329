"""`seed_demo --history`: a newcomer's first look shows the product at work (issue 11, point 5)."""

import io

import pytest
from django.core.management import call_command

from reports.models import Chase, ProgressReport, ReportingPeriod, Summary

pytestmark = pytest.mark.django_db


def seed(today: str = "2026-11-29") -> str:
    out = io.StringIO()
    call_command("seed_demo", "--history", "--today", today, stdout=out)
    return out.getvalue()


def test_the_demo_history_holds_every_period_since_the_directive_with_work_in_every_state(
    directive,
):
    output = seed()

    assert "Demo history:" in output
    years = set(ReportingPeriod.objects.values_list("year", flat=True))
    assert min(years) == 2021 and 2026 in years
    latest = ReportingPeriod.objects.get(kind="half_year", year=2026)
    states = set(latest.reports.values_list("state", flat=True))
    assert {"accepted", "returned", "submitted", "not_reported"} <= states
    assert (
        Chase.objects.filter(period=latest).count()
        == latest.reports.filter(state="not_reported").count()
    )
    # Every ended period but the latest has its issued summary; the latest is the board's work.
    issued = set(Summary.objects.filter(state="issued").values_list("period_id", flat=True))
    assert latest.pk not in issued
    assert len(issued) == ReportingPeriod.objects.filter(body_due__lt=latest.body_due).count()
    accepted = ProgressReport.objects.filter(state="accepted").first()
    assert accepted.entries.exclude(results="").exists()


def test_the_demo_history_is_built_on_a_fresh_database_only(directive):
    seed()
    before = ProgressReport.objects.exclude(state="not_reported").count()

    output = seed()

    assert "skipped" in output
    assert ProgressReport.objects.exclude(state="not_reported").count() == before
