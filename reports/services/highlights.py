"""Writes for highlights: the board marks a passage of a body's report for the summary."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..documents.layout import nfc
from ..models import ProgressEntry, ProgressReport, SummaryHighlight

EXCERPT_MAX_CHARS = 1000


@transaction.atomic
def highlight_mark(
    *, entry: ProgressEntry, field: str, user, excerpt: str = ""
) -> SummaryHighlight:
    """Marks (or re-marks with a new excerpt) an entry's passage "đưa vào báo cáo tổng hợp"."""
    if field not in SummaryHighlight.Field.values:
        raise ValidationError(_("Choose the result, the difficulty or the proposal to mark."))
    if entry.report.state not in ProgressReport.SENT_STATES:
        raise ValidationError(_("Only a passage of a sent report can be marked for the summary."))
    if not getattr(entry, field).strip():
        raise ValidationError(_("This passage is empty: there is nothing to quote."))
    excerpt = " ".join(nfc(excerpt).split())
    if len(excerpt) > EXCERPT_MAX_CHARS:
        raise ValidationError(
            _("The excerpt is too long: at most %(count)s characters.")
            % {"count": EXCERPT_MAX_CHARS}
        )
    highlight, _created = SummaryHighlight.objects.update_or_create(
        entry=entry, field=field, defaults={"excerpt": excerpt, "marked_by": user}
    )
    return highlight


@transaction.atomic
def highlight_unmark(*, entry: ProgressEntry, field: str) -> None:
    SummaryHighlight.objects.filter(entry=entry, field=field).delete()
