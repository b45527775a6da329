from django import template
from django.urls import reverse

from ..access import may_file_signed_copy
from ..forms import SignedCopyForm
from ..selectors import signed_copies_for, signed_copy_current

register = template.Library()


@register.inclusion_tag("signatures/_summary_signed_copy.html", takes_context=True)
def signed_copy_panel(context, summary):
    """The issued version's signed copy, first among its downloads, and the board's upload."""
    user = context["user"]
    copies = signed_copies_for(summary=summary) if summary.is_issued else []
    may_file = may_file_signed_copy(user, summary)
    return {
        "summary": summary,
        "copies": copies,
        "current": signed_copy_current(copies),
        "form": SignedCopyForm(action=reverse("signatures:signed_copy_upload", args=[summary.pk]))
        if may_file
        else None,
    }
