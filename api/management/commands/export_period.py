import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from api.exports import period_export
from reports.models import ReportingPeriod


class Command(BaseCommand):
    help = (
        "Writes one reporting period as JSON for the Party's central task system "
        "(format in README, “Period export”)."
    )

    def add_arguments(self, parser):
        parser.add_argument("period_id", type=int, help="The period's id (see /api/v1/periods/).")
        parser.add_argument("--output", "-o", help="A file to write; standard output if absent.")

    def handle(self, *args, period_id, output=None, **options):
        period = ReportingPeriod.objects.select_related("directive").filter(pk=period_id).first()
        if period is None:
            raise CommandError(f"No reporting period has the id {period_id}.")
        with translation.override("vi"):
            text = json.dumps(period_export(period=period), ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text + "\n")
            self.stdout.write(f"Wrote {output}")
        else:
            self.stdout.write(text)
