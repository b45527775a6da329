"""What other systems are given: API clients with their scope, calendar feeds, webhooks and the
record of every webhook delivery."""

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey

from assignments.models import Body


class APIClient(AbstractAPIKey):
    """Another system (hệ thống kết nối): an e-office, the Party's central task system.

    Its key is shown once when created and kept only as a hash (djangorestframework-api-key).
    The access rules of reports.access ask a client the same questions as a person: a client
    with bodies acts as their staff; a read-all client reads like the Standing Committee.
    """

    bodies = models.ManyToManyField(
        Body,
        verbose_name=_("bodies"),
        related_name="api_clients",
        blank=True,
        help_text=_("The client reads and writes these bodies' reports, as their staff do."),
    )
    read_all = models.BooleanField(
        _("read-only over everything"),
        default=False,
        help_text=_("For the board's systems: reads every body's data and writes nothing."),
    )
    rate_limit_per_minute = models.PositiveIntegerField(
        _("requests a minute"),
        default=120,
        validators=[MinValueValidator(1)],
        help_text=_("Beyond this the client is answered 429 until the minute has passed."),
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        constraints = [
            models.CheckConstraint(
                condition=Q(rate_limit_per_minute__gte=1), name="apiclient_rate_limit_positive"
            ),
        ]

    def __str__(self):
        return self.name

    # The attributes reports.access asks of a principal (see the class docstring).
    is_authenticated = True
    is_anonymous = False
    is_board = False

    @property
    def is_committee(self) -> bool:
        return self.read_all

    @property
    def sees_every_body(self) -> bool:
        return self.read_all


def _feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's secret calendar address; renewing the token revokes the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="calendar_feed",
        on_delete=models.CASCADE,
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=_feed_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_fetched_at = models.DateTimeField(_("last fetched at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)


def _webhook_secret() -> str:
    return secrets.token_hex(32)


class Webhook(models.Model):
    """A URL the board registers to be told of reviews and issued summaries."""

    class Event(models.TextChoices):
        REPORT_SENT = "report.sent", _("a report is sent")
        REPORT_ACCEPTED = "report.accepted", _("a report is accepted")
        REPORT_RETURNED = "report.returned", _("a report is returned")
        SUMMARY_ISSUED = "summary.issued", _("a summary is issued")

    name = models.CharField(_("name"), max_length=120)
    url = models.URLField(_("URL"), max_length=500)
    # Kept readable: the application signs with it; the receiver checks with its own copy.
    secret = models.CharField(_("signing secret"), max_length=128, default=_webhook_secret)
    events = models.JSONField(
        _("events"), default=list, help_text=_("Leave empty to receive every event.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def wants(self, event: str) -> bool:
        return not self.events or event in self.events


class WebhookDelivery(models.Model):
    """One event for one webhook, written in the transaction of the change it reports, so an
    event is never lost nor told of a change that was rolled back (an outbox)."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    webhook = models.ForeignKey(
        Webhook, verbose_name=_("webhook"), related_name="deliveries", on_delete=models.CASCADE
    )
    event = models.CharField(_("event"), max_length=40, choices=Webhook.Event.choices)
    payload = models.JSONField(_("payload"))
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    # A worker sending it holds it until then; past it, another may presume the first one dead.
    leased_until = models.DateTimeField(_("leased until"), null=True, blank=True)
    last_status = models.PositiveIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["pending", "delivered", "failed"]),
                name="webhookdelivery_state_valid",
            ),
        ]
        indexes = [
            # The sweep looks for pending deliveries whose time has come.
            models.Index(fields=["state", "next_attempt_at"], name="webhookdelivery_due_idx"),
        ]

    def __str__(self):
        return f"{self.event} → {self.webhook}"
