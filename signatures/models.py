import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from reports.models import Summary


def signed_copy_storage_name(instance, filename: str) -> str:
    """A random name under signed/: an upload never replaces a stored file, and the uploader's
    name never becomes a path."""
    return f"signed/{uuid.uuid4().hex}.pdf"


class SignedCopy(models.Model):
    """One signed copy of an issued summary. A new upload adds a row: the earlier ones stay,
    with who filed them and when, and the latest upload is the one that counts."""

    class Kind(models.TextChoices):
        DIGITAL = "digital", _("digitally signed PDF")
        SCAN = "scan", _("scan of the signed paper")
        SEAL = "seal", _("PDF sealed by the office")

    class Trust(models.TextChoices):
        TRUSTED = "trusted", _("chains to a root the office trusts")
        NOT_CHECKED = "not_checked", _("not checked against a root")

    summary = models.ForeignKey(
        Summary,
        verbose_name=_("summary"),
        related_name="signed_copies",
        on_delete=models.PROTECT,
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=signed_copy_storage_name, max_length=255)
    # Shown and offered as the download name; never used to build a path.
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    uploaded_at = models.DateTimeField(_("filed at"), auto_now_add=True)

    # What the verification found, for a digital signature or the seal; blank for a scan.
    signer_name = models.CharField(_("signer"), max_length=255, blank=True)
    signer_subject = models.TextField(_("signer's certificate"), blank=True)
    issuer_name = models.CharField(_("certificate issued by"), max_length=255, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    trust = models.CharField(_("trust"), max_length=16, choices=Trust.choices, blank=True)

    class Meta:
        verbose_name = _("signed copy")
        verbose_name_plural = _("signed copies")
        ordering = ["summary", "-uploaded_at", "-pk"]
        constraints = [
            # Two workers sealing the same summary at once: one seal is stored.
            models.UniqueConstraint(
                fields=["summary"], condition=Q(kind="seal"), name="signed_copy_one_seal"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["digital", "scan", "seal"]), name="signed_copy_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind="scan", trust="")
                | (~Q(kind="scan") & Q(trust__in=["trusted", "not_checked"])),
                name="signed_copy_signature_has_trust",
            ),
        ]

    def __str__(self):
        return f"{self.summary} · {self.get_kind_display()} · {self.original_name}"

    def get_absolute_url(self):
        return reverse("signatures:signed_copy_download", args=[self.pk])

    @property
    def is_signed(self) -> bool:
        return self.kind != self.Kind.SCAN

    @property
    def is_trusted(self) -> bool:
        return self.trust == self.Trust.TRUSTED
