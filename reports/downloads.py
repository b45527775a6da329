"""A summary version as a downloaded file: the same bytes and name from the page and the API."""

from django.http import HttpResponse

from .documents import FORMATS, render
from .models import Summary
from .selectors.summaries import summary_document


def summary_file_response(summary: Summary, fmt: str) -> HttpResponse:
    """`fmt` must be one of FORMATS (the callers answer 404 otherwise)."""
    data = render(fmt, summary_document(summary=summary))
    number = summary.number or "du-thao"
    filename = f"bao-cao-{number}-{summary.period.year}-v{summary.version}.{fmt}"
    response = HttpResponse(data, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
