from .models import Notification


def notifications(request):
    """The bell's unread count on every page: read with the user where the backend did
    (directive_tracker.auth_backends), else one query; none for anonymous visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    count = getattr(user, "unread_notification_count", None)
    if count is None:
        count = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return {"unread_notification_count": count}
