import pytest
from django.db import IntegrityError, transaction

from assignments.models import Assignment, Directive, Duty, Membership, Task, User

from .factories import (
    AssignmentFactory,
    BodyFactory,
    DutyFactory,
    IndicatorFigureFactory,
    PeriodFactory,
    ProgressReportFactory,
    TaskFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def refused(constraint_name, make):
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        make()
    # SQLite names the columns, PostgreSQL the constraint; either way the database refused it.
    return excinfo


def test_assignment_numbers_are_unique_within_a_directive(directive):
    refused(
        "assignment_unique_number",
        lambda: Assignment.objects.create(directive=directive, number=1, text="trùng"),
    )


def test_duty_numbers_are_unique_within_an_assignment(directive):
    assignment = directive.assignments.get(number=2)
    refused(
        "duty_unique_number",
        lambda: Duty.objects.create(assignment=assignment, number=1, text="trùng"),
    )


def test_a_body_has_one_task_per_duty(directive):
    task = Task.objects.first()
    refused(
        "task_unique_duty_body",
        lambda: Task.objects.create(
            duty=task.duty, body=task.body, role="lead", recipient=task.recipient
        ),
    )


def test_a_task_role_must_be_lead_or_coordinating():
    task = TaskFactory.build()
    task.duty.assignment.directive.monitoring_body.save()
    task.duty.assignment.directive.save()
    task.duty.assignment.save()
    task.duty.save()
    task.body.save()
    task.recipient.assignment = task.duty.assignment
    task.recipient.save()
    task.role = "observer"
    refused("task_role_valid", task.save)


def test_assignment_numbers_start_at_one():
    refused("assignment_number_positive", lambda: AssignmentFactory(number=0))


def test_a_directive_schedule_keeps_its_days_in_order(directive):
    refused(
        "directive_schedule_days_in_order",
        lambda: Directive.objects.filter(pk=directive.pk).update(body_due_day=25),
    )


def test_a_user_belongs_to_a_body_once():
    body = BodyFactory()
    user = UserFactory(bodies=[body])
    refused("membership_unique_user_body", lambda: Membership.objects.create(user=user, body=body))


def test_a_user_role_must_be_known():
    user = UserFactory()
    refused("user_role_valid", lambda: User.objects.filter(pk=user.pk).update(role="guest"))


def test_a_body_reports_once_per_period():
    report = ProgressReportFactory()
    refused(
        "progressreport_unique_body",
        lambda: ProgressReportFactory(period=report.period, body=report.body),
    )


def test_a_submitted_report_has_a_submission_time():
    refused(
        "progressreport_submitted_has_time",
        lambda: ProgressReportFactory(state="submitted", submitted_at=None),
    )


def test_period_due_dates_stay_in_order():
    import datetime

    refused(
        "reportingperiod_due_dates_in_order",
        lambda: PeriodFactory(
            body_due=datetime.date(2026, 6, 25), summary_due=datetime.date(2026, 6, 20)
        ),
    )


def test_indicator_figures_are_not_negative():
    refused("indicatorfigure_value_gte_0", lambda: IndicatorFigureFactory(value=-1))


def test_a_body_cannot_be_its_own_group():
    body = BodyFactory()
    body.parent_id = body.pk
    refused("body_not_its_own_group", body.save)


def test_duty_label_reads_assignment_and_duty_number():
    duty = DutyFactory(assignment=AssignmentFactory(number=3), number=2)
    assert duty.label == "3.2"
