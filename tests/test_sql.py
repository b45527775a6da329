"""The hand-written reads' helpers (directive_tracker/sql.py) and the prepared statements they run
as on PostgreSQL."""

import datetime

import pytest
from django.db import DataError, connection
from django.test.utils import CaptureQueriesContext

from directive_tracker.sql import calendar_day, fetch_rows, utc_moment

pytestmark = pytest.mark.django_db


def _prepared_statements() -> set[str]:
    return {text for (text,) in fetch_rows("SELECT statement FROM pg_prepared_statements", [])}


@pytest.mark.postgres
def test_a_statement_run_again_is_prepared_unless_asked_not_to_be():
    for _ in range(3):
        assert fetch_rows("SELECT %s::int + 1", [1]) == [(2,)]
        assert fetch_rows("SELECT %s::int + 2", [1], prepare=False) == [(3,)]
    prepared = _prepared_statements()
    assert "SELECT $1::int + 1" in prepared
    assert "SELECT $1::int + 2" not in prepared


@pytest.mark.parametrize("prepare", [True, False])
def test_an_unprepared_statement_is_logged_and_its_errors_are_djangos(prepare):
    with CaptureQueriesContext(connection) as queries:
        assert fetch_rows("SELECT %s + 1", [41], prepare=prepare) == [(42,)]
    assert len(queries) == 1
    if connection.vendor == "postgresql":
        with pytest.raises(DataError):
            fetch_rows("SELECT 1 / %s", [0], prepare=prepare)


def test_moments_and_days_are_read_alike_from_both_databases():
    moment = datetime.datetime(2026, 6, 15, 17, 30, tzinfo=datetime.UTC)
    assert utc_moment("2026-06-15 17:30:00") == moment
    assert utc_moment(moment.replace(tzinfo=None)) == moment
    assert utc_moment(moment) == moment
    assert utc_moment(None) is None
    assert calendar_day("2026-06-15") == datetime.date(2026, 6, 15)
    assert calendar_day(datetime.date(2026, 6, 15)) == datetime.date(2026, 6, 15)
    assert calendar_day(None) is None
