import re
import time
import unicodedata
import uuid

from django.contrib.auth.signals import user_logged_in

from .logs import request_id_var


class ComposedUnicodeMiddleware:
    """Stores what people type in composed form (NFC).

    Vietnamese typed on some systems (macOS, some phone keyboards) arrives decomposed: "ệ" as
    "e" and two combining marks. It looks the same but compares, searches and prints
    differently, so every form value is composed here, once, before any view or the admin sees it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            composed = request.POST.copy()
            for key, values in request.POST.lists():
                composed.setlist(key, [unicodedata.normalize("NFC", value) for value in values])
            composed._mutable = False
            request.POST = composed
            for upload in request.FILES.values():
                upload.name = unicodedata.normalize("NFC", upload.name)
        return self.get_response(request)


REQUEST_ID_HEADER = "X-Request-ID"
# An id the proxy passes on (nginx's $request_id) is kept if it looks like one; anything else a
# client sends is replaced, so a log line cannot be forged through the header.
_REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class RequestIdMiddleware:
    """Gives every request an id, put on each log line it causes and in the response header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _REQUEST_ID_PATTERN.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class PrivateCacheMiddleware:
    """No shared cache or browser history keeps a page of a logged-in user or a download.

    Generic on purpose: a response to an authenticated user (session, or an Authorization header
    such as an API token) and every attachment is marked, whatever view made it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            (user is not None and user.is_authenticated)
            or "HTTP_AUTHORIZATION" in request.META
            or response.get("Content-Disposition", "").startswith("attachment")
        ):
            response["Cache-Control"] = "private, no-store"
        return response


SESSION_REFRESHED_KEY = "_idle_refreshed_at"
# The session's end is pushed back at most this often: saving it on every request would cost a
# write per page for a precision nobody needs on a working day.
SESSION_REFRESH_EVERY_SECONDS = 300


def _mark_session_fresh(sender, request, user, **kwargs):
    request.session[SESSION_REFRESHED_KEY] = int(time.time())


# Connected when the module is imported (assignments' AppConfig.ready imports it), not when the
# middleware is first built: a login before the process's first request must be marked too.
user_logged_in.connect(_mark_session_fresh, dispatch_uid="session-idle-refresh")


class SessionIdleMiddleware:
    """A session ends after SESSION_COOKIE_AGE without a request (a working day of inactivity):
    every few minutes of use the session is saved again, which moves its end forward."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            refreshed = session.get(SESSION_REFRESHED_KEY, 0)
            if time.time() - refreshed > SESSION_REFRESH_EVERY_SECONDS:
                session[SESSION_REFRESHED_KEY] = int(time.time())
        return self.get_response(request)
