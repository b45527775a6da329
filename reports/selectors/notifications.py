"""Reads for the notices under the bell."""

from django.utils import timezone
from django.utils.text import capfirst

from directive_tracker.urlreuse import url_maker

from ..models import Notification
from ..paging import Slice, slice_page

NOTIFICATIONS_PER_PAGE = 30


def notifications_page(*, user, number) -> Slice:
    """One page of the user's notices, newest first (notification_user_created_idx serves the
    order), each with its kind's label, its date and the address that marks it read, made once
    here: get_FOO_display rebuilds the choices on every call, `{% url %}` resolves the route
    again for every row and the `date` filter costs more than the rest of a row. A slice, not a
    Paginator: numbering the pages counts every notice the user ever had, a cost that grows with
    the years."""
    page = slice_page(
        user.notifications.only(
            "id", "user", "kind", "title", "message", "url", "created_at", "read_at"
        ),
        number=number,
        per_page=NOTIFICATIONS_PER_PAGE,
    )
    kinds = {key: capfirst(str(label)) for key, label in Notification.Kind.choices}
    read_url = url_maker("reports:notification_read")
    for notification in page.object_list:
        notification.kind_label = kinds.get(notification.kind, notification.kind)
        notification.read_url = read_url(notification.pk)
        # As the `date` filter writes "d/m/Y H:i": local time.
        notification.created_display = timezone.localtime(notification.created_at).strftime(
            "%d/%m/%Y %H:%M"
        )
    return page
