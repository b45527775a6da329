"""The reads written as SQL by hand (where building the query through the ORM cost more than
running it), read as plain rows, and their timestamps and model instances as the ORM would give
them."""

import datetime
import functools

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime


def fetch_rows(sql: str, params, *, prepare: bool = True) -> list[tuple]:
    """With prepare=False, PostgreSQL plans the statement for its parameters every time, even
    where the connection prepares statements (settings: DATABASE_PREPARED_STATEMENTS): for
    statements whose best plan depends on a parameter's value, such as a search's words (a
    common word is best found report by report, a rare one through the text index; a plan
    made once for both took five times longer for the common one)."""
    with connection.cursor() as cursor:
        if prepare or connection.vendor != "postgresql":
            cursor.execute(sql, params)
        else:
            with connection.execute_wrapper(_unprepared):
                cursor.execute(sql, params)
        return cursor.fetchall()


def _unprepared(execute, sql, params, many, context):
    # The innermost wrapper, in place of Django's own execution, which cannot pass psycopg's
    # `prepare`; the outer wrappers and the debug log still see the statement.
    connection = context["connection"]
    connection.validate_no_broken_transaction()
    with connection.wrap_database_errors:
        return context["cursor"].cursor.execute(sql, params, prepare=False)


def utc_moment(value):
    """PostgreSQL gives an aware datetime; SQLite the stored UTC moment without its zone: as
    text from an expression or a union, as a naive datetime where the column's declared type
    made sqlite3 convert it (a table's column, or the first SELECT of a UNION naming one)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=datetime.UTC)
    return value


def calendar_day(value):
    """PostgreSQL gives a date; SQLite the stored day as text where the column's type is lost
    (a column of a UNION, an expression)."""
    return parse_date(value) if isinstance(value, str) else value


def local_day_sql(column: str) -> tuple[str, tuple]:
    """The SQL of the calendar day of a moment column in the offices' time zone, and its
    parameters, as TruncDate writes it for the database in use (the day by which a report is
    judged late, ReportingPeriod.late_for)."""
    return connection.ops.datetime_cast_date_sql(column, (), timezone.get_current_timezone_name())


def day_param(value: datetime.date):
    """A date as the database compares it with a date column (SQLite stores text)."""
    return connection.ops.adapt_datefield_value(value)


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
    # The model's fields and the database's converters, which the process never changes.
    fields = [model._meta.get_field(name) for name in attnames]
    found = []
    for index, field in enumerate(fields):
        column = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if converters:
            found.append((index, converters, column))
    return found
