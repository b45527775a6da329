"""What every form of the site accepts: text a database can store, numbers it can hold.

One mixin for every form, so a new form gets the same rules by inheriting it: no NUL or other
control character (pasted from another program, they break PostgreSQL or the printed
documents), no text longer than its column (or than TEXT_MAX_LENGTH for free text), no whole
number outside what a database integer holds. Each refusal is a message on the field, and the
form is shown again with what was typed.
"""

import re

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)
from django.utils.translation import gettext_lazy as _

# C0 controls and DEL; tab, line feed and carriage return are ordinary typing.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Free text (what was done, a comment): far beyond any real report, far below what would strain
# a page or a printed summary.
TEXT_MAX_LENGTH = 20_000
INTEGER_MIN, INTEGER_MAX = -2_147_483_648, 2_147_483_647


def validate_storable_text(value):
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _(
                "This text contains an invisible control character (often pasted from another "
                "program). Delete it, or type the text again, and send it again."
            ),
            code="control_character",
        )


class StorableInputMixin:
    """Put first among a form's bases: `class MyForm(StorableInputMixin, forms.Form)`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            storable_field(field)


def storable_field(field: forms.Field) -> forms.Field:
    if isinstance(field, forms.CharField):
        # One clear message for NUL too, instead of Django's and this one side by side.
        field.validators = [
            v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]
        field.validators.append(validate_storable_text)
        if field.max_length is None:
            field.max_length = TEXT_MAX_LENGTH
        # A form may set max_length after the field was made (Django's login form does, for the
        # user name) and so go without its validator: a longer name then reached the database.
        if not any(isinstance(v, MaxLengthValidator) for v in field.validators):
            field.validators.append(MaxLengthValidator(field.max_length))
    elif isinstance(field, forms.IntegerField):
        if field.max_value is None:
            field.max_value = INTEGER_MAX
            field.validators.append(MaxValueValidator(INTEGER_MAX))
        if field.min_value is None:
            field.min_value = INTEGER_MIN
            field.validators.append(MinValueValidator(INTEGER_MIN))
    return field


class LoginForm(StorableInputMixin, auth_forms.AuthenticationForm):
    pass


class PasswordChangeForm(StorableInputMixin, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(StorableInputMixin, auth_forms.PasswordResetForm):
    pass


class SetPasswordForm(StorableInputMixin, auth_forms.SetPasswordForm):
    pass
