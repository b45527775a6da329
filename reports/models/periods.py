from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assignments.models import Directive


class ReportingPeriod(models.Model):
    """A kỳ báo cáo: what each responsible body reports on, with its cut-off and due dates."""

    Kind = Directive.ReportKind

    directive = models.ForeignKey(
        Directive, verbose_name=_("directive"), related_name="periods", on_delete=models.CASCADE
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    data_cutoff = models.DateField(_("data cut-off"))
    body_due = models.DateField(_("bodies' reports due"))
    summary_due = models.DateField(_("board's summary due"))

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["directive", "ends_on", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "kind", "year"], name="reportingperiod_unique_kind_year"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["half_year", "annual"]), name="reportingperiod_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__lte=F("ends_on")), name="reportingperiod_starts_before_end"
            ),
            models.CheckConstraint(
                condition=Q(data_cutoff__lte=F("body_due")) & Q(body_due__lte=F("summary_due")),
                name="reportingperiod_due_dates_in_order",
            ),
        ]
        indexes = [
            # The reminder scan and the home pages look for periods by due date.
            models.Index(fields=["body_due"], name="period_body_due_idx"),
            models.Index(fields=["summary_due"], name="period_summary_due_idx"),
        ]

    def __str__(self):
        return f"{self.label} – {self.directive.reference}"

    def sent_late(self, submitted_at) -> bool:
        return self.late_for(submitted_at, self.body_due)

    @staticmethod
    def late_for(submitted_at, body_due) -> bool:
        """Whether a report sent at this moment missed the bodies' due date, judged by the
        calendar day in the offices' time zone (a report sent at 00:30 on the 16th, local time,
        is late for the 15th even though it is still the 15th in UTC). Static for lists read
        as plain rows."""
        return timezone.localdate(submitted_at) > body_due

    @property
    def label(self) -> str:
        return self.label_of(self.kind, self.year)

    @classmethod
    def label_of(cls, kind: str, year: int) -> str:
        if kind == cls.Kind.HALF_YEAR:
            return _("first six months of %(year)s") % {"year": year}
        return _("year %(year)s") % {"year": year}
