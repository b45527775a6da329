from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .periods import ReportingPeriod


class Summary(models.Model):
    """The board's periodic report (báo cáo định kỳ) to the Standing Committee for a period.

    Issued versions are frozen; a later change is a new version, and every version stays.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        ISSUED = "issued", _("issued")

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("period"),
        related_name="summaries",
        on_delete=models.PROTECT,
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    number = models.CharField(_("number"), max_length=20, blank=True)
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("periodic summary")
        verbose_name_plural = _("periodic summaries")
        ordering = ["period", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["period", "version"], name="summary_unique_version"),
            models.UniqueConstraint(
                fields=["period"], condition=Q(state="draft"), name="summary_one_draft_per_period"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "issued"]), name="summary_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(state="draft")
                | (Q(issued_at__isnull=False) & Q(issued_on__isnull=False) & ~Q(number="")),
                name="summary_issued_has_number_and_date",
            ),
        ]

    def __str__(self):
        return f"{self.period.label} (v{self.version})"
