"""Links for long tables: reverse() once per table, not once per row."""

import datetime

from django.urls import reverse
from django.utils import timezone


def url_maker(name: str, *leading):
    """reverse() of a view whose last argument is an id, once (with its `leading` arguments);
    each id is then put in by substitution (a reverse() per row of a table is a noticeable part
    of rendering it)."""
    marker = "2147483647"
    head, tail = reverse(name, args=[*leading, marker]).rsplit(marker, 1)
    return lambda pk: f"{head}{pk}{tail}"


def day_text(value) -> str:
    """The date filter's d/m/Y, a moment shown by the local calendar as templates do; written
    by strftime, which gives the same digits without date_format's look-up of the format."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y")
