"""The SQLite side of search: the match runs in Python, registered as an SQL function on every
new connection, so the queries (and their counts) are the same as on PostgreSQL."""

from .text import query_words, text_matches


def search_match(text, query) -> int:
    return int(text_matches(text, query_words(query or "")))


def register_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("search_match", 2, search_match, deterministic=True)
