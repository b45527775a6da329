"""An issued version's documents are rendered once and then served as stored; a draft's are
rendered from the live data on every download."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document

from reports import documents
from reports.models import SummaryFile
from reports.services.summaries import summary_assemble, summary_issue, summary_update
from reports.services.summary_files import summary_file

from .factories_summaries import period_with_reports

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(directive, board):
    return summary_assemble(period=period_with_reports(directive).period, user=board)


@pytest.fixture
def issued(draft, board):
    summary_issue(summary=draft, user=board, number="12", issued_on=datetime.date(2026, 7, 5))
    draft.refresh_from_db()
    return draft


def _download(client, summary, fmt):
    response = client.get(reverse("reports:summary_download", args=[summary.pk, fmt]))
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx"])
def test_an_issued_version_is_rendered_once_and_served_as_stored(
    client, committee, issued, fmt, monkeypatch
):
    client.force_login(committee)
    first = _download(client, issued, fmt)
    assert bytes(SummaryFile.objects.get(summary=issued, format=fmt).data) == first

    def no_render(*args, **kwargs):
        raise AssertionError("an issued version's stored document was rendered again")

    monkeypatch.setattr(documents, "render", no_render)
    monkeypatch.setattr("reports.services.summary_files.render", no_render)
    assert _download(client, issued, fmt) == first
    assert SummaryFile.objects.filter(summary=issued).count() == 1


def test_a_draft_is_never_stored_and_shows_its_latest_text(client, board, draft):
    client.force_login(board)
    _download(client, draft, "docx")
    summary_update(summary=draft, user=board, values={"opening": "Mở đầu đã sửa lần hai."})
    text = "\n".join(
        p.text for p in Document(io.BytesIO(_download(client, draft, "docx"))).paragraphs
    )
    assert "Mở đầu đã sửa lần hai." in text
    assert not SummaryFile.objects.exists()


def test_two_first_downloads_at_once_answer_with_the_one_copy_kept(issued, monkeypatch):
    rendered = documents.render("xlsx", issued.content)

    def render_while_another_worker_stores(fmt, content):
        # The other worker's insert lands between this one's read and its own insert.
        SummaryFile.objects.create(summary=issued, format=fmt, data=b"kept copy")
        return rendered

    monkeypatch.setattr("reports.services.summary_files.render", render_while_another_worker_stores)
    assert summary_file(summary=issued, fmt="xlsx") == b"kept copy"
    assert SummaryFile.objects.get(summary=issued, format="xlsx").data == b"kept copy"
