"""Tags for the report pages' repeated parts: plain Python, several times faster than the
equivalent nested template, the same escaped markup."""

from django import template
from django.utils.html import format_html
from django.utils.text import capfirst

from ..models import ProgressReport

register = template.Library()

# Looked up once: get_state_display rebuilds the choices dict at every call.
STATE_LABELS = dict(ProgressReport.State.choices)
STATE_BADGES = {
    "accepted": "text-bg-success",
    "submitted": "text-bg-primary",
    "returned": "text-bg-danger",
    "draft": "text-bg-warning",
}


@register.simple_tag
def state_badge(report) -> str:
    """The report's state as a coloured badge."""
    label = STATE_LABELS.get(report.state, report.state)
    return format_html(
        '<span class="badge {}">{}</span>',
        STATE_BADGES.get(report.state, "text-bg-secondary"),
        capfirst(str(label)),
    )
