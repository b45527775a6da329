"""The dashboard's selector reads with a fixed number of queries whatever the size of the data."""

import datetime

import pytest
from django.utils import timezone

from assignments.models import Body
from reports.models import Chase, ProgressEntry, ReportingPeriod
from reports.selectors.dashboard import dashboard_build, dashboard_choices, dashboard_period

from .factories import DirectiveFactory, PeriodFactory, ProgressEntryFactory
from .factories_dashboard import ChaseFactory, build_directive

pytestmark = pytest.mark.django_db

# Periods, duties with their tasks, and in one query the reports of the period (with their
# entries' statuses) and of the chart's periods, and the period's chases.
DASHBOARD_QUERIES = 3


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


def test_the_chases_come_latest_first_with_their_chaser_and_only_the_shown_bodies(board):
    _directive, periods, members, groups = build_directive(bodies=4, periods=2)
    period = ReportingPeriod.objects.select_related("directive").get(pk=periods[-1].pk)
    board.last_name, board.first_name = "Nguyễn", "Văn An"
    board.save()
    Chase.objects.all().delete()
    first, second, third, gone = members
    day = datetime.date(2026, 7, 1)
    older = ChaseFactory(period=period, body=third, chased_on=day - datetime.timedelta(days=2))
    ChaseFactory(period=period, body=second, chased_on=day, chased_by=board)
    latest = ChaseFactory(period=period, body=first, chased_on=day)
    # The same day: the later chase first.
    Chase.objects.filter(pk=latest.pk).update(created_at=timezone.now() + datetime.timedelta(1))
    # Another period's chase is not this period's.
    ChaseFactory(period=periods[0], body=first, chased_on=day)
    # Nor is a chase of a body that no longer owes a report.
    ChaseFactory(period=period, body=gone, chased_on=day)
    Body.objects.filter(pk=gone.pk).update(is_active=False)

    chases = dashboard_build(period=period, today=day).chases

    assert [(c.body_id, c.chased_on, c.chased_by) for c in chases] == [
        (first.pk, day, None),
        (second.pk, day, "Nguyễn Văn An"),
        (third.pk, older.chased_on, None),
    ]
    assert [c.body_name for c in chases] == [first.name, second.name, third.name]


def test_the_choices_are_every_directive_and_the_chosen_periods_siblings():
    directive, periods, _members, _groups = build_directive(bodies=2, periods=3)
    other = DirectiveFactory(date=directive.date + datetime.timedelta(days=1))
    PeriodFactory(directive=other, year=2030)

    directives, siblings = dashboard_choices(period_id=periods[1].pk)

    assert [d.pk for d in directives] == [other.pk, directive.pk]
    assert directives[1].reference == directive.reference
    assert [p.pk for p in siblings] == [p.pk for p in periods]
    assert all(p.directive is directives[1] for p in siblings)
    assert siblings[0].body_due == periods[0].body_due
    assert dashboard_choices(period_id=999_999) == (directives, [])
    assert dashboard_choices(period_id=None)[1] == []


def test_a_period_is_read_with_its_directive():
    directive, periods, _members, _groups = build_directive(bodies=2, periods=2)

    period = dashboard_period(period_id=periods[1].pk)

    assert period == periods[1]
    assert (period.kind, period.year, period.body_due) == (
        periods[1].kind,
        periods[1].year,
        periods[1].body_due,
    )
    assert period.directive.reference == directive.reference
    assert dashboard_period(period_id=999_999) is None
