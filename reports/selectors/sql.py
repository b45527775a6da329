"""The reads written as SQL by hand (where building the query through the ORM cost more than
running it), read as plain rows, and their timestamps and model instances as the ORM would give
them."""

import datetime
import functools

from django.db import connection
from django.utils.dateparse import parse_datetime


def fetch_rows(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def utc_moment(value):
    """PostgreSQL gives an aware datetime; SQLite the stored UTC moment without its zone: as
    text, or as a naive datetime where the column's declared type made sqlite3 convert it (the
    first SELECT of a UNION names a DateTimeField's column)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=datetime.UTC)
    return value


def model_from_row(model, attnames: tuple[str, ...], values):
    """An instance of the model from a hand-written read's columns: `attnames` (in the model's
    field order; the fields left out are deferred, read if ever asked for), their values turned
    into Python as the ORM turns them (SQLite's dates and booleans)."""
    values = list(values)
    for index, converters, column in _converters(model, attnames):
        value = values[index]
        for converter in converters:
            value = converter(value, column, connection)
        values[index] = value
    return model.from_db(connection.alias, attnames, values)


@functools.cache
def _converters(model, attnames):
    fields = [model._meta.get_field(name) for name in attnames]
    found = []
    for index, field in enumerate(fields):
        column = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if converters:
            found.append((index, converters, column))
    return found
