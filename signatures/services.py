"""Writes for signed copies: file the board's upload once it is checked, and seal the PDF of a
newly issued version with the office's certificate.

Every filing adds a row and a file under a new random name: nothing is replaced, so the history
shows every copy with who filed it and when.
"""

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from reports import events
from reports.documents.layout import nfc
from reports.models import Summary
from reports.selectors.summaries import summary_document
from reports.services.summary_files import summary_file

from .models import SignedCopy
from .pdf import (
    SignatureCheck,
    UnreadablePdf,
    looks_like_pdf,
    missing_fragments,
    pdf_text,
    seal,
    signature_check,
)
from .selectors import summary_signed_text, trust_roots

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Verdict:
    kind: str  # SignedCopy.Kind
    check: SignatureCheck | None


def _read_pdf(upload: UploadedFile) -> bytes:
    name = upload.name
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the largest file accepted is %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.EVIDENCE_MAX_BYTES),
            },
            code="size",
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not looks_like_pdf(data):
        raise ValidationError(
            _(
                "“%(name)s” is not a PDF file (its content is not PDF, whatever its name). "
                "Upload the signed copy as a PDF."
            )
            % {"name": name},
            code="content",
        )
    return data


def _unreadable(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” cannot be read as a PDF: the file is damaged or not a real PDF.")
        % {"name": name},
        code="unreadable",
    )


def _text_must_match(*, summary: Summary, data: bytes, name: str) -> None:
    expected = summary_signed_text(summary=summary)
    text = pdf_text(data)
    missing = missing_fragments(text, [expected["reference"], expected["place_date"]])
    if missing:
        raise ValidationError(
            _(
                "“%(name)s” is signed, but it is not this report: it does not carry the number "
                "%(reference)s and the date “%(date)s”. Upload the signed copy of this version."
            )
            % {
                "name": name,
                "reference": expected["reference"],
                "date": expected["place_date"],
            },
            code="other_document",
        )
    missing = missing_fragments(text, expected["paragraphs"])
    if missing:
        example = missing[0] if len(missing[0]) <= 120 else f"{missing[0][:117]}…"
        raise ValidationError(
            _(
                "“%(name)s” is signed and carries the number %(reference)s, but its text differs "
                "from the issued version in %(count)s paragraph(s), for example: “%(example)s”. "
                "Upload the signed copy of the text that was issued."
            )
            % {
                "name": name,
                "reference": expected["reference"],
                "count": len(missing),
                "example": example,
            },
            code="text_differs",
        )


def signed_copy_check(*, summary: Summary, upload: UploadedFile) -> tuple[bytes, Verdict]:
    """The upload's bytes and what it is (a verified signed PDF or a scan); ValidationError in
    words for anything that cannot be filed."""
    name = upload.name
    data = _read_pdf(upload)
    try:
        check = signature_check(data, trust_roots=trust_roots())
    except UnreadablePdf as error:
        raise _unreadable(name) from error
    if check is None:
        # No digital signature: a scan of the signed paper, filed as it is (its text is an
        # image, so there is nothing to compare).
        return data, Verdict(kind=SignedCopy.Kind.SCAN, check=None)
    if not check.intact:
        raise ValidationError(
            _(
                "The digital signature in “%(name)s” does not match the file: it was changed "
                "after it was signed, or the signature is damaged. Upload the file exactly as it "
                "was signed."
            )
            % {"name": name},
            code="not_intact",
        )
    if not check.whole_document:
        raise ValidationError(
            _(
                "“%(name)s” was changed after it was signed: the signature covers only part of "
                "the file. Upload the file exactly as it was signed."
            )
            % {"name": name},
            code="not_whole",
        )
    if check.trusted is False:
        raise ValidationError(
            _(
                "The signer's certificate in “%(name)s” (%(signer)s, issued by %(issuer)s) does "
                "not come from a certification authority the office trusts."
            )
            % {"name": name, "signer": check.signer_name, "issuer": check.issuer_name},
            code="untrusted",
        )
    try:
        _text_must_match(summary=summary, data=data, name=name)
    except UnreadablePdf as error:
        raise _unreadable(name) from error
    return data, Verdict(kind=SignedCopy.Kind.DIGITAL, check=check)


def _signature_fields(check: SignatureCheck | None) -> dict:
    if check is None:
        return {}
    return {
        "signer_name": check.signer_name[:255],
        "signer_subject": check.signer_subject,
        "issuer_name": check.issuer_name[:255],
        "signed_at": check.signed_at,
        "trust": SignedCopy.Trust.TRUSTED if check.trusted else SignedCopy.Trust.NOT_CHECKED,
    }


def signed_copy_file(*, summary: Summary, user, upload: UploadedFile) -> SignedCopy:
    """Checks and files the board's signed copy of an issued version, as a new row."""
    if not summary.is_issued:
        raise ValidationError(_("Only an issued summary has a signed copy."), code="draft")
    data, verdict = signed_copy_check(summary=summary, upload=upload)
    name = nfc(upload.name or "").strip()[:250]
    # The download is offered under this name: it must open as the PDF it is.
    if not name.lower().endswith(".pdf"):
        name = f"{name or 'ban-da-ky'}.pdf"
    copy = SignedCopy(
        summary=summary,
        kind=verdict.kind,
        original_name=name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=user,
        **_signature_fields(verdict.check),
    )
    copy.file.save("signed.pdf", ContentFile(data), save=False)
    stored = copy.file.name
    try:
        with transaction.atomic():
            copy.full_clean(exclude=["file"])
            copy.save()
    except Exception:
        copy.file.storage.delete(stored)
        raise
    return copy


# --- The office's seal -------------------------------------------------------------------------


def seal_configured() -> bool:
    return bool(settings.SIGNATURE_SEAL_PKCS12)


def summary_seal_schedule(*, summary_id: int) -> None:
    """After the issuing commits, seal its PDF in the worker (signing takes a moment, and a
    broken certificate must not undo an issue)."""
    if not seal_configured():
        return

    def enqueue():
        from .tasks import summary_seal_task

        summary_seal_task.delay(summary_id)

    transaction.on_commit(enqueue)


def summary_seal_listen(*, event: str, summary=None, **_signal) -> None:
    """Listens to `reports.events`: every issued version is sealed when a seal is configured."""
    if event == events.SUMMARY_ISSUED:
        summary_seal_schedule(summary_id=summary.pk)


def summary_seal(*, summary_id: int) -> SignedCopy | None:
    """The issued version's PDF signed with the office's certificate (PAdES), verified like an
    upload and filed as its seal; the existing seal if it has one; None if none is configured."""
    if not seal_configured():
        return None
    summary = Summary.objects.select_related("period").get(
        pk=summary_id, state=Summary.State.ISSUED
    )
    existing = summary.signed_copies.filter(kind=SignedCopy.Kind.SEAL).first()
    if existing:
        return existing
    content = summary_document(summary=summary)
    sealed = seal(
        summary_file(summary=summary, fmt="pdf"),
        pkcs12_path=settings.SIGNATURE_SEAL_PKCS12,
        password=settings.SIGNATURE_SEAL_PASSWORD,
        reason=summary.reference,
        location=content.get("letterhead", {}).get("place", ""),
    )
    check = signature_check(sealed, trust_roots=trust_roots())
    if check is None or not check.intact or not check.whole_document or check.trusted is False:
        raise ValueError(
            f"The seal made for summary {summary_id} does not verify: {check}. Is the seal "
            "certificate's CA among SIGNATURE_TRUST_ROOTS_DIR?"
        )
    number = summary.number or "du-thao"
    copy = SignedCopy(
        summary=summary,
        kind=SignedCopy.Kind.SEAL,
        original_name=f"bao-cao-{number}-{summary.period.year}-v{summary.version}-dau-so.pdf",
        size=len(sealed),
        sha256=hashlib.sha256(sealed).hexdigest(),
        uploaded_by=None,
        **_signature_fields(check),
    )
    copy.file.save("sealed.pdf", ContentFile(sealed), save=False)
    try:
        with transaction.atomic():
            copy.save()
    except IntegrityError:
        # Another worker sealed it a moment ago: keep theirs.
        copy.file.storage.delete(copy.file.name)
        return summary.signed_copies.get(kind=SignedCopy.Kind.SEAL)
    logger.info("Sealed summary %s", summary_id)
    return copy
