"""The board files the digitally signed copy of an issued summary through the page; the
committee then sees "Bản đã ký" and its download first (issue 16)."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reports.documents import render as render_document
from reports.selectors.summaries import summary_document
from reports.services.summaries import summary_assemble, summary_issue
from signatures.models import SignedCopy
from tests.factories_summaries import period_with_reports
from tests.signing import CertificateAuthority

from .conftest import check_page, vi

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_board_files_the_signed_copy_and_the_committee_downloads_it_first(
    new_page, directive, board, committee, tmp_path, settings
):
    authority = CertificateAuthority(tmp_path / "pki")
    settings.SIGNATURE_TRUST_ROOTS_DIR = str(authority.roots_folder())
    head = authority.issue("Nguyễn Văn Thử", "head")
    data = period_with_reports(directive)
    summary = summary_assemble(period=data.period, user=board)
    summary_issue(summary=summary, user=board, number="12", issued_on=datetime.date(2026, 7, 5))
    signed_pdf = tmp_path / "bao-cao-12-da-ky.pdf"
    signed_pdf.write_bytes(head.sign(render_document("pdf", summary_document(summary=summary))))

    board_page = new_page(board)
    board_page.goto(reverse("reports:summary_detail", args=[summary.pk]))
    expect(
        board_page.get_by_text(
            vi("No signed copy has been filed yet: the files below are not signed.")
        )
    ).to_be_visible()
    board_page.get_by_label(vi("Signed copy (PDF)")).set_input_files(str(signed_pdf))
    board_page.get_by_role("button", name=vi("File the signed copy")).click()
    expect(board_page.get_by_text(vi("Signed copy filed"))).to_be_visible()
    assert SignedCopy.objects.get(summary=summary).kind == SignedCopy.Kind.DIGITAL

    member = new_page(committee)
    member.goto(reverse("reports:summary_detail", args=[summary.pk]))
    section = member.locator("#signed-copy")
    expect(section.get_by_role("heading", name=vi("Signed copy"))).to_be_visible()
    expect(section).to_contain_text("Nguyễn Văn Thử")
    expect(section).to_contain_text(vi("Certificate chains to a root the office trusts"))
    with member.expect_download() as download:
        section.get_by_role(
            "link", name=vi("Download the signed copy (digitally signed PDF)")
        ).click()
    assert download.value.suggested_filename == "bao-cao-12-da-ky.pdf"
    assert open(download.value.path(), "rb").read() == signed_pdf.read_bytes()
    check_page(member, "summary-signed")
