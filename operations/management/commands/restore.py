from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Loads a backup made by `backup` into an empty database and MEDIA_ROOT, after checking "
        "its manifest; --force replaces a database that is not empty."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="replace the data of a database that has some"
        )

    def handle(self, *args, source, force, **options):
        try:
            manifest = restore(source, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {sum(manifest['row_counts'].values())} rows and "
            f"{len(manifest['media_files'])} files from {source} (made {manifest['created_at']}); "
            "every count and checksum matches the manifest."
        )
