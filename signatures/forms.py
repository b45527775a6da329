from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


class SignedCopyForm(forms.Form):
    file = forms.FileField(
        label=_("Signed copy (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
        error_messages={"required": _("Choose the PDF of the signed copy.")},
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "The PDF signed with a digital signature (its signature and text are checked "
            "against this version), or a scan of the signed paper. At most %(limit)s. An "
            "earlier copy stays in the history."
        ) % {"limit": filesizeformat(settings.EVIDENCE_MAX_BYTES)}
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.add_input(Submit("upload", _("File the signed copy")))
