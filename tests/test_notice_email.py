"""Review and chase e-mails leave the page at once and reach the body even when the mail server
fails for a while: they are rendered when the board acts and sent by a retrying task."""

import smtplib

import pytest
from django.core import mail

from assignments.models import Body
from reports.services.chase import chase_body
from reports.services.review import report_return
from reports.tasks import email_deliver_task

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


def test_a_return_notice_is_retried_until_the_mail_server_answers(
    submitted_report, board, ubnd_staff, mail_down_twice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report_return(report=submitted_report, user=board, comment="Bổ sung số liệu mục 1.2.")
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


def test_the_notice_task_retries_mail_errors_with_backoff_and_jitter():
    assert smtplib.SMTPException in email_deliver_task.autoretry_for
    assert email_deliver_task.retry_backoff is True
    assert email_deliver_task.retry_jitter is True
    assert email_deliver_task.max_retries >= 3
