"""The signed-in user of every request, read with the bell's unread count in the same query.

Every page shows the bell, so counting apart cost each page a second round trip to the database
after the user's own. The count is read when the request first needs its user, so a page that
marks notices read redirects (POST, then GET) before the bell is drawn again.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from reports.models import Notification


def with_unread_notification_count(users):
    unread = (
        Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return users.annotate(
        unread_notification_count=Coalesce(Subquery(unread, output_field=IntegerField()), 0)
    )


class UserAndBellBackend(ModelBackend):
    def get_user(self, user_id):
        users = with_unread_notification_count(get_user_model()._default_manager.all())
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
