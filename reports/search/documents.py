"""The texts search reads, and the SQL both the migration and the queries use.

Each searchable kind is one document: a report entry (what was done, difficulties, proposals),
a report's review comment, a summary's narrative. On PostgreSQL each table carries the folded
document as a stored generated column, `search_vector`, made and GIN-indexed by migration
0005_search: Django's models do not know the column (SQLite has none), the database fills it on
every write, and a search never recomputes a row's vector (which made a common word cost
seconds over ten years of reports).
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


def postgres_match_sql(table: str, *, query_once: bool = False) -> str:
    """With query_once, the words are made a query once per statement (a subquery) instead of
    for each row, where the plan is made before the words are known (they are a parameter)."""
    query = "plainto_tsquery('simple'::regconfig, search_fold(%s))"
    if query_once:
        query = f"(SELECT {query})"
    # Qualified: the three tables each have the column, and a query may join two of them.
    return f'"{table}"."search_vector" @@ {query}'


def sqlite_match_sql(fields: tuple[str, ...]) -> str:
    return f"search_match({document_sql(fields)}, %s)"
