"""The body's report form: every duty of the body on one page, built from the report's entries.

Field names carry the duty's id (d12_status, d12_fig_3 …) so the form and the page stay stable
whatever the order of the duties.
"""

from dataclasses import dataclass

from django import forms
from django.utils.html import conditional_escape, escape, format_html
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


def _attributes(attrs: dict) -> str:
    """HTML attributes in their given order, as Django's widget templates write them (True:
    the bare name; False or None: left out)."""
    return mark_safe(
        "".join(
            f" {escape(name)}"
            if value is True
            else f' {escape(name)}="{conditional_escape(value)}"'
            for name, value in attrs.items()
            if value is not False and value is not None
        )
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
        """The whole field: label, control, errors and help (templates/reports/fields/)."""
        if isinstance(self.bound.field.widget, forms.widgets.ChoiceWidget):
            return self.choices_html()
        return self.control_html()

    def _errors_html(self, auto_id: str, errors) -> str:
        if not errors:
            return "\n"
        return format_html(
            '<div id="{}_error" class="invalid-feedback">\n{}</div>\n',
            auto_id,
            mark_safe(
                "".join(
                    format_html(
                        '<p id="error_{}_{}"><strong>{}</strong></p>\n', number, auto_id, error
                    )
                    for number, error in enumerate(errors, start=1)
                )
            ),
        )

    def _help_html(self, auto_id: str) -> str:
        help_text = self.bound.help_text
        if not help_text:
            return "\n"
        return format_html('<div id="{}_helptext" class="form-text">{}</div>\n', auto_id, help_text)

    def control_html(self) -> str:
        """As templates/reports/fields/control.html writes it."""
        bound = self.bound
        auto_id = bound.auto_id
        errors = bound.errors
        after = mark_safe(self._errors_html(auto_id, errors) + self._help_html(auto_id))
        if self.is_file:
            body = format_html(
                "<div{}>\n{}\n{}\n</div>",
                mark_safe(' class="is-invalid"') if errors else "",
                self.control,
                after,
            )
        else:
            body = format_html("{}\n{}", self.control, after)
        return format_html(
            '<div id="div_{}" class="mb-3">\n<label for="{}" class="form-label">{}</label>\n{}\n'
            "</div>\n",
            auto_id,
            bound.id_for_label,
            bound.label,
            body,
        )

    def choices_html(self) -> str:
        """As templates/reports/fields/choices.html writes it: radio buttons or checkboxes in a
        fieldset whose legend is the field's label, the errors after the last choice."""
        bound = self.bound
        auto_id = bound.auto_id
        errors = bound.errors
        widget = bound.field.widget
        selected = set(widget.format_value(bound.value()))
        invalid = mark_safe(" is-invalid") if errors else ""
        aria_invalid = mark_safe(' aria-invalid="true"') if errors else ""
        checked = mark_safe(" checked")
        choices = list(bound.field.choices)
        options = []
        for index, (value, label) in enumerate(choices):
            option_id = f"{auto_id}_{index}"
            options.append(
                format_html(
                    '<div class="form-check">\n<input type="{}" class="form-check-input{}" '
                    'name="{}" value="{}" id="{}"{}{}>\n'
                    '<label for="{}" class="form-check-label">{}</label>\n{}</div>\n',
                    widget.input_type,
                    invalid,
                    bound.html_name,
                    value,
                    option_id,
                    checked if str(value) in selected else "",
                    aria_invalid,
                    option_id,
                    label,
                    self._errors_html(auto_id, errors) if index == len(choices) - 1 else "",
                )
            )
        return format_html(
            '<div id="div_{}" class="mb-3">\n<fieldset{}>\n'
            '<legend class="form-label fs-6">{}</legend>\n<div>\n{}</div>\n</fieldset>\n{}'
            "</div>\n",
            auto_id,
            format_html(' aria-describedby="{}_error"', auto_id) if errors else "",
            bound.label,
            mark_safe("".join(options)),
            self._help_html(auto_id),
        )

    @property
    def control(self) -> str:
        """The input itself, with crispy's classes, and the attributes Django gives it
        (aria-invalid, the aria-describedby of the errors and the help text). Written here
        rather than through the widget's template: the same markup, a fraction of the time."""
        bound = self.bound
        widget = bound.field.widget
        if self.is_file:
            css = "form-control"
        else:
            css = f"{widget.__class__.__name__.lower()} form-control"
        if bound.errors:
            css += " is-invalid"
        attrs = bound.build_widget_attrs({"class": css}, widget)
        if bound.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", bound.auto_id)
        context = widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
        if isinstance(widget, forms.Textarea):
            return format_html(
                '<textarea name="{}"{}>\n{}</textarea>',
                context["name"],
                _attributes(context["attrs"]),
                context["value"] or "",
            )
        value = context["value"]
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            context["type"],
            context["name"],
            format_html(' value="{}"', value) if value is not None else "",
            _attributes(context["attrs"]),
        )


class ReportForm(StorableInputMixin, forms.Form):
    """entries: the report's entries, each with duty.indicators, figures and evidence loaded."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, entries: list[ProgressEntry], **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = entries
        accept = ",".join(EVIDENCE_TYPES)
        status_choices = [(value, capfirst(label)) for value, label in ProgressEntry.Status.choices]
        for entry in entries:
            duty: Duty = entry.duty
            d = duty.pk
            figures = {figure.indicator_id: figure.value for figure in entry.figures.all()}
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
            for indicator in duty.indicators.all():
                self.fields[figure_field_name(d, indicator.pk)] = forms.IntegerField(
                    label=f"{indicator.name} ({indicator.unit})",
                    required=False,
                    min_value=0,
                    max_value=2_147_483_647,
                    error_messages=WHOLE_NUMBER_ERRORS,
                    initial=figures.get(indicator.pk),
                    widget=forms.NumberInput(attrs={"min": 0, "step": 1, "inputmode": "numeric"}),
                )
            evidence = list(entry.evidence.all())
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
                for indicator in entry.duty.indicators.all()
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
            for indicator in entry.duty.indicators.all():
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
