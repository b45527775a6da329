from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assignments.loading import (
    SHIPPED_DIRECTIVE,
    DirectiveFileError,
    directive_load,
    parse_directive_file,
)


class Command(BaseCommand):
    help = "Loads a directive from its JSON data file (the shipped Kiên Giang letter by default)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(SHIPPED_DIRECTIVE))

    def handle(self, *args, file, **options):
        try:
            data = parse_directive_file(Path(file))
            result = directive_load(data=data)
        except DirectiveFileError as exc:
            raise CommandError(f"{file}: {exc}") from exc
        self.report(result)

    def report(self, result):
        if not result.changed:
            self.stdout.write(f"{result.directive.reference}: already loaded, nothing changed.")
            return
        created = ", ".join(f"{count} {kind}" for kind, count in result.created.items() if count)
        self.stdout.write(self.style.SUCCESS(f"{result.directive.reference}: created {created}."))
