from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .access import get_directive_for_user
from .models import Directive
from .selectors import directive_overview, directive_recipients


@login_required
def home(request):
    directive = Directive.objects.order_by("-date", "pk").first()
    if directive is None:
        return render(request, "assignments/no_directive.html")
    return directive_detail(request, directive.pk)


@login_required
def directive_detail(request, pk: int):
    directive = get_directive_for_user(request.user, pk)
    context = {
        "directive": directive,
        "directives": Directive.objects.only("pk", "number", "symbol", "date", "summary"),
        "documents": directive.documents.all(),
        "assignments": directive_overview(directive=directive, user=request.user),
        "recipients": directive_recipients(directive=directive),
    }
    return render(request, "assignments/directive_detail.html", context)
