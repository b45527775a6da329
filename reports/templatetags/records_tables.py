"""The ranking's rows written in Python: some fifty bodies of seven cells each, where nested
template tags (a URL, a plural, number formatting per cell) were most of the page's time. The
markup is the template's, escaped by format_html."""

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext

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
    return format_html_join(
        "\n",
        '<tr><td class="text-end">{}</td>'
        '<th scope="row"><a href="{}">{}</a></th>'
        '<td class="text-end">{}</td><td class="text-end">{}</td><td class="text-end">{}</td>'
        '<td class="text-end">{}</td><td class="text-end text-nowrap">{}</td></tr>',
        (
            (
                row.rank,
                reverse("reports:body_record", args=[row.body.pk]),
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
