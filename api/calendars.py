"""Calendar feeds (iCalendar, RFC 5545): the due dates that concern a person, for their own
calendar application, with alarms on the days the reminders are sent.

Body staff get their bodies' report due dates; the board and the Standing Committee get the
summary due dates and the bodies' due date of every period. Texts are in Vietnamese, the
offices' language, whatever the reader's; alarms ring at 08:00 Asia/Ho_Chi_Minh on each of
settings.REMINDER_LEAD_DAYS before the due date (counted as the reminders count them, in working
days when REMINDER_WORKING_DAYS is on) and on the day itself.
"""

import datetime
import secrets
import zoneinfo

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event, Timezone

from assignments.models import Task
from reports.holidays import days_before
from reports.models import ProgressReport, ReportingPeriod

from .models import CalendarFeed

ALARM_HOUR = 8
# Periods whose due date passed more than this long ago are left out of the feed.
HISTORY_DAYS = 366


def calendar_feed_for(*, user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def calendar_feed_renew(*, user) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    feed = calendar_feed_for(user=user)
    feed.token = secrets.token_urlsafe(32)
    feed.save(update_fields=["token"])
    return feed


def alarm_days(due: datetime.date) -> list[datetime.date]:
    leads = sorted({lead for lead in settings.REMINDER_LEAD_DAYS if lead > 0}, reverse=True)
    return [days_before(due, lead) for lead in leads] + [due]


def _alarm(day: datetime.date, description: str) -> Alarm:
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    when = datetime.datetime.combine(day, datetime.time(ALARM_HOUR), tzinfo=zone)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", description)
    alarm.add("trigger", when.astimezone(datetime.UTC))
    return alarm


def _event(*, uid: str, due: datetime.date, title: str, description: str, url: str = "") -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC).replace(microsecond=0))
    event.add("dtstart", due)
    event.add("dtend", due + datetime.timedelta(days=1))
    event.add("summary", title)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    if url:
        event.add("url", url)
    for day in alarm_days(due):
        event.add_component(_alarm(day, title))
    return event


def _host() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "localhost"


def calendar_build(*, user) -> bytes:
    """The person's feed as .ics bytes."""
    since = timezone.localdate() - datetime.timedelta(days=HISTORY_DAYS)
    host = _host()
    with translation.override(settings.LANGUAGE_CODE):
        calendar = Calendar()
        calendar.add("prodid", "-//directive-tracker//calendar//VI")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", _("Report due dates"))
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        calendar.add_component(Timezone.from_tzid(settings.TIME_ZONE))
        periods = ReportingPeriod.objects.filter(body_due__gte=since).select_related("directive")
        if user.is_board or user.is_committee:
            for period in periods.order_by("body_due"):
                reference = period.directive.reference
                calendar.add_component(
                    _event(
                        uid=f"period-{period.pk}-summary@{host}",
                        due=period.summary_due,
                        title=_("Periodic summary due: %(period)s") % {"period": period.label},
                        description=_("The board's summary of %(period)s on directive %(ref)s.")
                        % {"period": period.label, "ref": reference},
                    )
                )
                calendar.add_component(
                    _event(
                        uid=f"period-{period.pk}-bodies@{host}",
                        due=period.body_due,
                        title=_("Bodies' reports due: %(period)s") % {"period": period.label},
                        description=_("Every body's report of %(period)s on directive %(ref)s.")
                        % {"period": period.label, "ref": reference},
                    )
                )
        bodies = list(user.bodies.all())
        if bodies:
            directive_ids = set(
                Task.objects.filter(body__in=bodies).values_list(
                    "duty__assignment__directive_id", flat=True
                )
            )
            reports = {
                (report.period_id, report.body_id): report
                for report in ProgressReport.objects.filter(body__in=bodies, period__in=periods)
            }
            for period in periods.filter(directive_id__in=directive_ids).order_by("body_due"):
                for body in bodies:
                    report = reports.get((period.pk, body.pk))
                    url = f"{settings.SITE_URL}{report.get_absolute_url()}" if report else ""
                    calendar.add_component(
                        _event(
                            uid=f"period-{period.pk}-body-{body.pk}@{host}",
                            due=period.body_due,
                            title=_("Report due: %(body)s, %(period)s")
                            % {"body": body.name, "period": period.label},
                            description=_(
                                "%(body)s's progress report on directive %(ref)s for %(period)s."
                            )
                            % {
                                "body": body.name,
                                "ref": period.directive.reference,
                                "period": period.label,
                            },
                            url=url,
                        )
                    )
        return calendar.to_ical()
