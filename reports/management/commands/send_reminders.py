import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports.models import Reminder
from reports.services.reminders import (
    ScanResult,
    reminder_enqueue,
    reminder_send_now,
    reminders_scan,
)


class Command(BaseCommand):
    help = (
        "Runs the reminder scan now, as the scheduled job does, and prints what it sent and what "
        "it skipped. A reminder already recorded is never sent again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="scan as if it were this time (ISO 8601, e.g. 2026-06-13T08:00; the site's time "
            "zone when none is given)",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="hand the sending to the Celery worker instead of sending from this command",
        )

    def handle(self, *args, now=None, queue=False, **options):
        result = self.scan(now=self.parse_now(now), queue=queue)
        self.print_result(result)

    def parse_now(self, value: str | None) -> datetime.datetime:
        if not value:
            return timezone.now()
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(f"--now must be an ISO date and time, got {value!r}") from exc
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment

    def scan(self, *, now: datetime.datetime, queue: bool) -> ScanResult:
        return reminders_scan(now=now, dispatch=reminder_enqueue if queue else reminder_send_now)

    def print_result(self, result: ScanResult) -> None:
        self.stdout.write(f"scan at {timezone.localtime(result.now):%d/%m/%Y %H:%M}")
        states = dict(
            Reminder.objects.filter(pk__in=[r.pk for r in result.claimed]).values_list(
                "pk", "state"
            )
        )
        for reminder in result.claimed:
            self.stdout.write(
                f"sent: {self.describe(reminder)} [{states.get(reminder.pk, 'deleted')}]"
            )
        for reminder in result.requeued:
            self.stdout.write(f"sent again (was lost): {self.describe(reminder)}")
        for what, reason in result.skipped:
            self.stdout.write(f"skipped: {what} ({reason})")
        if not result.claimed and not result.requeued:
            self.stdout.write("nothing new to send")

    def describe(self, reminder: Reminder) -> str:
        return (
            f"{reminder.kind} to {reminder.body.name} for {reminder.period} "
            f"(due {reminder.due_on:%d/%m/%Y}, occasion {reminder.occasion:%d/%m/%Y})"
        )
