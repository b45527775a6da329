"""The outbox: an e-mail is a row written with its cause, so a broker or mail-server outage
delays it and loses none (issue 11, points 8 and 9)."""

import datetime
import socket

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assignments.models import Body
from reports.models import Chase, Notification, OutgoingEmail
from reports.outbox.services import outbox_deliver, outbox_sweep, queue_email
from reports.services.chase import chase_body
from reports.services.periods import reports_open

from .factories import PeriodFactory
from .factories_reminders import HeartbeatFactory

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 6, 16, 1, 0, tzinfo=datetime.UTC)


class MailServer:
    """A mail backend whose server is down until the test says it is back."""

    down = False
    refused = 0

    @classmethod
    def backend(cls):
        from django.core.mail.backends.locmem import EmailBackend

        class Backend(EmailBackend):
            def send_messages(self, messages):
                if cls.down:
                    cls.refused += 1
                    raise ConnectionRefusedError(111, "Connection refused")
                return super().send_messages(messages)

        return Backend


@pytest.fixture
def mail_server(settings, monkeypatch):
    import tests.test_outbox as here

    MailServer.down, MailServer.refused = False, 0
    monkeypatch.setattr(here, "OutageBackend", MailServer.backend(), raising=False)
    settings.EMAIL_BACKEND = "tests.test_outbox.OutageBackend"
    return MailServer


def queue(n: int = 1, *, at: datetime.datetime = T0) -> list[OutgoingEmail]:
    with transaction.atomic():
        return [
            queue_email(
                recipients=[f"vanphong{i}@example.invalid"],
                template="reminder",
                context={"title": f"Nhắc việc {i}", "text": "Nội dung", "url": "/"},
                now=at,
            )
            for i in range(n)
        ]


def run_scans(*, start, until, every=datetime.timedelta(minutes=5), on_each=None):
    """The beat's sweep every five minutes of simulated time, the worker delivering at once."""
    moment = start
    while moment <= until:
        if on_each:
            on_each(moment)
        outbox_sweep(now=moment, dispatch=lambda pk, at=moment: outbox_deliver(email_id=pk, now=at))
        moment += every


def forget_broker_connections(app) -> None:
    """The pools are made from the broker address on first use: drop them to use a new one."""
    app._pool = None
    app.amqp._producer_pool = None


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_a_chase_survives_a_broker_that_refuses_connections_and_is_sent_once_when_it_returns(
    directive, board, ubnd_staff, monkeypatch
):
    from directive_tracker.celery import app
    from reports.outbox import services

    refusals = []
    enqueue = services.outbox_enqueue

    def enqueue_and_record(email_id):
        try:
            enqueue(email_id)
        except Exception as exc:
            refusals.append(exc)
            raise

    monkeypatch.setattr(services, "outbox_enqueue", enqueue_and_record)

    period = PeriodFactory(directive=directive, year=2026)
    reports_open(period=period)
    ubnd = Body.objects.get(code="bcsd-ubnd")
    conf = {
        k: app.conf[k]
        for k in (
            "broker_url",
            "task_always_eager",
            "broker_connection_retry",
            "task_publish_retry",
            "broker_connection_timeout",
        )
    }
    app.conf.update(
        broker_url=f"redis://127.0.0.1:{closed_port()}/0",
        task_always_eager=False,
        task_publish_retry=False,
        broker_connection_timeout=1,
    )
    forget_broker_connections(app)
    try:
        chase = chase_body(period=period, body=ubnd, user=board)
    finally:
        app.conf.update(conf)
        forget_broker_connections(app)
    assert len(refusals) == 1, "the broker should have refused the enqueue"
    # The chase and its e-mail were committed; the refused enqueue lost nothing.
    assert Chase.objects.filter(pk=chase.pk).exists()
    email = OutgoingEmail.objects.get()
    assert email.state == "pending" and mail.outbox == []

    # The broker is back (tasks run again): the next scan's sweep sends it, once.
    outbox_sweep()
    outbox_sweep()
    email.refresh_from_db()
    assert email.state == "sent" and email.attempts == 1
    assert [m.to for m in mail.outbox] == [[ubnd_staff.email]]


def test_a_mail_server_refusing_for_two_hours_delays_every_e_mail_and_loses_none(mail_server):
    emails = queue(5)
    back_at = T0 + datetime.timedelta(hours=2)

    def server_state(moment):
        mail_server.down = moment < back_at

    run_scans(start=T0, until=T0 + datetime.timedelta(hours=4), on_each=server_state)

    assert mail_server.refused > 0
    states = set(OutgoingEmail.objects.values_list("state", flat=True))
    assert states == {"sent"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(e.recipient_list[0] for e in emails)
    for email in OutgoingEmail.objects.all():
        # Growing waits, never longer than an hour: sent within the hour after the server returned.
        assert back_at <= email.sent_at <= back_at + datetime.timedelta(hours=1)
        assert 3 <= email.attempts <= 10
    assert not Notification.objects.exists()


def test_the_waits_grow_up_to_an_hour(mail_server):
    mail_server.down = True
    [email] = queue()
    waits, moment = [], T0
    for _attempt in range(10):
        outbox_deliver(email_id=email.pk, now=moment)
        email.refresh_from_db()
        waits.append(email.next_attempt_at - moment)
        moment = email.next_attempt_at
    minutes = [int(w.total_seconds() // 60) for w in waits]
    assert minutes == [1, 2, 4, 8, 16, 32, 60, 60, 60, 60]
    assert email.state == "pending"


def test_an_e_mail_fails_only_after_the_delivery_window_and_the_board_is_told(
    mail_server, board, settings
):
    mail_server.down = True
    [email] = queue()
    window_end = T0 + datetime.timedelta(hours=settings.EMAIL_DELIVERY_WINDOW_HOURS)

    run_scans(
        start=T0,
        until=window_end - datetime.timedelta(minutes=5),
        every=datetime.timedelta(minutes=30),
    )
    email.refresh_from_db()
    assert email.state == "pending"
    assert not Notification.objects.exists()

    run_scans(
        start=window_end - datetime.timedelta(minutes=5),
        until=window_end + datetime.timedelta(hours=2),
    )
    email.refresh_from_db()
    assert email.state == "failed" and email.failed_at >= window_end
    notice = Notification.objects.get(user=board)
    assert notice.kind == "delivery" and email.subject in notice.title
    assert notice.url == reverse("reports:reminder_list")


def test_an_e_mail_is_never_sent_twice_by_a_worker_and_a_sweep_at_once(mail_server):
    [email] = queue()
    assert outbox_deliver(email_id=email.pk, now=T0) == "sent"
    assert outbox_deliver(email_id=email.pk, now=T0) == "skipped"
    assert outbox_sweep(now=T0 + datetime.timedelta(hours=1), dispatch=lambda pk: None) == []
    assert len(mail.outbox) == 1


def test_an_e_mail_held_by_another_worker_waits_for_its_lease(mail_server):
    [email] = queue()
    OutgoingEmail.objects.filter(pk=email.pk).update(lease_until=T0 + datetime.timedelta(minutes=5))
    assert outbox_deliver(email_id=email.pk, now=T0) == "skipped"
    assert outbox_deliver(email_id=email.pk, now=T0 + datetime.timedelta(minutes=6)) == "sent"
    assert len(mail.outbox) == 1


def test_healthz_fails_naming_the_outbox_when_an_e_mail_waits_too_long(client, settings):
    HeartbeatFactory()
    queue(at=timezone.now() - datetime.timedelta(minutes=settings.EMAIL_STALE_MINUTES + 1))
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["outbox"]["status"] == "late" and body["reminder_scan"]["status"] == "ok"


def test_healthz_is_ok_while_e_mails_wait_briefly(client):
    HeartbeatFactory()
    queue(at=timezone.now() - datetime.timedelta(minutes=2))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["outbox"]["oldest_pending_age_seconds"] >= 120


def test_the_reminders_page_shows_the_outbox(client, board, mail_server):
    mail_server.down = True
    [waiting, failed] = queue(2)
    outbox_deliver(email_id=waiting.pk, now=T0)
    OutgoingEmail.objects.filter(pk=failed.pk).update(state="failed", failed_at=T0)
    client.force_login(board)
    html = client.get(reverse("reports:reminder_list")).content.decode()
    assert "Đang chờ gửi: 1" in html and "ConnectionRefusedError" in html
    assert html.count('class="outbox-row"') == 2


def test_an_administrator_tries_a_failed_e_mail_again(
    client, admin_user, mail_server, django_capture_on_commit_callbacks
):
    [email] = queue()
    OutgoingEmail.objects.filter(pk=email.pk).update(state="failed", failed_at=T0)
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:reports_outgoingemail_changelist"),
            {"action": "send_again", "_selected_action": [email.pk]},
        )
    email.refresh_from_db()
    assert email.state == "sent" and len(mail.outbox) == 1
