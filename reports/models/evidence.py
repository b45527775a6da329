import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .progress import ProgressEntry

# The accepted evidence types: extension -> the MIME type its content must have.
EVIDENCE_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}


def evidence_storage_name(instance, filename: str) -> str:
    """A random name under evidence/: the uploader's name never becomes a path, so two files
    cannot collide and no name ("../x", "a/b") can leave the media folder."""
    extension = PurePosixPath(filename).suffix.lower()
    if extension not in EVIDENCE_TYPES:
        extension = ""
    return f"evidence/{uuid.uuid4().hex}{extension}"


class Evidence(models.Model):
    """A file a body attaches to one duty of its report (minutes, screenshots, statistics)."""

    entry = models.ForeignKey(
        ProgressEntry,
        verbose_name=pgettext_lazy("a report's entry", "entry"),
        related_name="evidence",
        on_delete=models.CASCADE,
    )
    file = models.FileField(_("file"), upload_to=evidence_storage_name, max_length=255)
    # Shown and offered as the download name; never used to build a path.
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    # Removed by the body after the board could see it: kept, out of the report, for the board.
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("superseded by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["entry", "uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("reports:evidence_download", args=[self.pk])
