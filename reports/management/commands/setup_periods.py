import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from reports.services.periods import periods_create_upcoming


class Command(BaseCommand):
    help = (
        "Creates the reporting periods each directive's schedule calls for (the most recent one "
        "that has ended, the current ones and those ending within 12 months) and opens their "
        "reports. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="the day to plan from (YYYY-MM-DD); today in the site's time zone by default",
        )
        parser.add_argument(
            "--since", type=int, metavar="YEAR", help="also create past periods from this year"
        )

    def handle(self, *args, today=None, since=None, **options):
        today = today or timezone.localdate()
        created = periods_create_upcoming(today=today, since=since, last_ended=True)
        for period in created:
            self.stdout.write(
                f"created {period.kind} {period.year} for {period.directive.reference}: "
                f"{period.starts_on:%d/%m/%Y}–{period.ends_on:%d/%m/%Y}, "
                f"bodies due {period.body_due:%d/%m/%Y}, "
                f"summary due {period.summary_due:%d/%m/%Y}, "
                f"{period.reports.count()} reports"
            )
        if not created:
            self.stdout.write("no period was missing")
