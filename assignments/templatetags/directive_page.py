"""The directive page's long parts (every assignment with its recipients, duties and the tasks of
each duty; the letter's recipients; the links to the other directives), written in Python: the
same markup through nested template loops cost most of the page's time. The output is what the
template wrote, escaped the same way (`html.escape` is what Django's `escape` calls), with the
indentation between elements left out and other runs of white space kept as one space."""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directive_tracker.urlreuse import day_text

register = template.Library()


def _task_items(tasks) -> str:
    """<li>body (role)</li> for each (body name, role label) of a duty."""
    return "".join(f"<li>{escape(name)} ({escape(role)})</li>" for name, role in tasks)


def _name_items(names) -> str:
    """<li>name</li> for each name."""
    return "".join(f"<li>{escape(name)}</li>" for name in names)


@register.filter
def recipient_items(bodies) -> str:
    """The letter's "Kính gửi" list: <li>- name</li> for each body."""
    return mark_safe("".join(f"<li>- {escape(body.name)}</li>" for body in bodies))


@register.simple_tag
def other_directive_links(directives, directive) -> str:
    """The links to the directives other than the one shown, each with its date (the directives
    carry their `url`)."""
    return mark_safe(
        ", ".join(
            f'<a href="{escape(other.url)}">{escape(other.reference)} ({day_text(other.date)})</a>'
            for other in directives
            if other.pk != directive.pk
        )
    )


@register.simple_tag
def assignment_sections(assignments) -> str:
    """A card for each assignment (rows from `directive_overview`): its text, the bodies the
    letter names for it with their member bodies, and its duties with the tasks of each."""
    responsible = escape(_("Responsible bodies"))
    duties_heading = escape(_("Duties"))
    your_task = escape(_("your task"))
    out = []
    for assignment in assignments:
        number = assignment.number
        # blocktranslate does not escape the translation, only the values put in it.
        title = _("Assignment %(number)s") % {"number": number}
        out.append(
            f'<section class="card mb-4" id="assignment-{number}" '
            f'aria-labelledby="assignment-{number}-title">'
            '<div class="card-header d-flex flex-wrap justify-content-between gap-2">'
            f'<h2 class="h5 mb-0" id="assignment-{number}-title">{title}</h2>'
        )
        if own := len(assignment.own_tasks):
            badge = ngettext(
                "%(counter)s task of your body", "%(counter)s tasks of your bodies", own
            ) % {"counter": own}
            out.append(f'<span class="badge text-bg-primary">{badge}</span>')
        out.append('</div><div class="card-body">')
        out.extend(
            f'<p class="assignment-text">{escape(paragraph)}</p>'
            for paragraph in assignment.paragraphs
        )
        out.append(f'<h3 class="h6 mt-3">{responsible}</h3><ul class="mb-3">')
        for name, role, members in assignment.recipient_rows:
            out.append(f"<li><strong>{escape(name)}</strong> ({escape(role)})")
            if members:
                count = ngettext(
                    "%(counter)s member body", "%(counter)s member bodies", len(members)
                ) % {"counter": len(members)}
                out.append(
                    f" <details><summary>{count}</summary>"
                    f'<ul class="small">{_name_items(members)}</ul></details>'
                )
            out.append("</li>")
        out.append(f'</ul><h3 class="h6">{duties_heading}</h3><ol class="list-unstyled mb-0">')
        for duty in assignment.duty_rows:
            own_class = " own-task" if duty.own_bodies else ""
            out.append(
                f'<li class="mb-2{own_class}">'
                f'<span class="fw-semibold">{escape(duty.label)}.</span> {escape(duty.text)}'
            )
            if duty.own_bodies:
                names = ", ".join(escape(name) for name in duty.own_bodies)
                out.append(
                    ' <span class="badge text-bg-primary text-wrap text-start">'
                    f"{your_task}: {names}</span>"
                )
            count = ngettext("%(counter)s task", "%(counter)s tasks", len(duty.tasks)) % {
                "counter": len(duty.tasks)
            }
            out.append(
                f' <details class="small text-body-secondary"><summary>{count}</summary>'
                f"<ul>{_task_items(duty.tasks)}</ul></details></li>"
            )
        out.append("</ol></div></section>\n")
    return mark_safe("".join(out))
