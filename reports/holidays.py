"""Working days: Monday to Friday, except the public holidays of settings.PUBLIC_HOLIDAYS."""

import datetime

from django.conf import settings


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in set(settings.PUBLIC_HOLIDAYS)


def working_days_before(day: datetime.date, count: int) -> datetime.date:
    """The date `count` working days before `day` (a Monday's 1 working day before is Friday)."""
    holidays = set(settings.PUBLIC_HOLIDAYS)
    while count > 0:
        day -= datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            count -= 1
    return day


def days_before(day: datetime.date, count: int) -> datetime.date:
    """`count` days before `day`, counted in working days when REMINDER_WORKING_DAYS is on."""
    if settings.REMINDER_WORKING_DAYS:
        return working_days_before(day, count)
    return day - datetime.timedelta(days=count)


def working_days_after(day: datetime.date, count: int) -> datetime.date:
    """The date `count` working days after `day` (a Friday's 1 working day after is Monday)."""
    holidays = set(settings.PUBLIC_HOLIDAYS)
    while count > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            count -= 1
    return day
