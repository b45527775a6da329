"""A summary version's downloadable document: rendered for a draft, stored once for an issued
version (see SummaryFile)."""

from ..documents import render
from ..models import Summary, SummaryFile
from ..selectors.summaries import summary_document


def summary_file(*, summary: Summary, fmt: str) -> bytes:
    """The document of `summary` in `fmt` (one of documents.FORMATS)."""
    if not (summary.is_issued and summary.content):
        return render(fmt, summary_document(summary=summary))
    stored = SummaryFile.objects.filter(summary=summary, format=fmt).values_list("data", flat=True)
    data = stored.first()
    if data is None:
        # Two first downloads at once both render; the unique constraint keeps one, and both
        # answer with the one kept so that no two copies of an issued document differ.
        SummaryFile.objects.bulk_create(
            [SummaryFile(summary=summary, format=fmt, data=render(fmt, summary.content))],
            ignore_conflicts=True,
        )
        data = stored.get()
    return bytes(data)
