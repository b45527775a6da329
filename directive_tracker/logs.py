"""Log lines carry the request's id and never a secret."""

import contextvars
import logging
import re

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

# What must never reach a log line: a password reset link's token, a password typed in a form or
# a query string, the password inside a database, broker or mail URL.
_SECRETS = [
    (re.compile(r"(/reset/[^/\s]+/)[^/\s]+"), r"\1[redacted]"),
    (
        re.compile(r"((?:password|passwd|secret|token)[^=:\s]*[=:]\s*)[^&\s,'\"]+", re.I),
        r"\1[redacted]",
    ),
    (re.compile(r"(\w+://[^:/@\s]*:)[^@\s]+@"), r"\1[redacted]@"),
]


def redact(text: str) -> str:
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record and rewrites its message without secrets."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs a 4xx/5xx answer after the middleware has finished, with the request
        # attached: its id is read from there.
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or request_id_var.get()
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logged as it is, never dropped
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class RefusalOneLineFilter(logging.Filter):
    """A refused request (4xx) is one line naming the user, not a traceback: it is a normal
    event for the access log, and a traceback would bury the real failures (5xx keep theirs)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
            user = getattr(getattr(record, "request", None), "user", None)
            if user is not None and getattr(user, "is_authenticated", False):
                record.msg = f"{record.getMessage()} (user {user.pk})"
                record.args = None
        return True
