"""The ranking's history read (reports.selectors.records.body_ranking): every history row of a
year's periods, for each report its first sending and its returns. An index on the period that
carries the four columns the read needs lets PostgreSQL answer from the index alone, without
visiting the history table's rows. PostgreSQL only (INCLUDE); the historical model is made by
django-simple-history, so the index lives here rather than in a Meta the model does not own.
"""

from django.db import migrations

INDEX = "reports_history_period_cover_idx"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON reports_historicalprogressreport (period_id)"
        " INCLUDE (id, history_date, history_change_reason, history_id)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("reports", "0007_summary_files")]

    operations = [migrations.RunPython(forwards, backwards)]
