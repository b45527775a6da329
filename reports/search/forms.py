from django import forms
from django.utils.translation import gettext_lazy as _

from .text import MAX_QUERY_LENGTH, query_words


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        help_text=_("Diacritics are optional: “ra soat” finds “rà soát”."),
    )

    def clean_q(self):
        query = self.cleaned_data["q"].strip()
        if query and not query_words(query):
            raise forms.ValidationError(_("Type at least one word of letters or digits."))
        return query
