"""Sending a notice to people: in the app (the bell) and by e-mail."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import Notification


def notification_create(
    *, users: Iterable, kind: str, title: str, message: str = "", url: str = ""
) -> list[Notification]:
    return Notification.objects.bulk_create(
        Notification(user=user, kind=kind, title=title, message=message, url=url) for user in users
    )


def email_render(*, template: str, context: dict) -> dict[str, str]:
    """Renders templates/emails/<template>-subject.txt, -body.txt and -body.html.

    Mail goes out in Vietnamese, the language of every recipient office.
    """
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{template}-subject.txt", context)
        text = render_to_string(f"emails/{template}-body.txt", context)
        html = render_to_string(f"emails/{template}-body.html", context)
    return {"subject": " ".join(subject.split()), "text": text, "html": html}


def email_deliver(*, recipients: list[str], subject: str, text: str, html: str) -> int:
    recipients = [address for address in recipients if address]
    if not recipients:
        return 0
    message = EmailMultiAlternatives(subject=subject, body=text, to=recipients)
    message.attach_alternative(html, "text/html")
    return message.send()


def email_send(*, recipients: list[str], template: str, context: dict) -> int:
    """Renders and sends at once; for code already running in a retrying task."""
    return email_deliver(recipients=recipients, **email_render(template=template, context=context))


def email_send_after_commit(*, recipients: list[str], template: str, context: dict) -> None:
    """Renders now (the notice says what happened at this moment) and leaves the sending to a
    retrying Celery task enqueued once the transaction commits, so a mail server that is down
    neither slows the page nor loses the message."""
    from .tasks import email_deliver_task

    recipients = [address for address in recipients if address]
    if not recipients:
        return
    content = email_render(template=template, context=context)
    # robust: the change is committed whatever happens to the queue; a lost enqueue is logged.
    transaction.on_commit(
        lambda: email_deliver_task.delay(recipients=recipients, **content), robust=True
    )
