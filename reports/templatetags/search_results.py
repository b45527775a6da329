"""The search page's hits written in Python: four nested loops of template tags (a period's
section, a body's list, a hit, its excerpts) were most of the time of rendering the page. The
markup, whitespace included, is what those loops wrote; every value is escaped by
`html.escape`, which is what Django's `escape` calls, but for the excerpts, escaped already."""

from html import escape
from itertools import groupby

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def search_hits(groups):
    """The groups of hits by period (consecutive groups of the same period share its section),
    or the sentence saying nothing matched."""
    # What the template wrote between the tag before the loops and them.
    out = ["\n  "]
    if not groups:
        nothing = gettext(
            "Nothing you may read matches these words. Try fewer words, or other ones."
        )
        return mark_safe(f"\n  \n    <p>{escape(nothing)}</p>\n  ")
    board = None
    for period, period_groups in groupby(groups, key=lambda group: group.period):
        out.append(
            f'\n  <section class="search-period mb-4" aria-labelledby="period-{period.pk}">'
            f'\n    <h2 class="h5" id="period-{period.pk}">{escape(capfirst(period.label))}'
            ' <small class="text-body-secondary">'
            f"({escape(period.directive.reference)})</small></h2>\n    "
        )
        for group in period_groups:
            if group.body:
                name = escape(group.body.name)
            else:
                name = board = board or escape(gettext("Periodic reports"))
            out.append(
                f'\n      <h3 class="h6 mt-3">{name}</h3>'
                '\n      <ul class="list-unstyled search-hits">\n      '
            )
            for hit in group.hits:
                out.append(
                    '\n        <li class="mb-2 border-start border-3 ps-2">'
                    f'\n          <a href="{escape(hit.url)}">{escape(hit.title)}</a>\n          '
                )
                for excerpt in hit.excerpts:
                    out.append(
                        '\n            <p class="mb-1 small"><span class="text-body-secondary">'
                        f"{escape(excerpt.label)}:</span> {excerpt.html}</p>\n          "
                    )
                out.append("\n        </li>\n      ")
            out.append("\n      </ul>\n    ")
        out.append("\n  </section>\n  ")
    return mark_safe("".join(out))
