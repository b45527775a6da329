"""The rows of the ranking and of the body record written in Python: nested template tags (a
URL, plurals, date and number formatting per cell) were most of the pages' time, and then
format_html's lazy-aware escaping of every cell most of what was left. The markup is the
templates' own; every value is escaped by `html.escape`, which is what Django's `escape` calls."""

from html import escape

from django import template
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext

from directive_tracker.urlreuse import day_text, url_maker

register = template.Library()


def _late(tally) -> str:
    if not tally.not_sent:
        return str(tally.late)
    not_sent = ngettext("%(counter)s not sent", "%(counter)s not sent", tally.not_sent) % {
        "counter": tally.not_sent
    }
    return (
        f'{tally.late} <span class="small text-body-secondary text-nowrap">'
        f"({escape(not_sent)})</span>"
    )


@register.simple_tag
def ranking_rows(rows):
    not_yet_due = escape(gettext("not yet due"))
    record_url = url_maker("reports:body_record")
    out = []
    for row in rows:
        tally = row.tally
        rate = tally.rate
        out.append(
            f'<tr><td class="text-end">{row.rank}</td>'
            f'<th scope="row"><a href="{escape(record_url(row.body.pk))}">'
            f"{escape(row.body.name)}</a></th>"
            f'<td class="text-end">{tally.due}</td><td class="text-end">{tally.on_time}</td>'
            f'<td class="text-end">{_late(tally)}</td>'
            f'<td class="text-end">{row.returns}</td><td class="text-end text-nowrap">'
            f"{not_yet_due if rate is None else escape(localize(rate)) + '%'}</td></tr>"
        )
    return mark_safe("\n".join(out))


def _early_or_late(row) -> str:
    if row.days_early is None:
        return escape(gettext("not yet due"))
    if row.first_sent_at is None:
        text = ngettext(
            "not sent, %(counter)s day late", "not sent, %(counter)s days late", row.days_late
        )
        return (
            f'<span class="text-danger-emphasis">{escape(text % {"counter": row.days_late})}</span>'
        )
    if row.days_late:
        text = ngettext("%(counter)s day late", "%(counter)s days late", row.days_late)
        return (
            f'<span class="text-danger-emphasis">{escape(text % {"counter": row.days_late})}</span>'
        )
    if row.days_early:
        text = ngettext("%(counter)s day early", "%(counter)s days early", row.days_early)
        return escape(text % {"counter": row.days_early})
    return escape(gettext("on the due date"))


@register.simple_tag
def record_rows(periods):
    """The body record's rows: the period, its due date, the report's state, its first sending,
    how early or late, returns and chases."""
    report_url = url_maker("reports:report_detail")
    out = []
    for row in periods:
        period = row.period
        out.append(
            f'<tr><th scope="row"><a href="{escape(report_url(row.report.pk))}">'
            f"{escape(capfirst(period.label))}</a> "
            f'<span class="small text-body-secondary text-nowrap">'
            f"{escape(period.directive.reference)}</span></th>"
            f'<td class="text-nowrap">{day_text(period.body_due)}</td>'
            f'<td><span class="badge {escape(row.state_css)}">'
            f"{escape(capfirst(row.state_label))}</span></td>"
            f'<td class="text-nowrap">'
            f"{day_text(row.first_sent_at) if row.first_sent_at else '—'}</td>"
            f"<td>{_early_or_late(row)}</td>"
            f'<td class="text-end">{row.returns}</td><td class="text-end">{row.chases}</td></tr>'
        )
    return mark_safe("\n".join(out))
