"""Search (issue 13): on PostgreSQL the unaccent extension, an immutable folding function, and on
each searched table a stored generated column `search_vector` with its GIN index; nothing on
SQLite, where search folds in Python (reports.search.sqlite).

The models do not declare the columns: the database fills them on every insert and update, and
only the search queries (reports.search.documents) read them.
"""

from django.db import migrations

# unaccent() is only STABLE (its dictionary could change), which a generated column refuses;
# naming the dictionary in an IMMUTABLE SQL wrapper is the documented way round it.
FOLD_FUNCTION = """
CREATE OR REPLACE FUNCTION search_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
"""

# (table, the document's text, index name, the query the index serves)
DOCUMENTS = [
    (
        "reports_progressentry",
        "results || ' ' || difficulties || ' ' || proposals",
        "progressentry_search_idx",
    ),
    ("reports_progressreport", "review_comment", "progressreport_search_idx"),
    (
        "reports_summary",
        "title || ' ' || opening || ' ' || deployment || ' ' || results || ' ' || limitations"
        " || ' ' || direction || ' ' || proposals",
        "summary_search_idx",
    ),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public")
    schema_editor.execute(FOLD_FUNCTION)
    for table, document, index in DOCUMENTS:
        # The search page's match (reports.search.selectors._matches_sql) on this kind of document.
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('simple'::regconfig, search_fold({document}))) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin (search_vector)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _document, _index in DOCUMENTS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute("DROP FUNCTION IF EXISTS search_fold(text)")
    # The extension stays: other objects of the database may use it.


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_evidence_superseded")]

    operations = [migrations.RunPython(forwards, backwards)]
