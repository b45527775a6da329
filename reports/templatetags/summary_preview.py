"""The summary page's annex table, one row per body and a cell per assignment: joined here
rather than in nested template loops, which cost a few hundred nodes per page."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


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
