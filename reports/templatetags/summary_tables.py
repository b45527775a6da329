"""The summaries index's rows written in Python: a link, a label through an included template
and a date filter per period and per version were most of the page's own time. The output is
what the template wrote, escaped the same way, with the indentation between table elements left
out."""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext

from directive_tracker.urlreuse import day_text, url_maker

register = template.Library()


def _summary_label(summary) -> str:
    """templates/reports/summary_label.html's words, its values escaped as blocktranslate does."""
    if summary.is_issued:
        return gettext("No. %(reference)s (version %(version)s)") % {
            "reference": escape(summary.reference),
            "version": summary.version,
        }
    return gettext("Draft (version %(version)s)") % {"version": summary.version}


@register.simple_tag
def summary_index_rows(periods):
    """The rows of periods_with_summaries: the period (its page linked), the directive, the
    board's due date and the versions shown, the latest first."""
    period_url = url_maker("reports:summary_period")
    summary_url = url_maker("reports:summary_detail")
    none_yet = escape(gettext("none yet"))
    none_yet = f'<span class="text-body-secondary">{none_yet}</span>'
    out = []
    for period in periods:
        versions = ", ".join(
            f'<a href="{summary_url(summary.pk)}">{_summary_label(summary)}</a>'
            for summary in period.visible_summaries
        )
        out.append(
            f'<tr><th scope="row"><a href="{period_url(period.pk)}">'
            f"{escape(capfirst(period.label))}</a></th>"
            f"<td>{escape(period.directive_reference)}</td>"
            f"<td>{day_text(period.summary_due)}</td>"
            f"<td>{versions or none_yet}</td></tr>"
        )
    return mark_safe("\n".join(out))
