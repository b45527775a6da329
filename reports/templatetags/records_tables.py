"""The rows of the ranking and of the body record written in Python: nested template tags (a
URL, plurals, date and number formatting per cell) were most of the pages' time. The markup is
the templates' own, escaped by format_html."""

from django import template
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext

from directive_tracker.urlreuse import day_text, url_maker

register = template.Library()


def _late(tally) -> str:
    if not tally.not_sent:
        return format_html("{}", tally.late)
    not_sent = ngettext("%(counter)s not sent", "%(counter)s not sent", tally.not_sent) % {
        "counter": tally.not_sent
    }
    return format_html(
        '{} <span class="small text-body-secondary text-nowrap">({})</span>', tally.late, not_sent
    )


@register.simple_tag
def ranking_rows(rows):
    not_yet_due = gettext("not yet due")
    record_url = url_maker("reports:body_record")
    return format_html_join(
        "\n",
        '<tr><td class="text-end">{}</td>'
        '<th scope="row"><a href="{}">{}</a></th>'
        '<td class="text-end">{}</td><td class="text-end">{}</td><td class="text-end">{}</td>'
        '<td class="text-end">{}</td><td class="text-end text-nowrap">{}</td></tr>',
        (
            (
                row.rank,
                record_url(row.body.pk),
                row.body.name,
                row.tally.due,
                row.tally.on_time,
                _late(row.tally),
                row.returns,
                not_yet_due if row.tally.rate is None else f"{localize(row.tally.rate)}%",
            )
            for row in rows
        ),
    )


def _early_or_late(row) -> str:
    if row.days_early is None:
        return gettext("not yet due")
    if row.first_sent_at is None:
        text = ngettext(
            "not sent, %(counter)s day late", "not sent, %(counter)s days late", row.days_late
        )
        return format_html(
            '<span class="text-danger-emphasis">{}</span>', text % {"counter": row.days_late}
        )
    if row.days_late:
        text = ngettext("%(counter)s day late", "%(counter)s days late", row.days_late)
        return format_html(
            '<span class="text-danger-emphasis">{}</span>', text % {"counter": row.days_late}
        )
    if row.days_early:
        text = ngettext("%(counter)s day early", "%(counter)s days early", row.days_early)
        return format_html("{}", text % {"counter": row.days_early})
    return gettext("on the due date")


@register.simple_tag
def record_rows(periods):
    """The body record's rows: the period, its due date, the report's state, its first sending,
    how early or late, returns and chases."""
    report_url = url_maker("reports:report_detail")
    return format_html_join(
        "\n",
        '<tr><th scope="row"><a href="{}">{}</a> '
        '<span class="small text-body-secondary text-nowrap">{}</span></th>'
        '<td class="text-nowrap">{}</td>'
        '<td><span class="badge {}">{}</span></td>'
        '<td class="text-nowrap">{}</td>'
        "<td>{}</td>"
        '<td class="text-end">{}</td><td class="text-end">{}</td></tr>',
        (
            (
                report_url(row.report.pk),
                capfirst(row.period.label),
                row.period.directive.reference,
                day_text(row.period.body_due),
                row.state_css,
                capfirst(row.state_label),
                day_text(row.first_sent_at) if row.first_sent_at else "—",
                _early_or_late(row),
                row.returns,
                row.chases,
            )
            for row in periods
        ),
    )
