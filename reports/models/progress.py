from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from assignments.models import Body, Duty, Indicator

from .periods import ReportingPeriod


class ProgressReport(models.Model):
    """What one body reports for one period (báo cáo của đơn vị)."""

    class State(models.TextChoices):
        NOT_REPORTED = "not_reported", _("not reported")
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        ACCEPTED = "accepted", _("accepted")
        RETURNED = "returned", _("returned")

    # Its body still owes it, and may edit it: nothing sent yet, or sent back by the board.
    OUTSTANDING_STATES = (State.NOT_REPORTED, State.DRAFT, State.RETURNED)
    # Sent, and not sent back: what reminders, chases and the dashboard count as reported.
    SENT_STATES = (State.SUBMITTED, State.ACCEPTED)

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("period"),
        related_name="reports",
        on_delete=models.CASCADE,
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), related_name="reports", on_delete=models.PROTECT
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.NOT_REPORTED
    )
    # Optimistic locking: a save carries the version it was edited from, and is refused when
    # someone else saved in between, so no one's text is silently overwritten.
    version = models.PositiveIntegerField(_("version"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Kept by report_submit and report_return (the only writers) so that the body record and
    # the ranking judge and count reports from this table alone, not from their history: a
    # report returned and sent again keeps its first sending, by which it is judged on time.
    first_sent_at = models.DateTimeField(_("first sent at"), null=True, blank=True)
    times_returned = models.PositiveIntegerField(_("times returned"), default=0)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["period", "body__sort_order", "body__name"]
        constraints = [
            models.UniqueConstraint(fields=["period", "body"], name="progressreport_unique_body"),
            models.CheckConstraint(
                condition=Q(
                    state__in=["not_reported", "draft", "submitted", "accepted", "returned"]
                ),
                name="progressreport_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["not_reported", "draft"]) | Q(submitted_at__isnull=False),
                name="progressreport_submitted_has_time",
            ),
        ]
        indexes = [
            # The dashboard counts a period's reports by state.
            models.Index(fields=["period", "state"], name="report_period_state_idx"),
        ]

    def __str__(self):
        return f"{self.body} – {self.period.label}"

    def get_absolute_url(self):
        return reverse("reports:report_detail", args=[self.pk])

    @property
    def is_late(self) -> bool:
        """Submitted after the due date (its local calendar day), or still unsent past it."""
        return self.period.sent_late(self.submitted_at or timezone.now())


class ProgressEntry(models.Model):
    """One duty inside a progress report: its status, results and figures this period."""

    class Status(models.TextChoices):
        DONE_ON_TIME = "done_on_time", _("completed on time")
        DONE_LATE = "done_late", _("completed late")
        IN_PROGRESS_ON_TIME = "in_progress_on_time", _("in progress, on schedule")
        IN_PROGRESS_LATE = "in_progress_late", _("in progress, overdue")

    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("report"),
        related_name="entries",
        on_delete=models.CASCADE,
    )
    duty = models.ForeignKey(Duty, verbose_name=_("duty"), on_delete=models.PROTECT)
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, blank=True)
    results = models.TextField(_("what was done"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["report", "duty__assignment__number", "duty__number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "duty"], name="progressentry_unique_duty"),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "",
                        "done_on_time",
                        "done_late",
                        "in_progress_on_time",
                        "in_progress_late",
                    ]
                ),
                name="progressentry_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.report} – {self.duty.label}"


class IndicatorFigure(models.Model):
    """A body's figure for one indicator of one duty in one period."""

    entry = models.ForeignKey(
        ProgressEntry,
        verbose_name=pgettext_lazy("a report's entry", "entry"),
        related_name="figures",
        on_delete=models.CASCADE,
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), related_name="figures", on_delete=models.PROTECT
    )
    value = models.PositiveIntegerField(_("value"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator figure")
        verbose_name_plural = _("indicator figures")
        ordering = ["entry", "indicator__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "indicator"], name="indicatorfigure_unique_indicator"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="indicatorfigure_value_gte_0"),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value}"
