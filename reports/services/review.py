"""The board's review of a body's report: accept it, or return it with a comment."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assignments.selectors import body_addresses, body_staff
from reports import events
from reports.models import Notification, OutgoingEmail, ProgressReport
from reports.notifications import about, notification_create
from reports.outbox.services import queue_email

logger = logging.getLogger(__name__)


def report_accept(*, report: ProgressReport, user, version: int | None = None) -> ProgressReport:
    """Accepts a submitted report. With `version`, only the version the reviewer read."""
    return _report_review(
        report=report, user=user, state=ProgressReport.State.ACCEPTED, comment="", version=version
    )


def report_return(
    *, report: ProgressReport, user, comment: str, version: int | None = None
) -> ProgressReport:
    """Returns a submitted report to its body, with the comment that says what to fix."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": _("Write a comment telling the body what to fix before returning it.")}
        )
    return _report_review(
        report=report,
        user=user,
        state=ProgressReport.State.RETURNED,
        comment=comment,
        version=version,
    )


def _report_review(
    *, report: ProgressReport, user, state: str, comment: str, version: int | None
) -> ProgressReport:
    now = timezone.now()
    with transaction.atomic():
        # The conditional update is the claim: when two board members review at once, or the
        # body withdrew the report meanwhile, only one UPDATE finds the row still submitted.
        claim = ProgressReport.objects.filter(pk=report.pk, state=ProgressReport.State.SUBMITTED)
        if version is not None:
            claim = claim.filter(version=version)
        counted = {}
        if state == ProgressReport.State.RETURNED:
            counted["times_returned"] = F("times_returned") + 1
        claimed = claim.update(
            **counted,
            state=state,
            reviewed_by=user,
            reviewed_at=now,
            review_comment=comment,
            version=F("version") + 1,
            updated_at=now,
        )
        if not claimed:
            report.refresh_from_db()
            if report.state != ProgressReport.State.SUBMITTED:
                raise ValidationError(
                    _("Only a submitted report can be reviewed; this one is now “%(state)s”.")
                    % {"state": report.get_state_display()}
                )
            raise ValidationError(
                _("The report changed after you opened it. Read it again before reviewing it.")
            )
        report.refresh_from_db()
        # A second save of the same values writes the history record the report page shows;
        # QuerySet.update() alone leaves no trace in django-simple-history.
        report._change_reason = state
        report._history_user = user
        report._history_date = now
        report.save(update_fields=["updated_at"])
        events.announce(
            event=events.REPORT_ACCEPTED
            if state == ProgressReport.State.ACCEPTED
            else events.REPORT_RETURNED,
            report=report,
        )

        _notify(report=report, accepted=state == ProgressReport.State.ACCEPTED, comment=comment)
    return report


def _notify(*, report: ProgressReport, accepted: bool, comment: str) -> None:
    body, period = report.body, report.period
    staff = list(body_staff(body=body))
    subject = about(body=body, period=period)
    # A returned report opens on its form, to be fixed; an accepted one on its page.
    url = (
        report.get_absolute_url() if accepted else reverse("reports:report_edit", args=[report.pk])
    )
    # Stored notices are written in the offices' language, whatever the reviewer's is.
    with translation.override(settings.LANGUAGE_CODE):
        if accepted:
            title = _("The report of %(about)s was accepted")
        else:
            title = _("The report of %(about)s was returned")
        title = title % {"about": subject}
    notification_create(
        users=staff, kind=Notification.Kind.REVIEW, title=title, message=comment, url=url
    )
    queue_email(
        recipients=body_addresses(body=body, staff=staff),
        template="review",
        context={
            "report": report,
            "period": period,
            "body": body,
            "about": subject,
            "accepted": accepted,
            "comment": comment,
            "url": url,
        },
        kind=OutgoingEmail.Kind.REVIEW,
        body=body,
        period=period,
    )
