"""Tags for the report pages' repeated parts: plain Python, several times faster than the
equivalent nested template, the same escaped markup."""

from html import escape

from django import template
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directive_tracker.urlreuse import url_maker

from ..models import ProgressReport

register = template.Library()

# Looked up once: get_state_display rebuilds the choices dict at every call.
STATE_LABELS = dict(ProgressReport.State.choices)
STATE_BADGES = {
    "accepted": "text-bg-success",
    "submitted": "text-bg-primary",
    "returned": "text-bg-danger",
    "draft": "text-bg-warning",
}


@register.simple_tag
def state_badge(report) -> str:
    """The report's state as a coloured badge."""
    label = STATE_LABELS.get(report.state, report.state)
    return format_html(
        '<span class="badge {}">{}</span>',
        STATE_BADGES.get(report.state, "text-bg-secondary"),
        capfirst(str(label)),
    )


def _highlight_texts(context) -> dict:
    """The highlight form's words and the CSRF field, worked out once per page render."""
    texts = context.render_context.get("highlight_texts")
    if texts is None:
        request = getattr(context, "request", None)
        csrf = csrf_input(request) if request is not None else ""
        texts = context.render_context["highlight_texts"] = {
            "csrf": csrf,
            "change": escape(_("Change the excerpt or unmark")),
            "save": escape(_("Save the excerpt")),
            "unmark": escape(_("Unmark")),
            "include": escape(_("Include in the summary (đưa vào báo cáo tổng hợp)")),
            "mark": escape(_("Mark for the summary")),
            "label": escape(_("Shortened excerpt (optional; empty quotes the whole passage)")),
        }
    return texts


@register.simple_tag(takes_context=True)
def highlight_form(context, entry, field: str, highlight) -> str:
    """The board's form to mark one passage of an entry for the periodic summary, repeated for
    every passage of the report page."""
    texts = _highlight_texts(context)
    url = reverse("reports:entry_highlight", args=[entry.pk])
    if highlight:
        summary, button = texts["change"], texts["save"]
        unmark = (
            '<button type="submit" name="action" value="unmark" '
            f'class="btn btn-sm btn-outline-secondary">{texts["unmark"]}</button>'
        )
    else:
        summary, button, unmark = texts["include"], texts["mark"], ""
    excerpt = escape((highlight.excerpt if highlight else "") or "")
    field = escape(field)
    excerpt_id = f"excerpt-{entry.pk}-{field}"
    return mark_safe(
        f'\n<details class="small mt-1">\n  <summary>{summary}</summary>\n'
        f'  <form method="post" action="{url}" class="mt-2">{texts["csrf"]}\n'
        f'    <input type="hidden" name="field" value="{field}">\n'
        f'    <label class="form-label" for="{excerpt_id}">{texts["label"]}</label>\n'
        f'    <textarea class="form-control form-control-sm mb-2" id="{excerpt_id}" '
        f'name="excerpt" rows="2" maxlength="1000">{excerpt}</textarea>\n'
        '    <button type="submit" name="action" value="mark" '
        f'class="btn btn-sm btn-outline-primary">{button}</button>\n'
        f"    {unmark}\n  </form>\n</details>\n"
    )


@register.simple_tag
def owed_items(owed) -> str:
    """The home page's panel of what the user's bodies owe (OwedReport items, up to twenty):
    one plain loop, the links made with one reverse() each and the words translated once."""
    edit_url = url_maker("reports:report_edit")
    detail_url = url_maker("reports:report_detail")
    # Translated outside the f-strings: xgettext does not read calls inside them.
    words = {
        "due_today": escape(_("due today")),
        "on_time": escape(_("sent on time")),
        "fill_in": escape(_("Fill in the report")),
        "view": escape(_("View the report")),
        "period": escape(_("Reporting period")),
        "due": escape(_("Due")),
    }
    return mark_safe("".join(_owed_item(item, words, edit_url, detail_url) for item in owed))


def _owed_item(item, words, edit_url, detail_url) -> str:
    name = escape(item.body_name)
    period = escape(item.period_label)
    if (n := item.days_late) is not None:
        if item.owed:
            late = ngettext("%(counter)s day late", "%(counter)s days late", n)
            days = f'<strong class="text-danger">{escape(late % {"counter": n})}</strong>'
        else:
            late = ngettext("sent %(counter)s day late", "sent %(counter)s days late", n)
            days = escape(late % {"counter": n})
    elif item.days_left == 0:
        days = f"<strong>{words['due_today']}</strong>"
    elif (n := item.days_left) is not None:
        days = escape(ngettext("%(counter)s day left", "%(counter)s days left", n) % {"counter": n})
    else:
        days = words["on_time"]
    if item.owed:
        link = f'<a class="btn btn-sm btn-primary" href="{edit_url(item.pk)}">{words["fill_in"]}'
    else:
        link = (
            f'<a class="btn btn-sm btn-outline-primary" href="{detail_url(item.pk)}">'
            f"{words['view']}"
        )
    return (
        '\n    <li class="list-group-item">\n'
        '      <div class="row g-2 align-items-center">\n'
        '        <div class="col-md-5">\n'
        f'          <span class="fw-semibold">{name}</span><br>\n'
        f'          <span class="small">{words["period"]}: {period}</span>\n'
        "        </div>\n"
        f'        <div class="col-6 col-md-2">{state_badge(item)}</div>\n'
        '        <div class="col-6 col-md-3 small owed-days">\n'
        f"          {words['due']}: {item.body_due:%d/%m/%Y}<br>\n"
        f"          {days}\n"
        "        </div>\n"
        '        <div class="col-md-2 text-md-end">\n'
        f'          {link}<span class="visually-hidden"> – {name}, {period}</span></a>\n'
        "        </div>\n"
        "      </div>\n"
        "    </li>"
    )


@register.simple_tag
def change_items(changes) -> str:
    """The <li> of each change of a history step: a report's history lists every field each save
    changed, each old and new text cut to 200 characters as the truncatechars filter cuts it."""
    removed_words = escape(_("removed"))
    removed = f"<em>{removed_words}</em>"
    items = []
    for change in changes:
        old = f"<del>{escape(Truncator(change.old).chars(200))}</del> → " if change.old else ""
        new = f"<ins>{escape(Truncator(change.new).chars(200))}</ins>" if change.new else removed
        items.append(f"\n        <li>{escape(str(change.label))}: {old}{new}</li>\n        ")
    return mark_safe("".join(items))
