"""Test data for the progress-report feature: opened reports and evidence files."""

import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from assignments.models import Body, Indicator
from reports.models import Evidence, ProgressReport
from reports.services.periods import periods_create_upcoming

from .factories import ProgressEntryFactory

# A day inside the first six months of 2026: its period is due on 15/06/2026.
SPRING_DAY = datetime.date(2026, 3, 1)

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
JPG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Biên bản")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def upload(name: str = "bien-ban.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def open_report(*, body_code: str = "bcsd-ubnd", today=SPRING_DAY) -> ProgressReport:
    """The six-month 2026 report of a body of the shipped directive (needs the fixture)."""
    periods_create_upcoming(today=today)
    return ProgressReport.objects.select_related("period__directive", "body").get(
        body=Body.objects.get(code=body_code), period__kind="half_year", period__year=today.year
    )


def add_indicator(report: ProgressReport, *, name="Số tin bài xấu độc đã xử lý", unit="tin"):
    entry = report.entries.select_related("duty").first()
    return Indicator.objects.create(duty=entry.duty, name=name, unit=unit)


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    entry = factory.SubFactory(ProgressEntryFactory)
    file = factory.django.FileField(filename="evidence.pdf", data=PDF_BYTES)
    original_name = "bien-ban.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
