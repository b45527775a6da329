"""The search's walk (reports.search.selectors._Matches) reads a period's entries through their
report, newest period first. The newest period is the one being reported: its entries are still
empty, as are those of reports never sent (some 14% of the entries over ten years), and reading
each of them only to find no word cost as much as the periods that hold the matches. An index
on the report of the entries that hold some text lets the walk pass the empty ones by.
PostgreSQL only (it reads the generated search_vector, which SQLite does not have).
"""

from django.db import migrations

INDEX = "progressentry_written_idx"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON reports_progressentry (report_id)"
        " WHERE search_vector <> ''::tsvector"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("reports", "0009_history_body_covering_index")]

    operations = [migrations.RunPython(forwards, backwards)]
