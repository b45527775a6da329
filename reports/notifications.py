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


def about(*, body, period) -> str:
    """What a notice is about, as every notice and e-mail names it: "Thành ủy Phú Quốc – 6 tháng
    đầu năm 2026"."""
    with translation.override(settings.LANGUAGE_CODE):
        return f"{body.name} – {period.label}"


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


def email_send_after_commit(*, recipients: list[str], template: str, context: dict) -> None:
    """Kept for callers written before the outbox: queues the message in the outbox (see
    `reports.outbox.services.queue_email`, which new code should call with its kind, body and
    period)."""
    from .outbox.services import queue_email

    queue_email(recipients=recipients, template=template, context=context)
