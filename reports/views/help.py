"""Help pages, one per role, in the reader's language, with the browser tests' screenshots."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language

ROLES = ("staff", "board", "committee")
LANGUAGES = ("vi", "en")


def _role_of(user) -> str:
    if user.is_board:
        return "board"
    if user.is_committee:
        return "committee"
    return "staff"


@login_required
def help_index(request):
    """The help of the reader's own role."""
    return redirect("help_role", role=_role_of(request.user))


@login_required
def help_role(request, role: str):
    # Any role's help is open to anyone signed in: it describes pages, it shows no data.
    if role not in ROLES:
        raise Http404
    language = (get_language() or "vi").split("-")[0]
    if language not in LANGUAGES:
        language = "vi"
    return render(
        request,
        f"help/{language}/{role}.html",
        {"role": role, "roles": ROLES, "own_role": _role_of(request.user)},
    )
