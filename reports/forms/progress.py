"""The body's report form: every duty of the body on one page, built from the report's entries.

Field names carry the duty's id (d12_status, d12_fig_3 …) so the form and the page stay stable
whatever the order of the duties.
"""

import copy
import html

from django import forms
from django.utils.functional import Promise, cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from assignments.models import Duty, Indicator
from directive_tracker.forms import StorableInputMixin, storable_field

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


class FieldWriter:
    """Writes the report form's fields in Python, as crispy-bootstrap5 wrote them (ids, classes,
    aria attributes), without a BoundField: the form repeats its fields for every duty, and a
    template per field, then BoundField's properties (errors, auto_id, attributes: each asked
    several times a field) were most of the page's time. It follows BoundField.value() and
    build_widget_attrs() for the widgets the form uses; one writer per rendering."""

    def __init__(self, form: forms.BaseForm):
        self.form = form
        self.errors = form.errors  # {} for an unbound form
        # A prototype's label, choices and widget attributes are shared by its copies (see
        # _like): written once per page, not once per duty.
        self._written: dict[int, str] = {}
        self._plain: dict[int, tuple | None] = {}  # _plain_widget's, by the widget's id

    def _once(self, key, write) -> str:
        text = self._written.get(id(key))
        if text is None:
            text = self._written[id(key)] = write(key)
        return text

    def html(self, name: str) -> str:
        """The whole field: label, control, errors and help."""
        field = self.form.fields[name]
        if isinstance(field.widget, forms.widgets.ChoiceWidget):
            return self._choices_html(name, field)
        return self._control_html(name, field)

    def _names(self, name: str) -> tuple[str, str]:
        html_name = self.form.add_prefix(name)
        auto_id = self.form.auto_id
        if auto_id and "%s" in str(auto_id):
            return html_name, auto_id % html_name
        return html_name, html_name if auto_id else ""

    def _value(self, name: str, html_name: str, field: forms.Field):
        data = self.form.get_initial_for_field(field, name)
        if self.form.is_bound:
            data = field.bound_data(self.form._widget_data_value(field.widget, html_name), data)
        return field.prepare_value(data)

    def _label(self, field: forms.Field) -> str:
        label = field.label
        return self._once(label, _e) if isinstance(label, Promise) else _e(label)

    @staticmethod
    def _errors_html(auto_id: str, errors) -> str:
        if not errors:
            return "\n"
        items = "".join(
            f'<p id="error_{number}_{auto_id}"><strong>{_e(error)}</strong></p>\n'
            for number, error in enumerate(errors, start=1)
        )
        return f'<div id="{auto_id}_error" class="invalid-feedback">\n{items}</div>\n'

    def _help_html(self, auto_id: str, field: forms.Field) -> str:
        if not field.help_text:
            return "\n"
        help_text = self._once(field.help_text, _e)
        return f'<div id="{auto_id}_helptext" class="form-text">{help_text}</div>\n'

    def _control_html(self, name: str, field: forms.Field) -> str:
        html_name, auto_id = self._names(name)
        errors = self.errors.get(name)
        is_file = isinstance(field.widget, forms.ClearableFileInput)
        if not (errors or is_file or field.required or field.disabled or field.help_text):
            widget = field.widget
            plain = self._plain.get(id(widget), False)
            if plain is False:
                plain = self._plain[id(widget)] = _plain_widget(widget)
            if plain is not None and auto_id:
                return self._plain_html(name, html_name, auto_id, field, plain)
        control = self._control(name, html_name, auto_id, field, errors, is_file)
        auto_id = _e(auto_id)
        after = self._errors_html(auto_id, errors) + self._help_html(auto_id, field)
        if is_file:
            invalid = ' class="is-invalid"' if errors else ""
            body = f"<div{invalid}>\n{control}\n{after}\n</div>"
        else:
            body = f"{control}\n{after}"
        label_for = _e(field.widget.id_for_label(field.widget.attrs.get("id") or auto_id))
        return (
            f'<div id="div_{auto_id}" class="mb-3">\n<label for="{label_for}" '
            f'class="form-label">{self._label(field)}</label>\n{body}\n</div>\n'
        )

    def _control(self, name, html_name, auto_id, field, errors, is_file) -> str:
        """The input itself, with crispy's classes, and the attributes Django gives it
        (aria-invalid, the aria-describedby of the errors and the help text)."""
        widget = field.widget
        css = "form-control" if is_file else f"{widget.__class__.__name__.lower()} form-control"
        if errors:
            css += " is-invalid"
        attrs = {"class": css}
        initial = self.form.get_initial_for_field(field, name)
        if (
            widget.use_required_attribute(initial)
            and field.required
            and self.form.use_required_attribute
        ):
            attrs["required"] = True
        if field.disabled:
            attrs["disabled"] = True
        if not widget.is_hidden and errors:
            attrs["aria-invalid"] = "true"
        if not widget.use_fieldset and not widget.attrs.get("aria-describedby"):
            described = []
            if auto_id and not widget.is_hidden:
                if field.help_text:
                    described.append(f"{auto_id}_helptext")
                if errors:
                    described.append(f"{auto_id}_error")
            if described:
                attrs["aria-describedby"] = " ".join(described)
        if auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", auto_id)
        value = self._value(name, html_name, field)
        if is_file or widget.attrs.keys() & attrs.keys():
            # The clearable file input adds attributes of its own: its context, as Django's.
            context = widget.get_context(html_name, value, attrs)["widget"]
            value, own, attrs = context["value"], "", context["attrs"]
        else:
            value = widget.format_value(value)
            own = self._once(widget, lambda widget: _attributes(widget.attrs))
        attributes = own + _attributes(attrs)
        if isinstance(widget, forms.Textarea):
            return f'<textarea name="{_e(html_name)}"{attributes}>\n{_e(value or "")}</textarea>'
        value = f' value="{_e(value)}"' if value is not None else ""
        return f'<input type="{_e(widget.input_type)}" name="{_e(html_name)}"{value}{attributes}>'

    def _plain_html(self, name, html_name, auto_id, field, plain) -> str:
        """_control_html for a field with no error, help, requirement or file, as most of the
        form's are: the same markup from its widget's parts written once a page."""
        widget = field.widget
        own, input_type = plain
        value = widget.format_value(self._value(name, html_name, field))
        e_id = _e(auto_id)
        attributes = f'{own} class="{widget.__class__.__name__.lower()} form-control" id="{e_id}"'
        if input_type is None:
            control = f'<textarea name="{_e(html_name)}"{attributes}>\n{_e(value or "")}</textarea>'
        else:
            value = f' value="{_e(value)}"' if value is not None else ""
            control = f'<input type="{input_type}" name="{_e(html_name)}"{value}{attributes}>'
        return (
            f'<div id="div_{e_id}" class="mb-3">\n<label for="{_e(widget.id_for_label(auto_id))}" '
            f'class="form-label">{self._label(field)}</label>\n{control}\n\n\n\n</div>\n'
        )

    def _choices_html(self, name: str, field: forms.Field) -> str:
        """Radio buttons or checkboxes in a fieldset whose legend is the field's label, the
        errors after the last choice."""
        html_name, auto_id = self._names(name)
        auto_id = _e(auto_id)
        errors = self.errors.get(name)
        widget = field.widget
        selected = set(widget.format_value(self._value(name, html_name, field)))
        invalid = " is-invalid" if errors else ""
        aria_invalid = ' aria-invalid="true"' if errors else ""
        start = f'<input type="{_e(widget.input_type)}" class="form-check-input{invalid}" '
        name_attr = _e(html_name)
        choices = self._once(
            field.choices,
            lambda choices: [(str(value), _e(value), _e(label)) for value, label in choices],
        )
        last = len(choices) - 1
        options = []
        for index, (value, escaped, label) in enumerate(choices):
            option_id = f"{auto_id}_{index}"
            checked = " checked" if value in selected else ""
            after = self._errors_html(auto_id, errors) if index == last else ""
            options.append(
                f'<div class="form-check">\n{start}name="{name_attr}" value="{escaped}" '
                f'id="{option_id}"{checked}{aria_invalid}>\n'
                f'<label for="{option_id}" class="form-check-label">{label}</label>\n'
                f"{after}</div>\n"
            )
        described = f' aria-describedby="{auto_id}_error"' if errors else ""
        return (
            f'<div id="div_{auto_id}" class="mb-3">\n<fieldset{described}>\n'
            f'<legend class="form-label fs-6">{self._label(field)}</legend>\n<div>\n'
            f"{''.join(options)}</div>\n</fieldset>\n{self._help_html(auto_id, field)}</div>\n"
        )


# Attributes _control sets itself: a widget that sets one of them takes the long way.
_OWN_ATTRIBUTES = {"class", "id", "required", "disabled", "aria-invalid", "aria-describedby"}


def _plain_widget(widget) -> tuple[str, str | None] | None:
    """A widget's attributes written, and its input type (None: a textarea), when FieldWriter
    may write its fields the short way (_plain_html); None otherwise."""
    if widget.is_hidden or widget.use_fieldset or widget.attrs.keys() & _OWN_ATTRIBUTES:
        return None
    if isinstance(widget, forms.Textarea):
        return _attributes(widget.attrs), None
    if isinstance(widget, forms.widgets.Input):
        return _attributes(widget.attrs), _e(widget.input_type)
    return None


def _like(prototype: forms.Field, **changes) -> forms.Field:
    """A copy of a prototype field with its own initial value (and label): a new Field per duty
    (its widget deep-copied, its error messages gathered again) cost more than the rest of
    building the form. The copies share the prototype's widget, validators and error messages,
    which neither validating nor rendering changes; a file input keeps the state of its clear
    checkbox, so its copies are given their own copy of the widget."""
    field = object.__new__(type(prototype))
    field.__dict__ = {**prototype.__dict__, **changes}
    return field


class ReportForm(StorableInputMixin, forms.Form):
    """entries: the report's entries from report_entries (indicators, figure_values and
    evidence_list loaded)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, entries: list[ProgressEntry], **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = entries
        accept = ",".join(EVIDENCE_TYPES)
        status_choices = [(value, capfirst(label)) for value, label in ProgressEntry.Status.choices]
        status = forms.ChoiceField(
            label=_("Status"), choices=status_choices, required=False, widget=forms.RadioSelect
        )
        # The mixin made storable only the fields that existed before these: the copies take
        # their prototypes' checks (no control character, a length the database keeps).
        results = storable_field(
            forms.CharField(
                label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 4})
            )
        )
        difficulties = storable_field(
            forms.CharField(
                label=_("Difficulties"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        )
        proposals = storable_field(
            forms.CharField(
                label=_("Proposals"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        )
        files = MultipleFileField(
            label=_("Attach evidence files"),
            required=False,
            help_text=_("PDF, DOCX, XLSX, JPG or PNG; you may choose several files."),
            widget=MultipleFileInput(attrs={"accept": accept}),
        )
        figure = forms.IntegerField(
            required=False,
            min_value=0,
            max_value=2_147_483_647,
            error_messages=WHOLE_NUMBER_ERRORS,
            widget=forms.NumberInput(attrs={"min": 0, "step": 1, "inputmode": "numeric"}),
        )
        for entry in entries:
            duty: Duty = entry.duty
            d = duty.pk
            figures = entry.figure_values
            self.fields[field_name(d, "status")] = _like(status, initial=entry.status)
            self.fields[field_name(d, "results")] = _like(results, initial=entry.results)
            self.fields[field_name(d, "difficulties")] = _like(
                difficulties, initial=entry.difficulties
            )
            self.fields[field_name(d, "proposals")] = _like(proposals, initial=entry.proposals)
            indicator: Indicator
            for indicator in entry.indicators:
                self.fields[figure_field_name(d, indicator.pk)] = _like(
                    figure,
                    label=f"{indicator.name} ({indicator.unit})",
                    initial=figures.get(indicator.pk),
                )
            evidence = entry.evidence_list
            if evidence:
                self.fields[field_name(d, "remove")] = forms.MultipleChoiceField(
                    label=_("Remove attached files"),
                    required=False,
                    choices=[(str(item.pk), item.original_name) for item in evidence],
                    widget=forms.CheckboxSelectMultiple,
                )
            self.fields[field_name(d, "files")] = _like(files, widget=copy.copy(files.widget))

    @cached_property
    def writer(self) -> FieldWriter:
        return FieldWriter(self)

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
