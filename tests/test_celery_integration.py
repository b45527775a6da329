"""A real Celery worker and beat against this machine's Redis and PostgreSQL: the beat's scan
claims the board's reminder, the worker delivers it once, and a worker killed while sending is
replaced and the task redelivered (late acknowledgement), still delivering once."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from assignments.models import User
from reports.models import Notification, OutgoingEmail, Reminder

from .factories import DirectiveFactory, PeriodFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parent.parent
# A Redis database of this test's own, emptied before and after.
REDIS_DB = 13


def _redis_url() -> str:
    # TEST_REDIS_URL names a whole database of its own (when several run the suite on one Redis).
    if os.environ.get("TEST_REDIS_URL"):
        return os.environ["TEST_REDIS_URL"]
    base = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    return base.rsplit("/", 1)[0] + f"/{REDIS_DB}"


def _redis_flush():
    import redis

    redis.Redis.from_url(_redis_url()).flushdb()


class Celery:
    """Starts worker and beat processes in their own process groups and always stops them."""

    def __init__(self, tmp_path: Path):
        self.tmp = tmp_path
        self.mail_dir = tmp_path / "mail"
        self.mail_dir.mkdir()
        self.slow_flag = tmp_path / "slow"
        self.processes: list[subprocess.Popen] = []
        self.log_files = []
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "tests.celery_integration_settings",
            # The test database of pytest-django, where this test's data is committed.
            "DATABASE_URL": (
                f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
                f"/{db['NAME']}"
            ),
            "REDIS_URL": _redis_url(),
            "EMAIL_URL": f"filemail:///{self.mail_dir}",
            "VAR_DIR": str(tmp_path / "var"),
            "SECRET_KEY": "integration-test",
            "SLOW_MAIL_FLAG": str(self.slow_flag),
            "CELERY_VISIBILITY_TIMEOUT": "4",
            "REMINDER_SEND_LEASE_SECONDS": "3",
            "EMAIL_SEND_LEASE_SECONDS": "3",
            "REMINDER_SCAN_MINUTES": "1",
        }
        self.env.pop("CELERY_TASK_ALWAYS_EAGER", None)

    def _start(self, name: str, *args: str) -> subprocess.Popen:
        log = open(self.tmp / f"{name}-{len(self.processes)}.log", "w")
        self.log_files.append(log)
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "directive_tracker", *args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def worker(self) -> subprocess.Popen:
        return self._start("worker", "worker", "--pool=solo", "--loglevel=INFO", "-n", "it@%h")

    def beat(self) -> subprocess.Popen:
        schedule = self.tmp / "var" / "celerybeat-schedule"
        return self._start("beat", "beat", "--loglevel=INFO", "-s", str(schedule))

    def kill(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes:
            try:
                self.kill(process)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        for log in self.log_files:
            log.close()

    def messages(self) -> int:
        return sum(
            path.read_text(errors="replace").count("Message-ID:")
            for path in self.mail_dir.iterdir()
        )

    def logs(self) -> str:
        return "\n".join(f"== {p.name}\n{p.read_text()[-3000:]}" for p in self.tmp.glob("*.log"))


@pytest.fixture
def celery(tmp_path):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail("the Celery integration test needs PostgreSQL")
    _redis_flush()
    processes = Celery(tmp_path)
    try:
        yield processes
    finally:
        processes.stop_all()
        _redis_flush()


def wait_for(condition, *, timeout: float, what: str, celery: Celery):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    pytest.fail(f"timed out waiting for {what}\n{celery.logs()}")


@pytest.fixture
def board_due_tomorrow(db):
    """A summary due tomorrow, so the one-day reminder to the board is due now; a directive
    with no schedule of its own, so nothing else falls due whatever day the test runs."""
    directive = DirectiveFactory(report_half_year=False, report_annual=False)
    today = timezone.localdate()
    PeriodFactory(
        directive=directive,
        year=today.year,
        starts_on=today - datetime.timedelta(days=180),
        ends_on=today,
        data_cutoff=today,
        body_due=today,
        summary_due=today + datetime.timedelta(days=1),
    )
    return UserFactory(username="bantuyengiao", role=User.Role.BOARD, email="btg@example.invalid")


def test_the_worker_and_beat_deliver_the_boards_reminder_once(celery, board_due_tomorrow):
    celery.worker()
    celery.beat()

    wait_for(lambda: celery.messages() >= 1, timeout=30, what="the reminder e-mail", celery=celery)
    time.sleep(2)  # room for a duplicate to show up

    assert celery.messages() == 1
    reminder = Reminder.objects.get()
    assert reminder.state == Reminder.State.SENT
    assert reminder.kind == Reminder.Kind.SUMMARY_UPCOMING
    assert Notification.objects.filter(user=board_due_tomorrow).count() == 1


def test_a_worker_killed_while_sending_is_replaced_and_the_reminder_delivered_once(
    celery, board_due_tomorrow
):
    celery.slow_flag.touch()
    worker = celery.worker()
    celery.beat()
    sending = Path(f"{celery.slow_flag}.sending")
    wait_for(sending.exists, timeout=30, what="the worker to start sending", celery=celery)

    celery.kill(worker)
    celery.slow_flag.unlink()
    assert celery.messages() == 0
    celery.worker()

    wait_for(lambda: celery.messages() >= 1, timeout=40, what="the redelivery", celery=celery)
    time.sleep(2)

    assert celery.messages() == 1
    reminder = Reminder.objects.get()
    assert reminder.state == Reminder.State.SENT
    # The reminder was recorded once; its e-mail, in the outbox, took a second attempt.
    assert reminder.attempts == 1
    email = OutgoingEmail.objects.get()
    assert email.state == OutgoingEmail.State.SENT and email.attempts == 2
    assert Notification.objects.filter(user=board_due_tomorrow).count() == 1
