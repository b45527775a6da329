"""The dashboard's selector reads with a fixed number of queries whatever the size of the data."""

import pytest

from reports.models import ProgressEntry, ReportingPeriod
from reports.selectors.dashboard import dashboard_build

from .factories import ProgressEntryFactory
from .factories_dashboard import build_directive

pytestmark = pytest.mark.django_db

# Periods, duties with their tasks, the reports of the period (with their entries' statuses) and
# of the chart's periods, chases.
DASHBOARD_QUERIES = 4


def _with_statuses(period: ReportingPeriod):
    statuses = [s for s, _label in ProgressEntry.Status.choices]
    for i, report in enumerate(period.reports.select_related("body")):
        for duty in [t.duty for t in report.body.tasks.select_related("duty")]:
            ProgressEntryFactory(report=report, duty=duty, status=statuses[i % len(statuses)])


@pytest.mark.parametrize(("bodies", "periods"), [(5, 2), (60, 12)])
def test_the_dashboard_reads_in_a_fixed_number_of_queries(
    django_assert_num_queries, bodies, periods
):
    _directive, period_list, _members, _groups = build_directive(bodies=bodies, periods=periods)
    period = ReportingPeriod.objects.select_related("directive").get(pk=period_list[-1].pk)
    _with_statuses(period)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        dashboard = dashboard_build(period=period)
    assert len(dashboard.rows) == bodies
    assert dashboard.rows[0].assignment_cells[0].owed


@pytest.mark.parametrize(("bodies", "periods"), [(5, 2), (60, 12)])
def test_the_filters_do_not_add_queries(django_assert_num_queries, bodies, periods):
    _directive, period_list, members, groups = build_directive(bodies=bodies, periods=periods)
    period = ReportingPeriod.objects.select_related("directive").get(pk=period_list[0].pk)
    assignment = period.directive.assignments.order_by("number").first()
    with django_assert_num_queries(DASHBOARD_QUERIES):
        dashboard = dashboard_build(
            period=period, assignment_id=assignment.pk, group_id=groups[0].pk, state="late"
        )
    assert [a.pk for a in dashboard.assignments] == [assignment.pk]
