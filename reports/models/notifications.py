from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message shown under the bell in the page header until its reader marks it read."""

    class Kind(models.TextChoices):
        REVIEW = "review", _("review")
        CHASE = "chase", _("chase")
        REMINDER = "reminder", _("reminder")
        SUMMARY = "summary", _("summary")
        DELIVERY = "delivery", _("e-mail not delivered")
        ESCALATION = "escalation", _("still late")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="notifications",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    message = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The bell on every page counts a user's unread notifications.
            models.Index(fields=["user", "read_at"], name="notification_user_unread_idx"),
            # A user's list of notifications, newest first, one page at a time.
            models.Index(
                fields=["user", "-created_at", "-id"], name="notification_user_created_idx"
            ),
        ]

    def __str__(self):
        return self.title
