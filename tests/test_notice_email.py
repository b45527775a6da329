"""Review and chase e-mails leave the page at once and reach the body even when the mail server
fails for a while: they are kept in the outbox with the change and sent by the worker."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from assignments.models import Body
from reports.models import OutgoingEmail
from reports.outbox.services import outbox_deliver, outbox_sweep
from reports.services.chase import chase_body
from reports.services.review import report_return

from .factories import PeriodFactory
from .factories_dashboard import report_in_state
from .mail_backends import FlakyBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_down_twice(settings):
    settings.EMAIL_BACKEND = "tests.mail_backends.FlakyBackend"
    FlakyBackend.calls = 0
    FlakyBackend.failures = 2
    return FlakyBackend


@pytest.fixture
def submitted_report(directive):
    period = PeriodFactory(directive=directive, year=2026)
    return report_in_state(
        period=period, body=Body.objects.get(code="bcsd-ubnd"), state="submitted"
    )


def test_a_return_notice_is_tried_again_until_the_mail_server_answers(
    submitted_report, board, ubnd_staff, mail_down_twice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report_return(report=submitted_report, user=board, comment="Bổ sung số liệu mục 1.2.")
    email = OutgoingEmail.objects.get()
    assert email.state == "pending" and email.attempts == 1
    later = timezone.now()
    while email.state == "pending":
        later += datetime.timedelta(minutes=5)
        outbox_sweep(now=later, dispatch=lambda pk, at=later: outbox_deliver(email_id=pk, now=at))
        email.refresh_from_db()
    assert email.state == "sent" and email.attempts == 3
    assert mail_down_twice.calls == 3
    assert [m.to for m in mail.outbox] == [[ubnd_staff.email]]
    assert "Bổ sung số liệu mục 1.2." in mail.outbox[0].body


def test_a_chase_notice_is_sent_only_after_the_chase_commits(
    directive, board, rachgia_staff, django_capture_on_commit_callbacks
):
    period = PeriodFactory(directive=directive, year=2026)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        chase_body(period=period, body=Body.objects.get(code="thanh-uy-rach-gia"), user=board)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [[rachgia_staff.email]]


def test_a_notice_whose_change_rolls_back_leaves_no_e_mail(submitted_report, board, ubnd_staff):
    with pytest.raises(RuntimeError), transaction.atomic():
        report_return(report=submitted_report, user=board, comment="Thiếu minh chứng.")
        assert OutgoingEmail.objects.count() == 1
        raise RuntimeError("the request failed after the review")
    assert OutgoingEmail.objects.count() == 0
