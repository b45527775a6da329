"""Reading, verifying and sealing PDFs, with no database: pyHanko for signatures, pypdf for text.

Nothing here fetches anything over the network: certificates are checked only against the trust
roots given, and revocation is not looked up (an intranet has no route to the CA's OCSP).
"""

import datetime
import io
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import pem, x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
# What every signature dictionary carries: the byte ranges its digest covers.
_SIGNATURE_MARK = re.compile(rb"/ByteRange\s*\[")


class UnreadablePdf(Exception):
    """The bytes are not a PDF this module can read."""


@dataclass(frozen=True)
class SignatureCheck:
    """What one look at a PDF's last digital signature found."""

    intact: bool  # the signed bytes are unchanged and the signature matches them
    whole_document: bool  # nothing was added or changed after it was signed
    signer_name: str
    signer_subject: str
    issuer_name: str
    signed_at: datetime.datetime | None
    # True: chains to a configured root; False: roots configured and it does not; None: no root
    # configured, so not checked against one.
    trusted: bool | None

    @property
    def acceptable(self) -> bool:
        return self.intact and self.whole_document and self.trusted is not False


def looks_like_pdf(head: bytes) -> bool:
    # The header may follow a little junk (the standard allows 1024 bytes of it).
    return PDF_MAGIC in head[:1024]


def load_trust_roots(folder: str | Path | None) -> list[x509.Certificate]:
    """Every certificate (PEM, possibly several per file, or DER) in the folder; [] without one."""
    if not folder:
        return []
    roots = []
    for path in sorted(Path(folder).iterdir()):
        if not path.is_file():
            continue
        data = path.read_bytes()
        try:
            if pem.detect(data):
                roots.extend(x509.Certificate.load(der) for _, _, der in pem.unarmor(data, True))
            else:
                certificate = x509.Certificate.load(data)
                certificate.native  # noqa: B018 - parses it now, so a stray file fails here
                roots.append(certificate)
        except (ValueError, TypeError) as error:
            logger.warning("Not a certificate, ignored as a trust root: %s (%s)", path, error)
    return roots


def _common_name(name: x509.Name) -> str:
    native = name.native
    return native.get("common_name") or name.human_friendly


def signature_check(data: bytes, *, trust_roots: list[x509.Certificate]) -> SignatureCheck | None:
    """The PDF's last signature checked, or None when it carries no digital signature."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception as error:
        # Uploaded bytes can break a parser in any way; each of them means "not a readable PDF".
        raise UnreadablePdf(str(error)) from error
    if not signatures:
        if _SIGNATURE_MARK.search(data):
            # A signature dictionary is there but cannot be read: the file was damaged or
            # altered after signing. Taking it for an unsigned scan would hide that.
            return SignatureCheck(
                intact=False,
                whole_document=False,
                signer_name="",
                signer_subject="",
                issuer_name="",
                signed_at=None,
                trusted=None,
            )
        return None
    # The last signature must cover the whole file; earlier ones (a co-signer's) only need to
    # be intact, since each later signature covers them.
    last = signatures[-1]
    context = ValidationContext(trust_roots=trust_roots, allow_fetching=False)
    try:
        earlier_intact = all(
            validate_pdf_signature(signature, context, skip_diff=True).intact
            for signature in signatures[:-1]
        )
        status = validate_pdf_signature(last, context)
    except Exception as error:
        raise UnreadablePdf(str(error)) from error
    certificate = status.signing_cert
    return SignatureCheck(
        intact=bool(status.intact and status.valid and earlier_intact),
        whole_document=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer_name=_common_name(certificate.subject),
        signer_subject=certificate.subject.human_friendly,
        issuer_name=_common_name(certificate.issuer),
        signed_at=status.signer_reported_dt,
        trusted=bool(status.trusted) if trust_roots else None,
    )


def _page_texts(data: bytes) -> list[str]:
    try:
        reader = PdfReader(io.BytesIO(data))
        return [page.extract_text() or "" for page in reader.pages]
    except Exception as error:
        raise UnreadablePdf(str(error)) from error


_PAGE_NUMBER = re.compile(r"^\s*-?\s*\d{1,3}\s*-?\s*$")


def comparable(text: str) -> str:
    """Text reduced to what survives any layout: composed, case-folded, without whitespace."""
    return "".join(unicodedata.normalize("NFC", text).casefold().split())


def pdf_text(data: bytes) -> str:
    """The PDF's text, comparable, without the page numbers printed above or below each page
    (they would otherwise sit in the middle of a paragraph that runs across a page break)."""
    pages = []
    for text in _page_texts(data):
        lines = text.splitlines()
        while lines and _PAGE_NUMBER.match(lines[0]):
            lines.pop(0)
        while lines and _PAGE_NUMBER.match(lines[-1]):
            lines.pop()
        pages.append("\n".join(lines))
    return comparable("\n".join(pages))


def missing_fragments(text: str, fragments: list[str]) -> list[str]:
    """The fragments (as written) whose comparable form is not in the comparable text."""
    return [fragment for fragment in fragments if comparable(fragment) not in text]


def seal(data: bytes, *, pkcs12_path: str, password: str, reason: str, location: str) -> bytes:
    """The PDF signed (PAdES baseline B-B) with the certificate and key of a PKCS#12 file."""
    signer = signers.SimpleSigner.load_pkcs12(
        pkcs12_path, passphrase=password.encode() if password else None
    )
    if signer is None:
        raise ValueError(f"cannot read the PKCS#12 file {pkcs12_path} with the password given")
    metadata = signers.PdfSignatureMetadata(
        field_name="Seal",
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    return signers.sign_pdf(writer, metadata, signer=signer).getvalue()
