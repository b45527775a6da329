"""The reminders page's rows (the reminders, the e-mails) written in Python: thirty rows of
eight cells and fifty of six through nested template tags (a badge chosen per state, dates,
default and truncatechars per error) were most of the page's own time. The markup is the
template's own; every value is escaped by `html.escape`, what Django's `escape` calls."""

from html import escape

from django import template
from django.utils import timezone
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

register = template.Library()

_BADGES = {
    "sent": "text-bg-success",
    "failed": "text-bg-danger",
    "unreachable": "text-bg-danger",
    "superseded": "text-bg-secondary",
}


@register.simple_tag
def reminder_rows(reminders):
    """The rows of reminders_recent: kind and occasion, body, period, due date, state, attempts,
    when sent, and the last error (cut at 200 characters, as truncatechars does). Every value is
    escaped by `html.escape` (what Django's `escape` calls): format_html's lazy-aware escaping
    of each cell cost more than the rest of a row."""
    out = []
    for row in reminders:
        error = row["last_error"]
        out.append(
            f'<tr><td>{escape(row["kind_label"])}<br><span class="small text-body-secondary">'
            f"{escape(row['occasion_display'])}</span></td>"
            f"<td>{escape(row['body_name'])}</td><td>{escape(row['period_label'])}</td>"
            f"<td>{escape(row['due_display'])}</td>"
            f'<td><span class="badge {_BADGES.get(row["state"], "text-bg-warning")}">'
            f"{escape(row['state_label'])}</span></td>"
            f"<td>{escape(localize(row['attempts']))}</td><td>{escape(row['sent_display'])}</td>"
            f'<td class="small text-break">'
            f"{escape(Truncator(error).chars(200)) if error else '–'}</td></tr>"
        )
    return mark_safe("\n".join(out))


_EMAIL_BADGES = {"sent": "text-bg-success", "failed": "text-bg-danger"}


def _moment(value) -> str:
    """The date filter's "d/m/Y H:i" of a moment, by the local clock as templates show it."""
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")


@register.simple_tag
def outbox_rows(emails):
    """The rows of outbox_recent: subject and when it was written, recipients, state, attempts,
    the next attempt of one still waiting, and the last error (cut at 200 characters)."""
    out = []
    for email in emails:
        error = email.last_error or "–"
        next_attempt = _moment(email.next_attempt_at) if email.state == "pending" else "–"
        out.append(
            f'<tr class="outbox-row"><td>{escape(email.subject)}<br>'
            f'<span class="small text-body-secondary">{_moment(email.created_at)}</span></td>'
            f'<td class="small text-break">'
            f"{', '.join(escape(address) for address in email.recipient_list)}</td>"
            f'<td><span class="badge {_EMAIL_BADGES.get(email.state, "text-bg-warning")}">'
            f"{escape(email.state_label)}</span></td>"
            f"<td>{escape(localize(email.attempts))}</td><td>{next_attempt}</td>"
            f'<td class="small text-break">{escape(Truncator(error).chars(200))}</td></tr>'
        )
    return mark_safe("\n".join(out))
