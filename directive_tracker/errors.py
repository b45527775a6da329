"""Error pages in the site's layout, in the visitor's language, with a way back home."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _


def _error_page(request, *, status: int, title: str, explanation: str):
    return render(
        request,
        "error.html",
        {"status": status, "title": title, "explanation": explanation},
        status=status,
    )


def bad_request(request, exception=None):
    return _error_page(
        request,
        status=400,
        title=_("The request could not be understood"),
        explanation=_("Something in the request was not valid. Go back and try again."),
    )


def permission_denied(request, exception=None):
    return _error_page(
        request,
        status=403,
        title=_("You may not open this page"),
        explanation=_(
            "Your account does not give access to this page. If you need it, ask an administrator."
        ),
    )


def page_not_found(request, exception=None):
    return _error_page(
        request,
        status=404,
        title=_("Page not found"),
        explanation=_("This page does not exist, or it is not one you may see."),
    )


def server_error(request):
    """Rendered without the request's context processors: they query the database, which may be
    what failed."""
    return HttpResponseServerError(loader.get_template("500.html").render({"status": 500}))


def csrf_failure(request, reason=""):
    return _error_page(
        request,
        status=403,
        title=_("The form has expired"),
        explanation=_(
            "The page was open too long or the session ended. Go back, reload the page and "
            "send it again; what you typed is still in the page you go back to."
        ),
    )
