"""Factories for the reminder job's records."""

import datetime

import factory
from django.utils import timezone

from reports.models import JobHeartbeat, Reminder, Summary

from .factories import BodyFactory, PeriodFactory


class ReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reminder

    period = factory.SubFactory(PeriodFactory)
    body = factory.SubFactory(BodyFactory)
    kind = Reminder.Kind.SUMMARY_UPCOMING
    occasion = factory.LazyAttribute(lambda r: r.period.summary_due - datetime.timedelta(days=7))
    due_on = factory.LazyAttribute(lambda r: r.period.summary_due)


class HeartbeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobHeartbeat
        django_get_or_create = ["name"]

    name = "reminders_scan"
    last_started_at = factory.LazyFunction(timezone.now)
    last_completed_at = factory.LazyFunction(timezone.now)


class IssuedSummaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Summary

    period = factory.SubFactory(PeriodFactory)
    state = Summary.State.ISSUED
    number = factory.Sequence(lambda n: f"{n + 1}-BC/BTGTU")
    issued_on = factory.LazyAttribute(lambda s: s.period.summary_due)
    issued_at = factory.LazyFunction(timezone.now)
