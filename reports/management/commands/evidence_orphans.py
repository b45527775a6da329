"""Lists, and with --delete removes, evidence files that no row refers to.

A file is written before its row is committed; a process killed in between leaves the file
alone. Only files older than --older-than-hours (a day by default) are touched, so an upload
still being saved is never taken for an orphan.
"""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from reports.models import Evidence


class Command(BaseCommand):
    help = "Lists (and with --delete removes) evidence files without a row, older than a day."

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="remove the files listed")
        parser.add_argument("--older-than-hours", type=int, default=24)

    def handle(self, *args, delete, older_than_hours, **options):
        storage = Evidence.file.field.storage
        cutoff = timezone.now() - datetime.timedelta(hours=older_than_hours)
        try:
            _folders, files = storage.listdir("evidence")
        except FileNotFoundError:
            files = []
        known = set(Evidence.objects.values_list("file", flat=True))
        orphans = [
            f"evidence/{name}"
            for name in sorted(files)
            if f"evidence/{name}" not in known
            and storage.get_modified_time(f"evidence/{name}") < cutoff
        ]
        for name in orphans:
            if delete:
                storage.delete(name)
            self.stdout.write(("removed " if delete else "orphan ") + name)
        self.stdout.write(
            f"{len(orphans)} orphan file(s) older than {older_than_hours} h"
            + (" removed." if delete else "; run with --delete to remove them.")
        )
