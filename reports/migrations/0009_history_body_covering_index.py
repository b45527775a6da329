"""The body record's history read (reports.selectors.records.body_record): every history row of
one body's reports, for each report its first sending and its returns, tallied by year. As for
the ranking's read by period (0008), an index on the body carrying the four columns the read
needs lets PostgreSQL answer from the index alone instead of visiting a table page for nearly
every row. PostgreSQL only (INCLUDE); the historical model is django-simple-history's.
"""

from django.db import migrations

INDEX = "reports_history_body_cover_idx"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON reports_historicalprogressreport (body_id)"
        " INCLUDE (id, history_date, history_change_reason, history_id)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("reports", "0008_history_period_covering_index")]

    operations = [migrations.RunPython(forwards, backwards)]
