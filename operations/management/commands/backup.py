from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, backup


class Command(BaseCommand):
    help = "Copies the database and MEDIA_ROOT into DEST (a new folder), with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("dest", type=Path)

    def handle(self, *args, dest, **options):
        try:
            result = backup(dest)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        self.stdout.write(
            f"Backup written to {result.dest}: {sum(manifest['row_counts'].values())} rows in "
            f"{len(manifest['row_counts'])} tables, {len(manifest['media_files'])} files."
        )
