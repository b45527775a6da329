"""Factories and builders for the dashboard's tests."""

import datetime

import factory
from django.utils import timezone

from reports.models import Chase, ProgressReport

from .factories import (
    AssignmentFactory,
    BodyFactory,
    DirectiveFactory,
    DutyFactory,
    PeriodFactory,
    ProgressReportFactory,
    RecipientFactory,
    TaskFactory,
)


class ChaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chase

    period = factory.SubFactory(PeriodFactory)
    body = factory.SubFactory(BodyFactory)
    chased_on = factory.LazyFunction(timezone.localdate)


def submitted_at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """A moment on a local calendar day (Asia/Ho_Chi_Minh)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def report_in_state(*, period, body, state: str, late: bool = False, **kwargs) -> ProgressReport:
    """A report set directly in a state; submitted ones on the due date, or a day after it."""
    if state in ("submitted", "accepted", "returned"):
        day = period.body_due + datetime.timedelta(days=1 if late else 0)
        kwargs.setdefault("submitted_at", submitted_at(day))
    return ProgressReportFactory(period=period, body=body, state=state, **kwargs)


def build_directive(*, bodies: int, periods: int, groups: int = 2):
    """A directive with two assignments of two duties each, `bodies` bodies (split into `groups`
    group bodies plus one body on its own) with tasks, and `periods` yearly half-year periods in
    which the bodies' reports are in every state."""
    directive = DirectiveFactory()
    assignments = [AssignmentFactory(directive=directive, number=n) for n in (1, 2)]
    duties = [DutyFactory(assignment=a, number=n) for a in assignments for n in (1, 2)]
    group_bodies = [BodyFactory(name=f"Nhóm {g}") for g in range(groups)]
    members = []
    for i in range(bodies):
        parent = group_bodies[i % groups] if i else None
        body = BodyFactory(parent=parent)
        members.append(body)
        recipients = {}
        for duty in duties[: 2 + (i % 3)]:
            if duty.assignment_id not in recipients:
                recipients[duty.assignment_id] = RecipientFactory(
                    assignment=duty.assignment, body=body
                )
            TaskFactory(duty=duty, body=body, recipient=recipients[duty.assignment_id])
    period_list = [PeriodFactory(directive=directive, year=2020 + n) for n in range(periods)]
    states = ["not_reported", "draft", "submitted", "accepted", "returned"]
    for period in period_list:
        for i, body in enumerate(members):
            state = states[i % len(states)]
            if i % 7 == 6:
                continue  # no report row at all: still "not reported"
            report_in_state(period=period, body=body, state=state, late=bool(i % 2))
    for period in period_list:
        for body in members[:3]:
            ChaseFactory(period=period, body=body)
    return directive, period_list, members, group_bodies
