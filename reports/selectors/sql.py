"""The reads written as SQL by hand (where building the query through the ORM cost more than
running it), read as plain rows, and their timestamps as the ORM would give them."""

import datetime

from django.db import connection
from django.utils.dateparse import parse_date, parse_datetime


def fetch_rows(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def utc_moment(value):
    """PostgreSQL gives an aware datetime; SQLite the stored UTC moment as text, without its
    zone."""
    if isinstance(value, str):
        return parse_datetime(value).replace(tzinfo=datetime.UTC)
    return value


def local_day(value):
    """PostgreSQL gives a date; SQLite the stored day as text where the column's type is lost
    (a column of a UNION, an expression)."""
    if isinstance(value, str):
        return parse_date(value)
    return value
