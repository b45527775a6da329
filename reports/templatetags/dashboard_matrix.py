"""The dashboard's matrix, written in Python.

A decade's directive puts a few dozen bodies against every duty; the same markup through nested
template tags cost most of the page's time. The output is what the template wrote, escaped the
same way, with the indentation between table elements left out.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from reports.selectors.dashboard import url_maker

register = template.Library()


@register.simple_tag
def dashboard_matrix_bodies(dashboard):
    """The matrix's <tbody> elements: one per group of bodies, a row per body."""
    record_url = url_maker("reports:body_record")
    report_label = escape(_("Report"))
    no_task = (
        '<span aria-hidden="true" class="text-body-secondary">—</span>'
        f'<span class="visually-hidden">{escape(_("no task"))}</span>'
    )
    colspan = len(dashboard.assignments) + 2
    names = {a.pk: escape(str(a)) for a in dashboard.assignments}
    # Label and text of each duty, escaped once for all the bodies that owe it.
    duties = {d.pk: (escape(d.label), escape(d.text)) for d in dashboard.duties}
    out = []
    for section in dashboard.sections:
        out.append("<tbody>")
        indent = ""
        if section.group:
            indent = " ps-3"
            out.append(
                f'<tr class="table-light matrix-group"><th scope="rowgroup" colspan="{colspan}">'
                f'<span class="matrix-body-text">{escape(section.group.name)}</span></th></tr>'
            )
        for row in section.rows:
            body = row.body
            out.append(
                f'<tr data-body="{body.pk}">'
                f'<th scope="row" class="matrix-body{indent}">'
                f'<a href="{escape(record_url(body.pk))}">{escape(body.name)}</a></th>'
                f'<td data-label="{report_label}" class="matrix-state">'
                f'<a href="{escape(row.url)}" class="badge text-decoration-none {row.css}">'
                f"{escape(_capfirst(str(row.state_label)))}</a></td>"
            )
            for group in row.assignment_cells:
                name = names[group.assignment.pk]
                owed = group.owed
                if not owed:
                    out.append(f'<td data-label="{name}" class="matrix-none"> {no_task} </td>')
                    continue
                marks = []
                items = []
                last = len(owed) - 1
                for i, cell in enumerate(owed):
                    label, text = duties[cell.duty.pk]
                    status = escape(cell.status)
                    key = cell.key
                    mark = cell.mark
                    marks.append(
                        f'<span class="duty-mark duty-mark-{key}" title="{label} {text}: {status}">'
                        f'<span aria-hidden="true">{mark}</span>'
                        f'<span class="visually-hidden">{label} {status}{";" if i < last else ""}'
                        "</span></span>"
                    )
                    items.append(
                        f'<li><span class="duty-mark duty-mark-{key}" aria-hidden="true">{mark}'
                        f"</span> <strong>{label}</strong> {text}: <em>{status}</em></li>"
                    )
                out.append(
                    f'<td data-label="{name}" class="matrix-marks"> <details class="duty-marks">'
                    f'<summary><span class="visually-hidden">{name}: </span>{"".join(marks)}'
                    '</summary><ul class="duty-list list-unstyled mb-0 mt-1">'
                    f"{''.join(items)}</ul></details> </td>"
                )
            out.append("</tr>")
        out.append("</tbody>")
    return mark_safe("".join(out))


def _capfirst(value: str) -> str:
    return value[:1].upper() + value[1:]
