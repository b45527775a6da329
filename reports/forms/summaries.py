"""The board's forms for a periodic summary: editing the draft, issuing it."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from directive_tracker.forms import StorableInputMixin

from ..models import Summary
from ..services.summaries import LETTERHEAD_FIELDS, NARRATIVE_FIELDS

TEXT_ROWS = {"title": 2, "opening": 3, "results": 14}


class SummaryForm(StorableInputMixin, forms.ModelForm):
    # The draft's revision the form was loaded from; without it a save is not checked for a
    # conflicting save in between.
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    class Meta:
        model = Summary
        fields = NARRATIVE_FIELDS + LETTERHEAD_FIELDS + ["include_detail_annex"]
        widgets = {
            "recipients": forms.Textarea(attrs={"rows": 5}),
            **{
                field: forms.Textarea(attrs={"rows": TEXT_ROWS.get(field, 6)})
                for field in NARRATIVE_FIELDS
            },
        }
        help_texts = {
            "results": _("Prefilled from the accepted reports; one paragraph per line."),
            "recipients": _("One recipient per line, printed under “Nơi nhận:”."),
            "symbol": _("Printed after the number, e.g. BC/BTGTU gives Số 12-BC/BTGTU."),
            "include_detail_annex": _(
                "Annex 1 (the status of every body) is always printed; annex 2 holds each "
                "body's own text per duty."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["revision"] = self.instance.revision
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "revision",
            Fieldset(_("Report text"), *NARRATIVE_FIELDS),
            Fieldset(_("Letterhead and signature"), *LETTERHEAD_FIELDS),
            Fieldset(_("Annexes"), "include_detail_annex"),
            Submit("save", _("Save the draft")),
        )


class SummaryIssueForm(StorableInputMixin, forms.Form):
    number = forms.CharField(
        label=_("Document number"),
        max_length=7,
        help_text=_(
            "The number only, e.g. 12 for Số 12-BC/BTGTU; the next free number of the "
            "committee's term is suggested."
        ),
        error_messages={"required": _("Enter the document number, e.g. 12.")},
    )
    issued_on = forms.DateField(
        label=_("Date of issue"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the date of issue."),
            "invalid": _("Enter a valid date, dd/mm/yyyy."),
        },
    )

    # Set by the confirmation page: the first submit only shows what issuing would leave out.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.add_input(Submit("issue", _("Issue this summary…")))
