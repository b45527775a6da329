"""The reminders page's rows written in Python: thirty rows of eight cells through nested
template tags (a badge chosen per state, default and truncatechars per error) were most of
the page's own time. The markup is the template's own, escaped by format_html."""

from html import escape

from django import template
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
