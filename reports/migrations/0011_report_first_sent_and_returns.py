"""A report's first sending and the number of times it was returned, stored on the report.

The body record and the ranking judged every report by its history (the first row recorded as
sent, the rows recorded as returned), which made the ranking's statement read some eighty
thousand history rows a year at ten years of data. report_submit and report_return now keep
the two columns; this fills them for the reports already there, from the same history, the
way the selectors read it: a report sent before the history recorded reasons is judged by its
last sending.
"""

from django.db import migrations, models
from django.db.models import Count, F, IntegerField, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

# reports.services.progress.REASON_SUBMITTED and reports.selectors.progress.VIA_API, as they
# were when this migration was written.
SUBMITTED = "submitted"
VIA_API = "; via API: "


def fill(apps, schema_editor):
    report_model = apps.get_model("reports", "ProgressReport")
    history_model = apps.get_model("reports", "HistoricalProgressReport")
    history = history_model.objects.filter(id=OuterRef("pk")).order_by().values("id")
    sent = Q(history_change_reason=SUBMITTED) | Q(
        history_change_reason__startswith=SUBMITTED + VIA_API
    )
    first_sent = history.annotate(first=Min("history_date", filter=sent)).values("first")
    returns = history.annotate(
        n=Count("history_id", filter=Q(history_change_reason="returned"))
    ).values("n")
    report_model.objects.update(
        first_sent_at=Coalesce(Subquery(first_sent), F("submitted_at")),
        times_returned=Coalesce(Subquery(returns, output_field=IntegerField()), 0),
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0010_search_written_entries")]

    operations = [
        migrations.AddField(
            model_name="historicalprogressreport",
            name="first_sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="first sent at"),
        ),
        migrations.AddField(
            model_name="historicalprogressreport",
            name="times_returned",
            field=models.PositiveIntegerField(default=0, verbose_name="times returned"),
        ),
        migrations.AddField(
            model_name="progressreport",
            name="first_sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="first sent at"),
        ),
        migrations.AddField(
            model_name="progressreport",
            name="times_returned",
            field=models.PositiveIntegerField(default=0, verbose_name="times returned"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
