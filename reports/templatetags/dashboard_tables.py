"""The dashboard's repeated parts (the matrix, the late bodies, the chases, the chart's table,
the period and directive choices), written in Python.

A decade's directive puts a few dozen bodies against every duty; the same markup through nested
template tags cost most of the page's time. The output is what the template wrote, escaped the
same way (`html.escape` is what Django's `escape` calls), with the indentation between table
elements left out and other runs of white space kept as one space.
"""

from html import escape

from django import template
from django.template.backends.utils import csrf_input
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directive_tracker.urlreuse import day_text, url_maker
from reports.selectors.dashboard import EXECUTION_MARKS, STATE_LABELS

register = template.Library()


@register.simple_tag
def dashboard_matrix_bodies(dashboard):
    """The matrix's <tbody> elements: one per group of bodies, a row per body."""
    record_url = url_maker("reports:body_record")
    report_label = escape(_("Report"))
    no_task_words = escape(_("no task"))
    no_task = (
        '<span aria-hidden="true" class="text-body-secondary">—</span>'
        f'<span class="visually-hidden">{no_task_words}</span>'
    )
    colspan = len(dashboard.assignments) + 2
    names = {a.pk: escape(str(a)) for a in dashboard.assignments}
    # Label and text of each duty, escaped once for all the bodies that owe it.
    duties = {d.pk: (escape(d.label), escape(d.text)) for d in dashboard.duties}
    states = _state_words()
    # A handful of status words said hundreds of times: each escaped once.
    statuses: dict[str, str] = {}
    marks_of = {
        key: f'<span class="duty-mark duty-mark-{key}" aria-hidden="true">{mark}</span>'
        for key, mark in EXECUTION_MARKS.items()
    }
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
                f"{states[row.state]}</a></td>"
            )
            for group in row.assignment_cells:
                name = names[group.assignment.id]
                owed = group.owed
                if not owed:
                    out.append(f'<td data-label="{name}" class="matrix-none">{no_task}</td>')
                    continue
                marks = []
                spoken = []
                items = []
                for cell in owed:
                    label, text = duties[cell.duty.id]
                    status = statuses.get(cell.status)
                    if status is None:
                        status = statuses[cell.status] = escape(cell.status)
                    mark = marks_of[cell.key]
                    marks.append(mark)
                    spoken.append(f"{label} {status}")
                    items.append(
                        f"<li>{mark} <strong>{label}</strong> {text}: <em>{status}</em></li>"
                    )
                # The marks are for the eye; a screen reader hears the assignment and each
                # duty's status in one run of text, and the opened list gives each duty's text.
                out.append(
                    f'<td data-label="{name}" class="matrix-marks"> <details class="duty-marks">'
                    f'<summary><span class="visually-hidden">{name}: {"; ".join(spoken)}</span>'
                    f'{"".join(marks)}</summary><ul class="duty-list">{"".join(items)}</ul>'
                    "</details> </td>"
                )
            out.append("</tr>")
        out.append("</tbody>")
    return mark_safe("".join(out))


def _capfirst(value: str) -> str:
    return value[:1].upper() + value[1:]


def _state_words() -> dict[str, str]:
    # A report's state as its badge says it, looked up once per table rather than per row.
    return {key: escape(_capfirst(str(label))) for key, label in STATE_LABELS.items()}


@register.simple_tag(takes_context=True)
def dashboard_late_rows(context, dashboard, can_act):
    """The rows of the late bodies' table; with `can_act`, each with its chase button."""
    states = _state_words()
    record_url = url_maker("reports:body_record")
    state_label = escape(_("State"))
    days_label = escape(_("Days late"))
    chased_label = escape(_("Last chased"))
    unreachable = (
        ' <span class="badge text-bg-secondary unreachable" title="'
        + escape(_("No staff account with an e-mail and no office e-mail: a chase reaches nobody."))
        + '">'
        + escape(_("unreachable"))
        + "</span>"
    )
    if can_act:
        request = context["request"]
        back = escape(request.get_full_path())
        hidden = f'{csrf_input(request)} <input type="hidden" name="next" value="{back}"> '
        chase_url = url_maker("reports:chase_body", dashboard.period.pk)
    out = []
    for row in dashboard.late:
        body = row.body
        name = escape(body.name)
        days = ngettext("%(counter)s day", "%(counter)s days", row.days_late) % {
            "counter": row.days_late
        }
        chased = day_text(row.last_chased_on) if row.last_chased_on else "—"
        out.append(
            f'<tr><td><a href="{escape(record_url(body.pk))}">{name}</a>'
            f"{'' if row.reachable else unreachable}</td>"
            f'<td data-label="{state_label}"><a href="{escape(row.url)}" '
            f'class="badge text-decoration-none {row.css}">'
            f"{states[row.state]}</a></td>"
            f'<td data-label="{days_label}" class="text-nowrap">{days}</td>'
            f'<td data-label="{chased_label}" class="text-nowrap">{chased}</td>'
        )
        if can_act:
            button = _("Chase %(body)s") % {"body": name}
            out.append(
                f'<td class="card-actions"><form method="post" '
                f'action="{escape(chase_url(body.pk))}">{hidden}'
                f'<button type="submit" class="btn btn-outline-danger btn-sm">{button}</button> '
                "</form> </td>"
            )
        out.append("</tr>")
    return mark_safe("".join(out))


@register.simple_tag
def dashboard_chase_items(dashboard):
    """The list items of the period's chases: when, whom, and by whom or automatically."""
    automatic = escape(_("automatic"))
    by = _("by %(user)s")
    out = []
    for chase in dashboard.chases:
        who = automatic if chase.chased_by is None else by % {"user": escape(chase.chased_by)}
        out.append(f"<li>{day_text(chase.chased_on)} – {escape(chase.body_name)} – {who}</li>")
    return mark_safe("".join(out))


@register.simple_tag
def dashboard_chart_rows(dashboard):
    """The rows of the table that says the chart's figures in words."""
    owed = escape(_("Owed"))
    reported = escape(_("Reported"))
    accepted = escape(_("Accepted"))
    out = []
    for point in dashboard.chart:
        out.append(
            f'<tr><th scope="row">{escape(_capfirst(str(point.period.label)))}</th>'
            f'<td data-label="{owed}">{point.owed}</td>'
            f'<td data-label="{reported}" class="text-nowrap">'
            f"{point.reported} ({localize(point.reported_pct)}%)</td>"
            f'<td data-label="{accepted}" class="text-nowrap">'
            f"{point.accepted} ({localize(point.accepted_pct)}%)</td></tr>"
        )
    return mark_safe("".join(out))


@register.simple_tag
def dashboard_period_options(dashboard):
    """The period filter's options, the shown period selected."""
    chosen = dashboard.period.pk
    return mark_safe(
        "".join(
            f'<option value="{p.pk}"{" selected" if p.pk == chosen else ""}>'
            f"{escape(_capfirst(str(p.label)))}</option>"
            for p in dashboard.periods
        )
    )


@register.simple_tag
def dashboard_directive_links(dashboard, directives, url):
    """Links to the dashboards of the other directives, with their dates."""
    directives = list(directives)
    current = dashboard.directive.pk
    last = len(directives) - 1
    out = []
    for i, other in enumerate(directives):
        if other.pk == current:
            continue
        out.append(
            f'<a href="{escape(url)}?directive={other.pk}">{escape(other.reference)} '
            f"({day_text(other.date)})</a>"
        )
        if i != last:
            out.append(", ")
    return mark_safe("".join(out))


@register.simple_tag
def report_list_rows(dashboard):
    """The report list's rows: each body, its group, its report's state, when it was sent and how
    many days it is late."""
    states = _state_words()
    out = []
    for row in dashboard.rows:
        name = escape(row.body.name)
        if row.report_id:
            name = f'<a href="{escape(row.url)}">{name}</a>'
        group = escape(row.group.name) if row.group else ""
        # The template's |date:"d/m/Y H:i", in the offices' time zone.
        sent = (
            template_localtime(row.submitted_at).strftime("%d/%m/%Y %H:%M")
            if row.submitted_at
            else "—"
        )
        late = row.days_late if row.is_late else "—"
        state = states[row.state]
        out.append(
            f'<tr><th scope="row">{name}</th><td>{group}</td>'
            f'<td><span class="badge {row.css}">{state}</span></td>'
            f"<td>{sent}</td><td>{late}</td></tr>"
        )
    return mark_safe("".join(out))


def _options(choices, chosen) -> str:
    # (value, words) pairs as <option>s, the one equal to `chosen` selected.
    return mark_safe(
        "".join(
            f'<option value="{escape(str(value))}"{" selected" if value == chosen else ""}>'
            f"{escape(words)}</option>"
            for value, words in choices
        )
    )


@register.simple_tag
def dashboard_assignment_options(dashboard):
    """The assignment filter's options after "All assignments"."""
    return _options(
        ((a.pk, str(a)) for a in dashboard.all_assignments), dashboard.filters["assignment"]
    )


@register.simple_tag
def dashboard_group_options(dashboard):
    """The group filter's options after "All bodies"."""
    return _options(((g.pk, g.name) for g in dashboard.groups), dashboard.filters["group"])


@register.simple_tag
def dashboard_state_options(dashboard, filter_states):
    """The state filter's options after "All states"."""
    return _options(
        ((key, _capfirst(str(label))) for key, label in filter_states.items()),
        dashboard.filters["state"],
    )


@register.simple_tag
def dashboard_total_items(dashboard):
    """The totals, each a link to the reports it counts."""
    # A line between the items keeps the space between them that the inline list shows.
    return mark_safe(
        "\n".join(
            f'<li class="list-inline-item mb-2"><a class="btn btn-outline-dark btn-sm" '
            f'href="{escape(total.url)}" data-total="{total.key}">'
            f"{escape(_capfirst(str(total.label)))}: <strong>{total.count}</strong></a></li>"
            for total in dashboard.totals
        )
    )
