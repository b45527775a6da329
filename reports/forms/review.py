from django import forms
from django.utils.translation import gettext_lazy as _

from directive_tracker.forms import StorableInputMixin


class ReviewForm(StorableInputMixin, forms.Form):
    """The board's accept or return: the comment (required to return, checked by the service)
    and the version of the report the reviewer read."""

    comment = forms.CharField(label=_("Comment"), required=False, strip=False)
    version = forms.IntegerField(
        required=False,
        error_messages={"invalid": _("The page was damaged; reload the report and try again.")},
    )

    def error_messages_list(self) -> list[str]:
        return [message for errors in self.errors.values() for message in errors]
