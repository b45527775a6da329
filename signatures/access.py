"""Who may file and read signed copies: the rules of the summaries they belong to
(reports.access). The board files a signed copy of an issued version; the board and the Standing
Committee download them; body staff are refused, as for the summary itself."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from reports.access import get_summary_for_user, summaries_visible_to
from reports.models import Summary

from .models import SignedCopy


def get_summary_to_sign(user, pk: int) -> Summary:
    """An issued summary the board may file a signed copy of; a draft has none yet (403)."""
    summary = get_summary_for_user(user, pk, edit=True)
    if not summary.is_issued:
        raise PermissionDenied
    return summary


def get_signed_copy_for_user(user, pk: int) -> SignedCopy:
    """A signed copy if the user may read its summary; a 404 otherwise, as for the summary."""
    if not user.is_authenticated or not (user.is_board or user.is_committee):
        raise PermissionDenied
    return get_object_or_404(
        SignedCopy.objects.select_related("summary"),
        pk=pk,
        summary__in=summaries_visible_to(user),
    )


def may_file_signed_copy(user, summary: Summary) -> bool:
    return user.is_authenticated and user.is_board and summary.is_issued
