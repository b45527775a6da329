"""Sending a notice to people: in the app (the bell) and by e-mail."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from .models import Notification


def notification_create(
    *, users: Iterable, kind: str, title: str, message: str = "", url: str = ""
) -> list[Notification]:
    return Notification.objects.bulk_create(
        Notification(user=user, kind=kind, title=title, message=message, url=url) for user in users
    )


def email_send(*, recipients: list[str], template: str, context: dict) -> int:
    """Renders templates/emails/<template>-subject.txt, -body.txt and -body.html and sends them.

    Mail goes out in Vietnamese, the language of every recipient office.
    """
    recipients = [address for address in recipients if address]
    if not recipients:
        return 0
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{template}-subject.txt", context)
        text = render_to_string(f"emails/{template}-body.txt", context)
        html = render_to_string(f"emails/{template}-body.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=recipients)
    message.attach_alternative(html, "text/html")
    return message.send()
