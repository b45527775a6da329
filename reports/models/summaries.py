from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .periods import ReportingPeriod
from .progress import ProgressEntry


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
    # Counts saves of the draft, so that of two board members editing it at once the later save
    # is refused instead of silently replacing the other's text.
    revision = models.PositiveIntegerField(_("revision"), default=0)
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

    # The narrative: editable text, prefilled by summary_assemble from the accepted reports.
    title = models.TextField(_("summary line"), blank=True)
    opening = models.TextField(_("opening"), blank=True)
    deployment = models.TextField(_("I. deployment and dissemination"), blank=True)
    results = models.TextField(_("II. results"), blank=True)
    limitations = models.TextField(_("III. limitations, difficulties and causes"), blank=True)
    direction = models.TextField(_("IV. direction and tasks ahead"), blank=True)
    proposals = models.TextField(_("V. proposals and recommendations"), blank=True)

    # The letterhead is data, not layout: the names in force for the report's office change
    # (Kiên Giang merged into An Giang in 2025). Defaults come from reports.documents.layout.
    parent_body = models.CharField(_("parent body"), max_length=255, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=255, blank=True)
    symbol = models.CharField(_("symbol"), max_length=40, blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    authority_line = models.CharField(_("authority line"), max_length=120, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=120, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=120, blank=True)
    # One recipient per line, as printed under "Nơi nhận:".
    recipients = models.TextField(_("recipients (Nơi nhận)"), blank=True)
    # Annex 2 holds every body's own text; the board may leave it out of what it issues.
    include_detail_annex = models.BooleanField(
        _("include annex 2 (each body's own text)"), default=True
    )

    # Everything the documents print, frozen when issued, so a later change in the bodies'
    # reports never alters an issued report. Empty while a draft: drafts print live data.
    content = models.JSONField(_("content"), default=dict, blank=True, editable=False)

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

    def get_absolute_url(self):
        return reverse("reports:summary_detail", args=[self.pk])

    @property
    def is_issued(self) -> bool:
        return self.state == self.State.ISSUED

    @property
    def reference(self) -> str:
        """The printed reference, '12-BC/BTGTU'."""
        return f"{self.number}-{self.symbol}" if self.number else ""


class SummaryFile(models.Model):
    """An issued version's document in one format, as first downloaded.

    An issued version's content is frozen, so its DOCX, PDF and XLSX can never change: they are
    rendered once, on the first download, and every later download (page, API or seal) serves
    these bytes, which also keeps every copy of the issued document identical. Drafts are never
    stored; they are rendered on each download from the live data."""

    summary = models.ForeignKey(
        Summary, on_delete=models.CASCADE, related_name="files", verbose_name=_("summary")
    )
    format = models.CharField(_("format"), max_length=8)
    data = models.BinaryField(_("data"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("issued summary file")
        verbose_name_plural = _("issued summary files")
        constraints = [
            models.UniqueConstraint(fields=["summary", "format"], name="summary_file_once"),
        ]

    def __str__(self):
        return f"{self.summary_id}.{self.format}"


class SummaryHighlight(models.Model):
    """A passage of a body's report the board marked for quotation in the periodic summary
    (nội dung tiêu biểu, đưa vào báo cáo tổng hợp), optionally shortened to its own excerpt."""

    class Field(models.TextChoices):
        RESULTS = "results", _("what was done")
        DIFFICULTIES = "difficulties", _("difficulties")
        PROPOSALS = "proposals", _("proposals")

    entry = models.ForeignKey(
        ProgressEntry,
        verbose_name=pgettext_lazy("a report's entry", "entry"),
        related_name="highlights",
        on_delete=models.CASCADE,
    )
    field = models.CharField(_("passage"), max_length=16, choices=Field.choices)
    # Empty: the whole passage is quoted as the body wrote it.
    excerpt = models.TextField(_("excerpt"), blank=True)
    marked_at = models.DateTimeField(_("marked at"), auto_now=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("highlight for the summary")
        verbose_name_plural = _("highlights for the summary")
        ordering = ["entry", "field"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "field"], name="highlight_unique_passage"),
            models.CheckConstraint(
                condition=Q(field__in=["results", "difficulties", "proposals"]),
                name="highlight_field_valid",
            ),
        ]

    def __str__(self):
        return f"{self.entry} – {self.get_field_display()}"

    @property
    def text(self) -> str:
        """What the summary quotes: the board's excerpt, or the body's whole passage."""
        return self.excerpt.strip() or getattr(self.entry, self.field).strip()
