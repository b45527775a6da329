"""Search (issue 13): on PostgreSQL the unaccent extension, an immutable folding function and
GIN indexes over the searched texts; nothing on SQLite, where search folds in Python.

The expressions are frozen here as reports.search.documents wrote them at this migration; a
query repeats them exactly so that the planner uses the indexes.
"""

from django.db import migrations

# unaccent() is only STABLE (its dictionary could change), which an index expression refuses;
# naming the dictionary in an IMMUTABLE SQL wrapper is the documented way round it.
FOLD_FUNCTION = """
CREATE OR REPLACE FUNCTION search_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
"""

INDEXES = [
    # The search page's match on a report entry's texts.
    (
        "progressentry_search_idx",
        "reports_progressentry",
        "results || ' ' || difficulties || ' ' || proposals",
        "",
    ),
    # The board's comments on reports; most reports have none.
    (
        "progressreport_comment_search_idx",
        "reports_progressreport",
        "review_comment",
        "WHERE review_comment <> ''",
    ),
    # A summary's narrative.
    (
        "summary_search_idx",
        "reports_summary",
        "title || ' ' || opening || ' ' || deployment || ' ' || results || ' ' || limitations"
        " || ' ' || direction || ' ' || proposals",
        "",
    ),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public")
    schema_editor.execute(FOLD_FUNCTION)
    for name, table, document, where in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin "
            f"(to_tsvector('simple'::regconfig, search_fold({document}))) {where}"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _document, _where in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS search_fold(text)")
    # The extension stays: other databases objects may use it, and it costs nothing.


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
