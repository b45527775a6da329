"""Tags for the report pages' repeated parts: plain Python, several times faster than the
equivalent nested template, the same escaped markup."""

import operator
import unicodedata
from bisect import bisect_right
from html import escape
from itertools import accumulate

from django import template
from django.template.backends.utils import csrf_input
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import add_truncation_text, calculate_truncate_chars_length, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directive_tracker.urlreuse import day_text, url_maker

from ..forms.progress import field_name, figure_field_name
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


def _highlight_form(texts: dict, url: str, entry_pk: int, field: str, highlight) -> str:
    """The board's form to mark one passage of an entry for the periodic summary."""
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
    excerpt_id = f"excerpt-{entry_pk}-{field}"
    return (
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


@register.simple_tag(takes_context=True)
def report_articles(context, entries, can_highlight) -> str:
    """The <article> of each duty of the report page (status, passages with the board's marks
    and forms, figures, files): the nested loops of the template were most of the page's time.
    The markup is the template's, white space included."""
    texts = _highlight_texts(context) if can_highlight else None
    highlight_url = url_maker("reports:entry_highlight")
    evidence_url = url_maker("reports:evidence_download")
    status_heading = escape(_("Status"))
    not_given = escape(_("not given"))
    not_given = f'<span class="text-body-secondary">{not_given}</span>'
    in_summary = escape(_("In the summary"))
    excerpt_heading = escape(_("Excerpt:"))
    evidence_heading = escape(_("Evidence files"))
    out = []
    last = len(entries) - 1
    for number, entry in enumerate(entries):
        duty = entry.duty
        d = entry.duty_id
        border = " border-bottom" if number != last else ""
        status = escape(str(entry.status_label)) if entry.status else not_given
        out.append(
            f'\n    <article class="mb-3 pb-3{border}" aria-labelledby="duty-{d}-title">\n'
            f'      <h3 class="h6" id="duty-{d}-title">{escape(duty.label)}. '
            f"{escape(duty.text)}</h3>\n"
            '      <dl class="row mb-0">\n'
            f'        <dt class="col-sm-3">{status_heading}</dt>\n'
            f'        <dd class="col-sm-9">{status}</dd>\n        '
        )
        for field, label, text, highlight in entry.passages:
            mark = ""
            if highlight:
                quoted = (
                    f" {excerpt_heading} \u201c{escape(highlight.excerpt)}\u201d"
                    if highlight.excerpt
                    else ""
                )
                mark = (
                    '<p class="small mb-1"><span class="badge text-bg-warning">'
                    f"{in_summary}</span>{quoted}</p>"
                )
            form = ""
            if can_highlight and text:
                form = _highlight_form(texts, highlight_url(entry.pk), entry.pk, field, highlight)
            out.append(
                f'\n        <dt class="col-sm-3">{escape(str(label))}</dt>\n'
                '        <dd class="col-sm-9">\n'
                f'          <div class="text-pre-line">{escape(text or "—")}</div>\n'
                f"          {mark}\n          {form}\n        </dd>\n        "
            )
        out.append("\n        ")
        for indicator, value in entry.figure_rows:
            shown = (
                f"{escape(localize(value))} {escape(indicator.unit)}"
                if value is not None
                else not_given
            )
            out.append(
                f'\n        <dt class="col-sm-3">{escape(indicator.name)}</dt>\n'
                f'        <dd class="col-sm-9">{shown}</dd>\n        '
            )
        out.append(
            f'\n        <dt class="col-sm-3">{evidence_heading}</dt>\n'
            '        <dd class="col-sm-9">\n          '
        )
        files = entry.evidence_list
        if files:
            end = len(files) - 1
            for index, item in enumerate(files):
                out.append(
                    "\n            "
                    + ('<ul class="list-unstyled mb-0">' if index == 0 else "")
                    + f'\n            <li><a href="{evidence_url(item.pk)}">'
                    f"{escape(item.original_name)}</a> "
                    '<span class="small text-body-secondary">'
                    f"({escape(filesizeformat(item.size))})</span></li>\n            "
                    + ("</ul>" if index == end else "")
                    + "\n          "
                )
        else:
            out.append("—")
        out.append("\n        </dd>\n      </dl>\n    </article>\n    ")
    return mark_safe("".join(out))


@register.simple_tag
def report_header(report, heading) -> str:
    """The head of the report page and form: directive, period, body, state, dates and, on a
    returned report, the board's comment. Catalogue words are written as {% translate %}
    writes them; the rest is escaped."""
    period = report.period
    directive = period.directive
    row = '\n    <dt class="col-sm-4 col-lg-2">{}</dt>\n    <dd class="col-sm-8 col-lg-10">{}</dd>'
    state, period_words, due = _("State"), _("Period"), _("Due")
    data_up_to = _("data up to")
    dates = (
        f"{day_text(period.starts_on)} – {day_text(period.ends_on)} "
        f"({data_up_to} {day_text(period.data_cutoff)})"
    )
    sent = ""
    if report.submitted_at:
        when = timezone.localtime(report.submitted_at).strftime("%d/%m/%Y %H:%M")
        if report.submitted_by:
            when += f" · {escape(str(report.submitted_by))}"
        if report.is_late:
            late = _("late")
            when += f' <span class="badge text-bg-danger">{late}</span>'
        sent = row.format(_("Sent"), when) + "\n    "
    comment = ""
    if report.review_comment and report.state in ("returned", "draft"):
        returned = _("The Propaganda Board returned this report")
        if report.reviewed_at:
            returned += f" ({day_text(report.reviewed_at)})"
        comment = (
            '\n<div class="alert alert-warning" role="note" id="review-comment">\n'
            f'  <h2 class="h6">{returned}</h2>\n'
            f'  <p class="mb-0 text-pre-line">{escape(report.review_comment)}</p>\n</div>\n'
        )
    return mark_safe(
        '\n<header class="mb-3">\n'
        f'  <p class="mb-1"><a href="{escape(directive.get_absolute_url())}">'
        f"{escape(directive.reference)}</a> · {escape(capfirst(period.label))}</p>\n"
        f'  <h1 class="h3">{conditional_escape(heading)}: {escape(report.body.name)}</h1>\n'
        '  <dl class="row small mb-0">'
        + row.format(state, f"{state_badge(report)}\n")
        + row.format(period_words, dates)
        + row.format(due, day_text(period.body_due))
        + "\n    "
        + sent
        + "\n  </dl>\n</header>\n"
        + comment
        + "\n"
    )


@register.simple_tag
def assignment_heading(assignment) -> str:
    """The card header of an assignment on the report page and form, with the assignment's own
    words folded beneath it, wherever its duties are read or filled in."""
    number = escape(localize(assignment.number))
    # As {% blocktranslate %} and {% translate %} write them: the catalogue's words as they are,
    # only the values put in escaped.
    title = _("Assignment %(number)s") % {"number": number}
    summary = _("The assignment's text")
    paragraphs = "".join(
        f'<p class="assignment-text">{escape(paragraph)}</p>' for paragraph in assignment.paragraphs
    )
    return mark_safe(
        f'<div class="card-header">\n  <h2 class="h5 mb-0" id="assignment-{number}-title">'
        f"{title}</h2>\n</div>\n\n"
        f'<details class="mx-3 mt-3 small">\n  <summary>{summary}</summary>\n  {paragraphs}\n'
        "</details>\n"
    )


@register.simple_tag
def report_form_duties(form, entries) -> str:
    """The <fieldset> of each duty of the report form (status, texts, figures, files), its
    fields written by the form's FieldWriter. The markup is the template's, white space
    included."""
    writer = form.writer
    fields = form.fields
    evidence_url = url_maker("reports:evidence_download")
    attached = escape(_("Attached files"))
    out = []
    last = len(entries) - 1
    for number, entry in enumerate(entries):
        duty = entry.duty
        d = entry.duty_id
        border = " border-bottom" if number != last else ""
        figures = ""
        if entry.indicators:
            cells = "".join(
                f'<div class="col-sm-6 col-lg-4">{writer.html(figure_field_name(d, indicator.pk))}'
                "</div>"
                for indicator in entry.indicators
            )
            figures = f'\n        <div class="row">\n          {cells}\n        </div>\n        '
        files = ""
        if entry.evidence_list:
            items = "".join(
                f'<li><a href="{evidence_url(item.pk)}">{escape(item.original_name)}</a> '
                '<span class="small text-body-secondary">'
                f"({escape(filesizeformat(item.size))})</span></li>"
                for item in entry.evidence_list
            )
            files = (
                f'\n        <p class="mb-1 fw-semibold">{attached}</p>\n'
                f'        <ul class="list-unstyled mb-2">\n          {items}\n'
                "        </ul>\n        "
            )
        remove = field_name(d, "remove")
        remove = writer.html(remove) if remove in fields else ""
        out.append(
            f'\n      <fieldset class="mb-4 pb-3{border}" id="duty-{d}">\n'
            f'        <legend class="h6 fw-semibold">{escape(duty.label)}. {escape(duty.text)}'
            "</legend>\n"
            f"        {writer.html(field_name(d, 'status'))}\n"
            f"        {writer.html(field_name(d, 'results'))}\n"
            '        <div class="row">\n'
            f'          <div class="col-md-6">{writer.html(field_name(d, "difficulties"))}</div>\n'
            f'          <div class="col-md-6">{writer.html(field_name(d, "proposals"))}</div>\n'
            "        </div>\n"
            f"        {figures}\n"
            f"        {files}\n"
            f"        {remove}\n"
            f"        {writer.html(field_name(d, 'files'))}\n"
            "      </fieldset>\n      "
        )
    return mark_safe("".join(out))


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
        old = f"<del>{escape(_cut(change.old))}</del> → " if change.old else ""
        new = f"<ins>{escape(_cut(change.new))}</ins>" if change.new else removed
        items.append(f"\n        <li>{escape(str(change.label))}: {old}{new}</li>\n        ")
    return mark_safe("".join(items))


def _cut(text, length: int = 200) -> str:
    """Truncator(text).chars(200): the NFC form, cut after 200 characters not counting
    combining marks, ending in the catalogue's ellipsis. Counted in C (a running count of the
    characters that are not combining marks, then a bisection) rather than a character at a
    time as Truncator does: a history quotes many long passages."""
    text = unicodedata.normalize("NFC", str(text))
    if len(text) <= length:
        return text
    counts = list(accumulate(map(operator.not_, map(unicodedata.combining, text))))
    if counts[-1] <= length:
        return text
    end = bisect_right(counts, calculate_truncate_chars_length(length, None))
    return add_truncation_text(text[:end])
