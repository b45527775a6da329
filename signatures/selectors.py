"""Reads for signed copies: a summary's history of them, the one that counts, the text a signed
copy must carry."""

from django.conf import settings

from reports.models import Summary
from reports.selectors.summaries import summary_document

from .models import SignedCopy
from .pdf import load_trust_roots


def signed_copies_for(*, summary: Summary) -> list[SignedCopy]:
    """Every signed copy of the version, newest first, with who filed it. Ordered here: the
    model's ordering starts with the summary, which would join its period and directive to
    sort the copies of a single summary."""
    return list(summary.signed_copies.select_related("uploaded_by").order_by("-uploaded_at", "-pk"))


def signed_copy_current(copies: list[SignedCopy]) -> SignedCopy | None:
    """The copy the committee should download first: the latest one the board filed (signed or
    scanned), else the office's seal."""
    filed = [copy for copy in copies if copy.kind != SignedCopy.Kind.SEAL]
    if filed:
        return filed[0]
    return next(iter(copies), None)


def trust_roots():
    # Read on every check, not cached: the office adds a CA by dropping a file in the folder.
    return load_trust_roots(settings.SIGNATURE_TRUST_ROOTS_DIR)


def summary_signed_text(*, summary: Summary) -> dict:
    """What a signed copy of the issued version must say: its number and date line, and every
    paragraph of its text (the tables are left out: readers lay them out in different orders).
    """
    content = summary_document(summary=summary)
    paragraphs = [content.get("title", ""), content.get("opening", "")]
    for section in content.get("sections", []):
        paragraphs.extend(section.get("text", "").splitlines())
    return {
        "reference": content.get("reference") or summary.reference,
        "place_date": content.get("place_date", ""),
        "paragraphs": [paragraph for paragraph in paragraphs if paragraph.strip()],
    }
