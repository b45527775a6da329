"""The reminders page's rows written in Python: thirty rows of eight cells through nested
template tags (a badge chosen per state, default and truncatechars per error) were most of
the page's own time. The markup is the template's own, escaped by format_html."""

from django import template
from django.utils.formats import localize
from django.utils.html import format_html_join
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
    when sent, and the last error (cut at 200 characters, as truncatechars does)."""
    return format_html_join(
        "\n",
        '<tr><td>{}<br><span class="small text-body-secondary">{}</span></td>'
        "<td>{}</td><td>{}</td><td>{}</td>"
        '<td><span class="badge {}">{}</span></td>'
        '<td>{}</td><td>{}</td><td class="small text-break">{}</td></tr>',
        (
            (
                row["kind_label"],
                row["occasion_display"],
                row["body_name"],
                row["period_label"],
                row["due_display"],
                _BADGES.get(row["state"], "text-bg-warning"),
                row["state_label"],
                localize(row["attempts"]),
                row["sent_display"],
                Truncator(row["last_error"]).chars(200) if row["last_error"] else "–",
            )
            for row in reminders
        ),
    )
