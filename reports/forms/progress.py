"""The body's report form: every duty of the body on one page, built from the report's entries.

Field names carry the duty's id (d12_status, d12_fig_3 …) so the form and the page stay stable
whatever the order of the duties.
"""

import html
from dataclasses import dataclass

from django import forms
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from assignments.models import Duty, Indicator
from directive_tracker.forms import StorableInputMixin

from ..models import ProgressEntry
from ..models.evidence import EVIDENCE_TYPES
from ..services.progress import EntryInput, evidence_check

WHOLE_NUMBER_ERRORS = {
    "invalid": _("Enter a whole number, 0 or more."),
    "min_value": _("Enter a whole number, 0 or more."),
    "max_value": _("This number is too large."),
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        errors, cleaned = [], []
        for upload in files:
            try:
                evidence_check(upload=upload)
            except forms.ValidationError as error:
                errors.extend(error.messages)
            else:
                cleaned.append(upload)
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


def field_name(duty_id: int, part: str) -> str:
    return f"d{duty_id}_{part}"


def figure_field_name(duty_id: int, indicator_id: int) -> str:
    return field_name(duty_id, f"fig_{indicator_id}")


def _e(value) -> str:
    """conditional_escape without its lazy-string wrapper: the same text, escaped unless it is
    already safe. The field markup below is built with f-strings and this: format_html and
    escape, called a few thousand times a page, were a good part of the report form's time."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _attributes(attrs: dict) -> str:
    """HTML attributes in their given order, as Django's widget templates write them (True:
    the bare name; False or None: left out). The names are the code's own."""
    return "".join(
        f" {name}" if value is True else f' {name}="{_e(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


@dataclass
class PlainField:
    """A bound field rendered in Python: the report form repeats its fields for every duty, and
    crispy's generic field template, then plain included templates, rendered a hundred times,
    were most of the page's time. The markup stays crispy-bootstrap5's (ids, classes, aria
    attributes)."""

    bound: forms.BoundField

    @property
    def is_file(self) -> bool:
        return isinstance(self.bound.field.widget, forms.ClearableFileInput)

    @property
    def input_type(self) -> str:
        return self.bound.field.widget.input_type  # "radio", or "checkbox" for several choices

    @property
    def html(self) -> str:
        """The whole field: label, control, errors and help."""
        if isinstance(self.bound.field.widget, forms.widgets.ChoiceWidget):
            return mark_safe(self._choices_html())
        return mark_safe(self._control_html())

    @staticmethod
    def _errors_html(auto_id: str, errors) -> str:
        if not errors:
            return "\n"
        items = "".join(
            f'<p id="error_{number}_{auto_id}"><strong>{_e(error)}</strong></p>\n'
            for number, error in enumerate(errors, start=1)
        )
        return f'<div id="{auto_id}_error" class="invalid-feedback">\n{items}</div>\n'

    def _help_html(self, auto_id: str) -> str:
        help_text = self.bound.help_text
        if not help_text:
            return "\n"
        return f'<div id="{auto_id}_helptext" class="form-text">{_e(help_text)}</div>\n'

    def _control_html(self) -> str:
        bound = self.bound
        auto_id = _e(bound.auto_id)
        errors = bound.errors
        control = self._control(errors)
        after = self._errors_html(auto_id, errors) + self._help_html(auto_id)
        if self.is_file:
            invalid = ' class="is-invalid"' if errors else ""
            body = f"<div{invalid}>\n{control}\n{after}\n</div>"
        else:
            body = f"{control}\n{after}"
        return (
            f'<div id="div_{auto_id}" class="mb-3">\n<label for="{_e(bound.id_for_label)}" '
            f'class="form-label">{_e(bound.label)}</label>\n{body}\n</div>\n'
        )

    def _choices_html(self) -> str:
        """Radio buttons or checkboxes in a fieldset whose legend is the field's label, the
        errors after the last choice."""
        bound = self.bound
        auto_id = _e(bound.auto_id)
        errors = bound.errors
        widget = bound.field.widget
        selected = set(widget.format_value(bound.value()))
        invalid = " is-invalid" if errors else ""
        aria_invalid = ' aria-invalid="true"' if errors else ""
        start = f'<input type="{_e(widget.input_type)}" class="form-check-input{invalid}" '
        name = _e(bound.html_name)
        choices = list(bound.field.choices)
        last = len(choices) - 1
        options = []
        for index, (value, label) in enumerate(choices):
            option_id = f"{auto_id}_{index}"
            checked = " checked" if str(value) in selected else ""
            after = self._errors_html(auto_id, errors) if index == last else ""
            options.append(
                f'<div class="form-check">\n{start}name="{name}" value="{_e(value)}" '
                f'id="{option_id}"{checked}{aria_invalid}>\n'
                f'<label for="{option_id}" class="form-check-label">{_e(label)}</label>\n'
                f"{after}</div>\n"
            )
        described = f' aria-describedby="{auto_id}_error"' if errors else ""
        return (
            f'<div id="div_{auto_id}" class="mb-3">\n<fieldset{described}>\n'
            f'<legend class="form-label fs-6">{_e(bound.label)}</legend>\n<div>\n'
            f"{''.join(options)}</div>\n</fieldset>\n{self._help_html(auto_id)}</div>\n"
        )

    def _control(self, errors) -> str:
        """The input itself, with crispy's classes, and the attributes Django gives it
        (aria-invalid, the aria-describedby of the errors and the help text). Written here
        rather than through the widget's template: the same markup, a fraction of the time."""
        bound = self.bound
        widget = bound.field.widget
        if self.is_file:
            css = "form-control"
        else:
            css = f"{widget.__class__.__name__.lower()} form-control"
        if errors:
            css += " is-invalid"
        attrs = bound.build_widget_attrs({"class": css}, widget)
        if bound.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", bound.auto_id)
        context = widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
        if isinstance(widget, forms.Textarea):
            return (
                f'<textarea name="{_e(context["name"])}"{_attributes(context["attrs"])}>\n'
                f"{_e(context['value'] or '')}</textarea>"
            )
        value = context["value"]
        value = f' value="{_e(value)}"' if value is not None else ""
        return (
            f'<input type="{_e(context["type"])}" name="{_e(context["name"])}"{value}'
            f"{_attributes(context['attrs'])}>"
        )


class ReportForm(StorableInputMixin, forms.Form):
    """entries: the report's entries from report_entries (indicators, figure_values and
    evidence_list loaded)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, entries: list[ProgressEntry], **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = entries
        accept = ",".join(EVIDENCE_TYPES)
        status_choices = [(value, capfirst(label)) for value, label in ProgressEntry.Status.choices]
        for entry in entries:
            duty: Duty = entry.duty
            d = duty.pk
            figures = entry.figure_values
            self.fields[field_name(d, "status")] = forms.ChoiceField(
                label=_("Status"),
                choices=status_choices,
                required=False,
                widget=forms.RadioSelect,
                initial=entry.status,
            )
            self.fields[field_name(d, "results")] = forms.CharField(
                label=_("What was done"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=entry.results,
            )
            self.fields[field_name(d, "difficulties")] = forms.CharField(
                label=_("Difficulties"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=entry.difficulties,
            )
            self.fields[field_name(d, "proposals")] = forms.CharField(
                label=_("Proposals"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=entry.proposals,
            )
            indicator: Indicator
            for indicator in entry.indicators:
                self.fields[figure_field_name(d, indicator.pk)] = forms.IntegerField(
                    label=f"{indicator.name} ({indicator.unit})",
                    required=False,
                    min_value=0,
                    max_value=2_147_483_647,
                    error_messages=WHOLE_NUMBER_ERRORS,
                    initial=figures.get(indicator.pk),
                    widget=forms.NumberInput(attrs={"min": 0, "step": 1, "inputmode": "numeric"}),
                )
            evidence = entry.evidence_list
            if evidence:
                self.fields[field_name(d, "remove")] = forms.MultipleChoiceField(
                    label=_("Remove attached files"),
                    required=False,
                    choices=[(str(item.pk), item.original_name) for item in evidence],
                    widget=forms.CheckboxSelectMultiple,
                )
            self.fields[field_name(d, "files")] = MultipleFileField(
                label=_("Attach evidence files"),
                required=False,
                help_text=_("PDF, DOCX, XLSX, JPG or PNG; you may choose several files."),
                widget=MultipleFileInput(attrs={"accept": accept}),
            )

    def duty_fields(self, entry: ProgressEntry) -> dict:
        """The bound fields of one duty, for the template."""
        d = entry.duty_id
        return {
            "status": PlainField(self[field_name(d, "status")]),
            "results": PlainField(self[field_name(d, "results")]),
            "difficulties": PlainField(self[field_name(d, "difficulties")]),
            "proposals": PlainField(self[field_name(d, "proposals")]),
            "figures": [
                PlainField(self[figure_field_name(d, indicator.pk)])
                for indicator in entry.indicators
            ],
            "remove": PlainField(self[field_name(d, "remove")])
            if field_name(d, "remove") in self.fields
            else None,
            "files": PlainField(self[field_name(d, "files")]),
        }

    def entry_inputs(self) -> dict[int, EntryInput]:
        """What to save: every field that is valid. A field with an error is left as it was in
        the database, and the page shows the person's input with the error beside it."""
        data = self.cleaned_data
        inputs = {}
        for entry in self.entries:
            d = entry.duty_id
            item = EntryInput()
            for part in ("status", "results", "difficulties", "proposals"):
                name = field_name(d, part)
                if name in data:
                    setattr(item, part, data[name])
            for indicator in entry.indicators:
                name = figure_field_name(d, indicator.pk)
                if name in data:
                    item.figures[indicator.pk] = data[name]
            item.uploads = list(data.get(field_name(d, "files")) or [])
            item.remove_evidence = [int(pk) for pk in data.get(field_name(d, "remove")) or []]
            inputs[d] = item
        return inputs

    def add_missing_errors(self, errors: dict[int, dict[str, str]]) -> None:
        for duty_id, fields in errors.items():
            for part, message in fields.items():
                if part.startswith("figure_"):
                    name = figure_field_name(duty_id, int(part.removeprefix("figure_")))
                else:
                    name = field_name(duty_id, part)
                if name in self.fields and name not in self.errors:
                    self.add_error(name, message)


class IndicatorForm(StorableInputMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "sort_order"]
