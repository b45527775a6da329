"""Factories for tests. The real directive comes from the `directive` fixture (the shipped file)."""

import datetime

import factory

from assignments.models import (
    Assignment,
    AssignmentRecipient,
    Body,
    Directive,
    Duty,
    Indicator,
    Membership,
    Role,
    Task,
    User,
)
from reports.models import (
    IndicatorFigure,
    Notification,
    ProgressEntry,
    ProgressReport,
    ReportingPeriod,
)

PASSWORD = "mật-khẩu-thử-2026"


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    code = factory.Sequence(lambda n: f"co-quan-{n}")
    name = factory.Sequence(lambda n: f"Cơ quan thử số {n}")
    sort_order = factory.Sequence(lambda n: n)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    first_name = "An"
    last_name = "Nguyễn Văn"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    role = User.Role.BODY_STAFF
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def bodies(self, create, extracted, **kwargs):
        if create and extracted:
            for body in extracted:
                Membership.objects.create(user=self, body=body)
        if create:
            self.save()


class DirectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directive

    issuer = "Ban Thường vụ Tỉnh ủy Thử"
    issuer_header = "TỈNH ỦY THỬ"
    symbol = "CV/TU"
    date = datetime.date(2021, 8, 3)
    place = "Thử"
    summary = factory.Sequence(lambda n: f"Văn bản chỉ đạo thử số {n}")
    monitoring_body = factory.SubFactory(BodyFactory, code=factory.Sequence(lambda n: f"btg-{n}"))


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    directive = factory.SubFactory(DirectiveFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Nội dung nhiệm vụ thử."


class DutyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Duty

    assignment = factory.SubFactory(AssignmentFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Nội dung nhiệm vụ {n}")


class RecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssignmentRecipient

    assignment = factory.SubFactory(AssignmentFactory)
    body = factory.SubFactory(BodyFactory)
    role = Role.LEAD


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    duty = factory.SubFactory(DutyFactory)
    body = factory.SubFactory(BodyFactory)
    role = Role.LEAD
    recipient = factory.SubFactory(
        RecipientFactory,
        assignment=factory.SelfAttribute("..duty.assignment"),
        body=factory.SelfAttribute("..body"),
    )


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    duty = factory.SubFactory(DutyFactory)
    name = factory.Sequence(lambda n: f"Chỉ tiêu {n}")
    unit = "trang"


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    directive = factory.SubFactory(DirectiveFactory)
    kind = ReportingPeriod.Kind.HALF_YEAR
    year = 2026
    starts_on = factory.LazyAttribute(lambda p: datetime.date(p.year, 1, 1))
    ends_on = factory.LazyAttribute(
        lambda p: datetime.date(
            p.year, 6 if p.kind == "half_year" else 12, 30 if p.kind == "half_year" else 31
        )
    )
    data_cutoff = factory.LazyAttribute(lambda p: p.ends_on.replace(day=14))
    body_due = factory.LazyAttribute(lambda p: p.ends_on.replace(day=15))
    summary_due = factory.LazyAttribute(lambda p: p.ends_on.replace(day=20))


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    period = factory.SubFactory(PeriodFactory)
    body = factory.SubFactory(BodyFactory)


class ProgressEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressEntry

    report = factory.SubFactory(ProgressReportFactory)
    duty = factory.SubFactory(DutyFactory)


class IndicatorFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorFigure

    entry = factory.SubFactory(ProgressEntryFactory)
    indicator = factory.SubFactory(IndicatorFactory, duty=factory.SelfAttribute("..entry.duty"))
    value = 0


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    kind = Notification.Kind.REVIEW
    title = "Thông báo thử"
