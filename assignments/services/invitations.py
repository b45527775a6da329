"""A new account gets an e-mail with a link to choose its password: nobody else ever knows it."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import override


def user_invite(*, user) -> None:
    """Makes the password unusable and e-mails the set-password link once the account is saved.

    The link is the password reset link (one use, expires after PASSWORD_RESET_TIMEOUT), so the
    same page sets a first password and resets a forgotten one.
    """
    user.set_unusable_password()
    user.save(update_fields=["password"])
    if not user.email:
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.SITE_URL + reverse(
        "password_reset_confirm", kwargs={"uidb64": uid, "token": token}
    )
    with override(settings.LANGUAGE_CODE):
        context = {"user": user, "link": link, "site_url": settings.SITE_URL}
        subject = render_to_string("registration/invitation_subject.txt", context).strip()
        body = render_to_string("registration/invitation_email.txt", context)
    email = user.email
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email], fail_silently=False)
    )
