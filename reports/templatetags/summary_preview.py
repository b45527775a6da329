"""The summary page's annex table, one row per body and a cell per assignment: built here with
format_html rather than nested template loops, which cost a few hundred nodes per page."""

from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.simple_tag
def annex_rows(bodies):
    """The annex's rows (summary_document's data["bodies"]), escaped; an empty cell is a dash."""
    return format_html_join(
        "",
        '<tr><th scope="row">{}</th>{}<td>{}</td></tr>',
        (
            (
                body["name"],
                format_html_join(
                    "", "<td>{}</td>", ((value or "–",) for value in body["assignments"].values())
                ),
                body.get("submitted_display") or "",
            )
            for body in bodies
        ),
    )
