from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assignments.models import Body

from ..models.periods import ReportingPeriod


class OutgoingEmail(models.Model):
    """One e-mail to send, rendered when its cause happened; the row is the promise to send it."""

    class Kind(models.TextChoices):
        CHASE = "chase", _("chase")
        REVIEW = "review", _("review")
        REMINDER = "reminder", _("reminder")
        SUMMARY = "summary", _("summary")
        OTHER = "other", _("other")

    class State(models.TextChoices):
        PENDING = "pending", _("waiting to be delivered")
        SENT = "sent", _("delivered to the mail server")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # What the message is about, for the reminders page; empty for a message about no body.
    body = models.ForeignKey(
        Body,
        verbose_name=_("body"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("period"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    recipients = models.TextField(_("recipients"), help_text=_("One address per line."))
    subject = models.CharField(_("subject"), max_length=255)
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    # Held by the worker sending it, so two workers (or a worker and a sweep) never send twice.
    lease_until = models.DateTimeField(_("being sent until"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["pending", "sent", "failed"]),
                name="outgoingemail_state_valid",
            ),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False),
                name="outgoingemail_sent_has_time",
            ),
        ]
        indexes = [
            # The sweep asks for pending rows whose next attempt has come; /healthz for the
            # oldest pending one.
            models.Index(fields=["state", "next_attempt_at"], name="outgoingemail_due_idx"),
            models.Index(fields=["state", "created_at"], name="outgoingemail_state_age_idx"),
        ]

    def __str__(self):
        return self.subject

    @property
    def recipient_list(self) -> list[str]:
        return [line for line in self.recipients.splitlines() if line.strip()]
