"""Chasing (đôn đốc): the board reminds bodies whose report for a period is still outstanding."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assignments.models import Body, Task
from assignments.selectors import body_addresses, body_staff
from reports.models import Chase, Notification, OutgoingEmail, ProgressReport, ReportingPeriod
from reports.notifications import about, notification_create
from reports.outbox.services import queue_email


def chase_body(
    *, period: ReportingPeriod, body: Body, user=None, today: datetime.date | None = None
) -> Chase | None:
    """Chases one body for a period; `user` None marks an automatic chase.

    Returns the new chase, or None when the body was already chased today (by anyone): the
    reminder then goes out once only.
    """
    today = today or timezone.localdate()
    if not Task.objects.filter(body=body, duty__assignment__directive=period.directive_id).exists():
        raise ValidationError(
            _("%(body)s owes no report for this directive.") % {"body": body.name}
        )
    report = ProgressReport.objects.filter(period=period, body=body).first()
    if report is not None and report.state not in ProgressReport.OUTSTANDING_STATES:
        raise ValidationError(
            _("%(body)s has already sent its report; there is nothing to chase.")
            % {"body": body.name}
        )
    chase = Chase(period=period, body=body, chased_on=today, chased_by=user)
    # The unique constraint decides, not a check before the insert: two board members clicking
    # at once both pass any check, and only one insert succeeds.
    chase.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            chase.save()
            _notify(chase=chase, report=report)
    except IntegrityError:
        return None
    return chase


def chase_late_bodies(
    *, period: ReportingPeriod, user=None, today: datetime.date | None = None
) -> list[Chase]:
    """Chases every body still owing its report after the due date; returns the new chases."""
    from reports.selectors.dashboard import late_bodies

    today = today or timezone.localdate()
    chases = []
    for body in late_bodies(period=period, today=today):
        chase = chase_body(period=period, body=body, user=user, today=today)
        if chase is not None:
            chases.append(chase)
    return chases


def _notify(*, chase: Chase, report: ProgressReport | None) -> None:
    body, period = chase.body, chase.period
    staff = list(body_staff(body=body))
    # The staff open the form; the office address is read by the same staff, who log in.
    url = reverse("reports:report_edit", args=[report.pk]) if report else reverse("home")
    subject = about(body=body, period=period)
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Chase: the report of %(about)s is late") % {"about": subject}
        message = _(
            "The report of %(body)s for %(period)s was due on %(date)s. "
            "Please send it as soon as possible."
        ) % {
            "body": body.name,
            "period": period.label,
            "date": period.body_due.strftime("%d/%m/%Y"),
        }
    notification_create(
        users=staff, kind=Notification.Kind.CHASE, title=title, message=message, url=url
    )
    queued = queue_email(
        recipients=body_addresses(body=body, staff=staff),
        template="chase",
        context={"chase": chase, "period": period, "body": body, "url": url, "about": subject},
        kind=OutgoingEmail.Kind.CHASE,
        body=body,
        period=period,
    )
    if queued is None:
        chase.reached = False
        chase.save(update_fields=["reached"])
