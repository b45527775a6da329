"""A summary version as a downloaded file: the same bytes and name from the page and the API."""

from django.http import HttpResponse

from .documents import FORMATS
from .models import Summary
from .services.summary_files import summary_file


def summary_file_response(summary: Summary, fmt: str) -> HttpResponse:
    """`fmt` must be one of FORMATS (the callers answer 404 otherwise)."""
    data = summary_file(summary=summary, fmt=fmt)
    number = summary.number or "du-thao"
    filename = f"bao-cao-{number}-{summary.period.year}-v{summary.version}.{fmt}"
    response = HttpResponse(data, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
