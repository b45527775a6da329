"""The signed copy of an issued summary (issue 16): a digitally signed PDF verified with pyHanko,
a scan filed as a scan, the office's optional seal, the history, and who may do what.

Every certificate is made here, at test time (tests/signing.py): a CA, the head of the board's
signing certificate, the office's seal."""

import copy
import datetime
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from reportlab.pdfgen import canvas

from reports.documents import render as render_document
from reports.selectors.summaries import summary_document
from reports.services.summaries import summary_assemble, summary_issue, summary_new_version
from signatures.models import SignedCopy
from signatures.pdf import load_trust_roots, signature_check
from signatures.services import signed_copy_file, summary_seal

from .factories_summaries import period_with_reports
from .signing import PASSWORD, CertificateAuthority

pytestmark = pytest.mark.django_db

ISSUED_ON = datetime.date(2026, 7, 5)


@pytest.fixture
def data(directive):
    return period_with_reports(directive)


@pytest.fixture
def issued(data, board):
    summary = summary_assemble(period=data.period, user=board)
    summary_issue(summary=summary, user=board, number="12", issued_on=ISSUED_ON)
    summary.refresh_from_db()
    return summary


@pytest.fixture
def ca(tmp_path):
    return CertificateAuthority(tmp_path / "pki")


@pytest.fixture
def head_of_board(ca):
    return ca.issue("Nguyễn Văn Thử", "head")


@pytest.fixture
def trusted(settings, ca):
    """The office trusts the test CA."""
    settings.SIGNATURE_TRUST_ROOTS_DIR = str(ca.roots_folder())


def _pdf(summary) -> bytes:
    return render_document("pdf", summary_document(summary=summary))


def _upload(data: bytes, name: str = "bao-cao-12-da-ky.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _scan() -> bytes:
    """A PDF like a scanner's: a picture of the page, no text, no digital signature."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFillGray(0.85)
    page.rect(40, 40, 515, 760, fill=1, stroke=0)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _file(client, summary, data, name="bao-cao-12-da-ky.pdf"):
    return client.post(
        reverse("signatures:signed_copy_upload", args=[summary.pk]), {"file": _upload(data, name)}
    )


def _error(client, summary, data) -> str:
    response = _file(client, summary, data)
    assert response.status_code == 400
    return response.content.decode()


# --- Verifying a digitally signed copy ----------------------------------------------------------


def test_a_good_signature_is_verified_filed_and_shown_first(
    client, board, committee, issued, head_of_board, trusted
):
    signed = head_of_board.sign(_pdf(issued))
    client.force_login(board)
    response = _file(client, issued, signed)
    assert response.status_code == 302 and response.url == issued.get_absolute_url()

    filed = SignedCopy.objects.get(summary=issued)
    assert filed.kind == SignedCopy.Kind.DIGITAL
    assert filed.signer_name == "Nguyễn Văn Thử"
    assert filed.issuer_name == "CA thử nghiệm Ban Cơ yếu"
    assert filed.trust == SignedCopy.Trust.TRUSTED
    assert filed.uploaded_by == board
    assert abs(filed.signed_at - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(hours=1)

    client.force_login(committee)
    page = client.get(issued.get_absolute_url()).content.decode()
    assert "Bản đã ký" in page
    assert "Nguyễn Văn Thử" in page
    assert (
        filed.signed_at.astimezone(datetime.timezone(datetime.timedelta(hours=7))).strftime(
            "%d/%m/%Y %H:%M"
        )
        in page
    )
    assert "Chứng thư chuỗi về chứng thư gốc mà văn phòng tin cậy" in page
    download = filed.get_absolute_url()
    # The signed copy comes first; the generated files stay.
    assert page.index(download) < page.index(
        reverse("reports:summary_download", args=[issued.pk, "pdf"])
    )
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == signed
    assert response["Content-Type"] == "application/pdf"
    # The committee only reads: no upload form.
    assert reverse("signatures:signed_copy_upload", args=[issued.pk]) not in page


def test_with_no_trust_roots_configured_the_signature_is_not_checked_against_one(
    client, board, issued, head_of_board, settings
):
    settings.SIGNATURE_TRUST_ROOTS_DIR = ""
    client.force_login(board)
    assert _file(client, issued, head_of_board.sign(_pdf(issued))).status_code == 302
    filed = SignedCopy.objects.get(summary=issued)
    assert filed.trust == SignedCopy.Trust.NOT_CHECKED
    page = client.get(issued.get_absolute_url()).content.decode()
    assert "Chưa kiểm tra với chứng thư gốc" in page
    assert "Chứng thư chuỗi về chứng thư gốc mà văn phòng tin cậy" not in page


def test_a_signer_whose_certificate_the_office_does_not_trust_is_refused(
    client, board, issued, tmp_path, trusted
):
    stranger = CertificateAuthority(tmp_path / "other", "CA lạ").issue("Người Lạ", "stranger")
    client.force_login(board)
    page = _error(client, issued, stranger.sign(_pdf(issued)))
    assert "Người Lạ" in page and "CA lạ" in page
    assert "không do tổ chức chứng thực mà văn phòng tin cậy cấp" in page
    assert not SignedCopy.objects.exists()


def test_a_pdf_changed_inside_what_was_signed_is_refused(
    client, board, issued, head_of_board, trusted
):
    signed = head_of_board.sign(_pdf(issued))
    marker = b"ReportLab Generated PDF document"
    assert marker in signed
    altered = signed.replace(marker, b"ReportLab Generated PDF documenT", 1)
    client.force_login(board)
    page = _error(client, issued, altered)
    assert "không khớp với tệp: tệp đã bị sửa sau khi ký" in page
    assert not SignedCopy.objects.exists()


def test_a_signed_pdf_whose_signature_was_broken_is_not_taken_for_a_scan(
    client, board, issued, head_of_board, trusted
):
    signed = head_of_board.sign(_pdf(issued))
    assert signed.count(b"/FT /Sig") == 1
    broken = signed.replace(b"/FT /Sig", b"/FT /Sigx")
    client.force_login(board)
    page = _error(client, issued, broken)
    assert "không khớp với tệp: tệp đã bị sửa sau khi ký" in page
    assert not SignedCopy.objects.exists()


def test_a_pdf_with_something_added_after_signing_is_refused(
    client, board, issued, head_of_board, trusted
):
    signed = head_of_board.sign(_pdf(issued))
    writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    writer.root["/Lang"] = generic.TextStringObject("vi")
    writer.update_root()
    buffer = io.BytesIO()
    writer.write(buffer)
    client.force_login(board)
    page = _error(client, issued, buffer.getvalue())
    assert "đã bị sửa sau khi ký: chữ ký chỉ bao một phần tệp" in page
    assert not SignedCopy.objects.exists()


def _other_document(summary, **changes) -> bytes:
    content = copy.deepcopy(summary_document(summary=summary))
    content.update(changes)
    return render_document("pdf", content)


def test_a_signed_pdf_of_a_different_document_is_refused(
    client, board, issued, head_of_board, trusted
):
    another_number = _other_document(issued, number="13", reference="13-BC/BTGTU")
    client.force_login(board)
    page = _error(client, issued, head_of_board.sign(another_number))
    assert "không phải báo cáo này" in page and "12-BC/BTGTU" in page
    assert not SignedCopy.objects.exists()


def test_a_signed_pdf_with_the_same_number_but_other_text_is_refused(
    client, board, issued, head_of_board, trusted
):
    content = summary_document(summary=issued)
    sections = copy.deepcopy(content["sections"])
    sections[-1]["text"] = "Đề nghị khác hẳn với bản đã ban hành."
    client.force_login(board)
    page = _error(client, issued, head_of_board.sign(_other_document(issued, sections=sections)))
    assert "nội dung khác bản đã ban hành" in page
    assert not SignedCopy.objects.exists()


def test_the_signed_copy_of_an_earlier_version_is_refused_on_the_later_one(
    client, board, issued, head_of_board, trusted
):
    draft = summary_new_version(summary=issued, user=board)
    draft.results = "Kết quả đã sửa ở phiên bản 2."
    draft.save()
    summary_issue(summary=draft, user=board, number="14", issued_on=ISSUED_ON)
    client.force_login(board)
    page = _error(client, draft, head_of_board.sign(_pdf(issued)))
    assert "14-BC/BTGTU" in page
    assert not SignedCopy.objects.exists()


# --- Scans and bad files -----------------------------------------------------------------------


def test_an_unsigned_scan_is_filed_as_a_scan(client, board, committee, issued, trusted):
    client.force_login(board)
    assert _file(client, issued, _scan(), "scan.pdf").status_code == 302
    filed = SignedCopy.objects.get(summary=issued)
    assert (filed.kind, filed.signer_name, filed.trust) == (SignedCopy.Kind.SCAN, "", "")
    client.force_login(committee)
    page = client.get(issued.get_absolute_url()).content.decode()
    assert "Bản đã ký" in page
    assert "Tải bản đã ký (bản chụp, PDF)" in page
    assert "không phải chữ ký số" in page


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"0" * 200, "anh.pdf", "không phải tệp PDF"),
        (b"", "rong.pdf", "rỗng"),
        (b"%PDF-1.7\nnot really a pdf at all", "hong.pdf", "không đọc được"),
    ],
)
def test_a_file_that_is_not_a_readable_pdf_is_refused(
    client, board, issued, content, name, expected
):
    client.force_login(board)
    response = _file(client, issued, content, name)
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not SignedCopy.objects.exists()


def test_a_pdf_under_another_name_is_downloaded_as_a_pdf(client, board, issued):
    client.force_login(board)
    assert _file(client, issued, _scan(), "ban-ky.exe").status_code == 302
    filed = SignedCopy.objects.get()
    assert filed.original_name == "ban-ky.exe.pdf"
    response = client.get(filed.get_absolute_url())
    assert 'filename="ban-ky.exe.pdf"' in response["Content-Disposition"]


def test_a_file_over_the_size_limit_is_refused(client, board, issued, settings):
    settings.EVIDENCE_MAX_BYTES = 1000
    client.force_login(board)
    page = _error(client, issued, _scan() + b"\n" * 1000)
    assert "tệp lớn nhất được nhận là 1000" in page


def test_a_new_upload_keeps_the_earlier_one_in_the_history(
    client, board, admin_user, issued, head_of_board, trusted
):
    client.force_login(board)
    assert _file(client, issued, _scan(), "scan.pdf").status_code == 302
    client.force_login(admin_user)
    signed = head_of_board.sign(_pdf(issued))
    assert _file(client, issued, signed, "ky-so.pdf").status_code == 302

    scan, digital = SignedCopy.objects.order_by("pk")
    assert (scan.uploaded_by, digital.uploaded_by) == (board, admin_user)
    assert scan.file.name != digital.file.name
    assert hashlib.sha256(scan.file.read()).hexdigest() == scan.sha256
    assert digital.file.read() == signed
    page = client.get(issued.get_absolute_url()).content.decode()
    assert "Lịch sử: 2 bản đã nộp" in page
    assert "scan.pdf" in page and "ky-so.pdf" in page
    # The latest filing is the one downloaded first.
    assert page.index(digital.get_absolute_url()) < page.index(scan.get_absolute_url())


def test_a_draft_has_no_signed_copy(board, issued, head_of_board):
    draft = summary_new_version(summary=issued, user=board)
    with pytest.raises(ValidationError) as error:
        signed_copy_file(summary=draft, user=board, upload=_upload(_scan()))
    assert error.value.code == "draft"
    assert not SignedCopy.objects.exists()


# --- The office's seal -------------------------------------------------------------------------


@pytest.fixture
def seal_configured(settings, ca, trusted):
    office = ca.issue("Ban Tuyên giáo Tỉnh ủy Kiên Giang", "office")
    settings.SIGNATURE_SEAL_PKCS12 = str(office.pkcs12_path)
    settings.SIGNATURE_SEAL_PASSWORD = PASSWORD
    return office


def test_issuing_seals_the_pdf_when_the_office_configures_a_certificate(
    data, board, ca, seal_configured, django_capture_on_commit_callbacks
):
    summary = summary_assemble(period=data.period, user=board)
    with django_capture_on_commit_callbacks(execute=True):
        summary_issue(summary=summary, user=board, number="12", issued_on=ISSUED_ON)

    seal = SignedCopy.objects.get(summary=summary)
    assert seal.kind == SignedCopy.Kind.SEAL
    assert seal.signer_name == "Ban Tuyên giáo Tỉnh ủy Kiên Giang"
    assert seal.trust == SignedCopy.Trust.TRUSTED
    sealed = seal.file.read()

    # It verifies with this app's verifier …
    check = signature_check(sealed, trust_roots=load_trust_roots(ca.roots_folder()))
    assert check.intact and check.whole_document and check.trusted
    # … and with pyHanko's own validation, as a PAdES signature.
    embedded = PdfFileReader(io.BytesIO(sealed)).embedded_signatures
    assert len(embedded) == 1
    assert embedded[0].sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    status = validate_pdf_signature(
        embedded[0], ValidationContext(trust_roots=load_trust_roots(ca.roots_folder()))
    )
    assert status.bottom_line, status.pretty_print_details()
    # The board can file the seal's PDF as its signed copy too: it is this report.
    filed = signed_copy_file(summary=summary, user=board, upload=_upload(sealed))
    assert filed.kind == SignedCopy.Kind.DIGITAL

    # A second run (another worker, a retry) keeps the one seal.
    assert summary_seal(summary_id=summary.pk) == seal
    assert SignedCopy.objects.filter(kind=SignedCopy.Kind.SEAL).count() == 1


def test_without_a_seal_certificate_issuing_makes_no_seal(
    data, board, settings, django_capture_on_commit_callbacks
):
    settings.SIGNATURE_SEAL_PKCS12 = ""
    summary = summary_assemble(period=data.period, user=board)
    with django_capture_on_commit_callbacks(execute=True):
        summary_issue(summary=summary, user=board, number="12", issued_on=ISSUED_ON)
    assert not SignedCopy.objects.exists()
    assert summary_seal(summary_id=summary.pk) is None


def test_the_seal_is_shown_and_downloaded_until_the_board_files_its_copy(
    client, committee, data, board, seal_configured, django_capture_on_commit_callbacks
):
    summary = summary_assemble(period=data.period, user=board)
    with django_capture_on_commit_callbacks(execute=True):
        summary_issue(summary=summary, user=board, number="12", issued_on=ISSUED_ON)
    seal = SignedCopy.objects.get(summary=summary)
    client.force_login(committee)
    page = client.get(summary.get_absolute_url()).content.decode()
    assert "Văn phòng đã đóng dấu số khi ban hành" in page
    assert page.index(seal.get_absolute_url()) < page.index(
        reverse("reports:summary_download", args=[summary.pk, "pdf"])
    )
    assert client.get(seal.get_absolute_url()).status_code == 200


# --- Who may do what ---------------------------------------------------------------------------


@pytest.fixture
def filed(issued, board):
    return signed_copy_file(summary=issued, user=board, upload=_upload(_scan(), "scan.pdf"))


def _urls(summary, signed_copy):
    return [
        ("get", reverse("signatures:signed_copy_upload", args=[summary.pk])),
        ("post", reverse("signatures:signed_copy_upload", args=[summary.pk])),
        ("get", signed_copy.get_absolute_url()),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client, issued, filed):
    for method, url in _urls(issued, filed):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


@pytest.mark.parametrize("staff", ["ubnd_staff", "rachgia_staff"])
def test_body_staff_can_neither_file_nor_download(client, issued, filed, staff, request):
    client.force_login(request.getfixturevalue(staff))
    for method, url in _urls(issued, filed):
        assert getattr(client, method)(
            url, *([{"file": _upload(_scan())}] if method == "post" else [])
        ).status_code in (403, 404), url
    assert SignedCopy.objects.count() == 1


def test_the_committee_downloads_but_cannot_file(client, committee, issued, filed):
    client.force_login(committee)
    upload = reverse("signatures:signed_copy_upload", args=[issued.pk])
    assert client.get(upload).status_code == 403
    assert client.post(upload, {"file": _upload(_scan())}).status_code == 403
    assert client.get(filed.get_absolute_url()).status_code == 200
    assert SignedCopy.objects.count() == 1


def test_the_board_and_administrators_file_on_issued_versions_only(
    client, board, admin_user, issued
):
    draft = summary_new_version(summary=issued, user=board)
    for user in (board, admin_user):
        client.force_login(user)
        assert (
            client.get(reverse("signatures:signed_copy_upload", args=[issued.pk])).status_code
            == 200
        )
        assert _file(client, draft, _scan()).status_code == 403
        assert _file(client, issued, _scan()).status_code == 302
    assert SignedCopy.objects.filter(summary=issued).count() == 2
    assert not SignedCopy.objects.filter(summary=draft).exists()


def test_a_missing_id_is_not_found(client, board):
    client.force_login(board)
    assert client.get(reverse("signatures:signed_copy_download", args=[999])).status_code == 404
    assert client.get(reverse("signatures:signed_copy_upload", args=[999])).status_code == 404
