from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assignments.models import Body

from .periods import ReportingPeriod


class Chase(models.Model):
    """A đôn đốc: the board's reminder to a body that has not reported for a period.

    One per body per period per day: the unique constraint is the claim, so however many board
    members click at once, one insert wins and only its author notifies the body.
    """

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), related_name="chases", on_delete=models.CASCADE
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), related_name="chases", on_delete=models.PROTECT
    )
    chased_on = models.DateField(_("chased on"))
    # Empty for a chase the reminder job sent on its own.
    chased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chased by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    # False when neither a staff account with an e-mail nor an office e-mail reached the body:
    # the board is told which bodies to fix.
    reached = models.BooleanField(_("reached someone"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("chase")
        verbose_name_plural = _("chases")
        ordering = ["-chased_on", "-created_at", "body__sort_order"]
        constraints = [
            # Its index also serves the dashboard's list of a period's chases (period first).
            models.UniqueConstraint(
                fields=["period", "body", "chased_on"], name="chase_one_per_body_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.body} – {self.chased_on:%d/%m/%Y}"
