"""The texts search reads, and the SQL both the migration's indexes and the queries use.

Each searchable kind is one document: a report entry (what was done, difficulties, proposals),
a report's review comment, a summary's narrative. The PostgreSQL expressions here are the ones
migration 0005_search indexes; a query uses the index only if it repeats them exactly, which
`tests/test_search.py` checks with EXPLAIN.
"""

ENTRY_FIELDS = ("results", "difficulties", "proposals")
REPORT_FIELDS = ("review_comment",)
SUMMARY_FIELDS = (
    "title",
    "opening",
    "deployment",
    "results",
    "limitations",
    "direction",
    "proposals",
)


def document_sql(fields: tuple[str, ...]) -> str:
    """The fields as one text (NOT NULL text columns: no COALESCE needed)."""
    return " || ' ' || ".join(fields)


def postgres_vector_sql(fields: tuple[str, ...]) -> str:
    return f"to_tsvector('simple'::regconfig, search_fold({document_sql(fields)}))"


def postgres_match_sql(fields: tuple[str, ...]) -> str:
    return f"{postgres_vector_sql(fields)} @@ plainto_tsquery('simple'::regconfig, search_fold(%s))"


def sqlite_match_sql(fields: tuple[str, ...]) -> str:
    return f"search_match({document_sql(fields)}, %s)"
