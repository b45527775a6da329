"""The summary page's annex table, one row per body and a cell per assignment, and its table of
indicator totals: joined here rather than in nested template loops, which cost a few hundred
nodes per page."""

from html import escape as html_escape

from django import template
from django.utils.formats import localize
from django.utils.safestring import mark_safe

register = template.Library()


def escape(value) -> str:
    """Django's escape without its lazy-aware wrapper, which cost more than the rest of a cell:
    any value as text, escaped by html.escape as Django's does."""
    return html_escape(str(value))


@register.simple_tag
def annex_rows(bodies):
    """The annex's rows (summary_document's data["bodies"]); an empty cell is a dash. Every
    value (plain text from the stored JSON) is escaped by `html.escape`, what Django's `escape`
    calls, before it is joined into the markup."""
    rows = []
    for body in bodies:
        name = escape(body["name"])
        cells = "".join(
            f"<td>{escape(value or '–')}</td>" for value in body["assignments"].values()
        )
        submitted = escape(body.get("submitted_display") or "")
        rows.append(f'<tr><th scope="row">{name}</th>{cells}<td>{submitted}</td></tr>')
    return mark_safe("".join(rows))


@register.simple_tag
def indicator_rows(indicators):
    """The indicator totals' rows (summary_document's data["indicators"]): this period's total,
    the previous period's and the change, signed; a dash where there was no previous period.
    Numbers are localised as the template wrote them."""
    rows = []
    for indicator in indicators:
        previous, change = indicator["previous"], indicator["change"]
        previous_text = "—" if previous is None else escape(localize(previous))
        if change is None:
            change_text = "—"
        else:
            change_text = ("+" if change > 0 else "") + escape(localize(change))
        rows.append(
            f'<tr><th scope="row">{escape(indicator["duty"])}. {escape(indicator["name"])}</th>'
            f"<td>{escape(indicator['unit'])}</td>"
            f"<td>{escape(localize(indicator['total']))}</td>"
            f"<td>{previous_text}</td><td>{change_text}</td></tr>"
        )
    return mark_safe("".join(rows))
