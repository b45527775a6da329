"""Who may see which directive: the one place views ask."""

from django.shortcuts import get_object_or_404

from .models import Directive


def get_directive_for_user(user, pk: int) -> Directive:
    """Every signed-in role reads the directives: they are the letter everyone works from."""
    return get_object_or_404(Directive, pk=pk)
