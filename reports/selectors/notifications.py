"""Reads for the notices under the bell."""

from django.core.paginator import Page, Paginator
from django.urls import reverse
from django.utils.text import capfirst

from ..models import Notification

NOTIFICATIONS_PER_PAGE = 30


def notifications_page(*, user, number) -> Page:
    """One page of the user's notices, newest first, each with its kind's label and the address
    that marks it read, made once here: get_FOO_display rebuilds the choices on every call and
    `{% url %}` resolves the route again for every row."""
    page = Paginator(user.notifications.all(), NOTIFICATIONS_PER_PAGE).get_page(number)
    kinds = {key: capfirst(str(label)) for key, label in Notification.Kind.choices}
    # The route reversed once, for a placeholder id that no primary key shares.
    read_url = reverse("reports:notification_read", args=[0]).replace("/0/", "/{}/")
    for notification in page.object_list:
        notification.kind_label = kinds.get(notification.kind, notification.kind)
        notification.read_url = read_url.format(notification.pk)
    return page
