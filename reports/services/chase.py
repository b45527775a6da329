"""Chasing (đôn đốc): the board reminds bodies whose report for a period is still outstanding."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assignments.models import Body, Task
from assignments.selectors import body_staff
from reports.models import Chase, Notification, ProgressReport, ReportingPeriod
from reports.notifications import email_send_after_commit, notification_create


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
    staff = list(body_staff(body=chase.body))
    url = report.get_absolute_url() if report is not None else reverse("home")
    period = chase.period
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Reminder: your report for %(period)s is due") % {"period": period.label}
        message = _("The report was due on %(date)s. Please send it as soon as possible.") % {
            "date": period.body_due.strftime("%d/%m/%Y")
        }
    notification_create(
        users=staff, kind=Notification.Kind.CHASE, title=title, message=message, url=url
    )
    recipients = [member.email for member in staff]
    context = {"chase": chase, "period": period, "body": chase.body, "url": url}
    email_send_after_commit(recipients=recipients, template="chase", context=context)
