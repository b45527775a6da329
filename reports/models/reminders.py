from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assignments.models import Body

from .periods import ReportingPeriod


class Reminder(models.Model):
    """One reminder (nhắc việc) to one body for one occasion: the record that it is sent once.

    The row is the claim. It is inserted before anything is sent, and the unique constraint on
    (period, body, kind, occasion) lets exactly one scan insert it however many run at once; the
    task that sends it is enqueued only after that insert commits.
    """

    class Kind(models.TextChoices):
        SUMMARY_UPCOMING = "summary_upcoming", _("summary due soon")
        SUMMARY_DUE = "summary_due", _("summary due today")
        SUMMARY_OVERDUE = "summary_overdue", _("summary overdue")
        REPORT_UPCOMING = "report_upcoming", _("report due soon")
        REPORT_DUE = "report_due", _("report due today")
        REPORT_LATE = "report_late", _("report late")
        # One digest to the board of the bodies still late long after the due date.
        REPORT_ESCALATION = "report_escalation", _("bodies still late")

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        # Nobody to receive it: no staff account with an e-mail and no office e-mail.
        UNREACHABLE = "unreachable", _("unreachable")
        # A newer occasion of the same reminder went out first (a late scan, a clock behind).
        SUPERSEDED = "superseded", _("superseded")
        FAILED = "failed", _("failed")

    BOARD_KINDS = (
        Kind.SUMMARY_UPCOMING,
        Kind.SUMMARY_DUE,
        Kind.SUMMARY_OVERDUE,
        Kind.REPORT_ESCALATION,
    )
    # Occasions of one series: a newer one makes an older one of the same series pointless.
    SERIES = {
        Kind.SUMMARY_UPCOMING: "summary",
        Kind.SUMMARY_DUE: "summary",
        Kind.SUMMARY_OVERDUE: "summary",
        Kind.REPORT_UPCOMING: "report",
        Kind.REPORT_DUE: "report",
        Kind.REPORT_LATE: "report",
        Kind.REPORT_ESCALATION: "escalation",
    }

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("period"),
        related_name="reminders",
        on_delete=models.CASCADE,
    )
    body = models.ForeignKey(
        Body,
        verbose_name=_("recipient body"),
        related_name="reminders",
        on_delete=models.CASCADE,
        help_text=_("The monitoring body for the board's reminders; the reporting body otherwise."),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    occasion = models.DateField(_("occasion"), help_text=_("The day this reminder fell due."))
    due_on = models.DateField(_("due date"))
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # Held by the worker sending it; another worker waits for it to pass before taking over, so
    # a worker killed mid-send is replaced and two live workers never send at once.
    lease_until = models.DateTimeField(_("being sent until"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    notified_at = models.DateTimeField(_("shown in the app at"), null=True, blank=True)
    emailed_to = models.TextField(_("e-mailed to"), blank=True)
    # The scan whose batch inserted the row: how a scan tells its claims from a concurrent one's.
    claim_token = models.CharField(_("claimed by scan"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("claimed at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "body", "kind", "occasion"], name="reminder_unique_occasion"
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "summary_upcoming",
                        "summary_due",
                        "summary_overdue",
                        "report_upcoming",
                        "report_due",
                        "report_late",
                        "report_escalation",
                    ]
                ),
                name="reminder_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "sent", "unreachable", "superseded", "failed"]),
                name="reminder_state_valid",
            ),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False),
                name="reminder_sent_has_time",
            ),
        ]
        indexes = [
            # The scan looks for pending reminders whose sending was lost, to enqueue them again.
            models.Index(fields=["state", "created_at"], name="reminder_state_created_idx"),
            # The board's list of reminders, newest first, one page at a time.
            models.Index(fields=["-created_at", "-id"], name="reminder_created_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.body} – {self.period.label} ({self.occasion})"

    @property
    def for_board(self) -> bool:
        return self.kind in self.BOARD_KINDS

    @property
    def series(self) -> str:
        return self.SERIES[self.kind]


class JobHeartbeat(models.Model):
    """When a scheduled job last ran to completion: what /healthz and the status page report."""

    REMINDERS_SCAN = "reminders_scan"

    name = models.CharField(_("job"), max_length=64, unique=True)
    last_started_at = models.DateTimeField(_("last started at"), null=True, blank=True)
    last_completed_at = models.DateTimeField(_("last completed at"), null=True, blank=True)
    last_outcome = models.CharField(_("last outcome"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("job heartbeat")
        verbose_name_plural = _("job heartbeats")
        ordering = ["name"]

    def __str__(self):
        return self.name
