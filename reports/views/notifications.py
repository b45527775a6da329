"""The notices under the bell: the list, and marking them read."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.backends.utils import csrf_input
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from reports.access import get_notification_for_user
from reports.selectors.notifications import notifications_page


@login_required
def notification_list(request):
    page = notifications_page(user=request.user, number=request.GET.get("page"))
    # The hidden token field written once for the page's two forms per notice, as
    # `{% csrf_token %}` writes it.
    return render(
        request,
        "reports/notification_list.html",
        {"page": page, "csrf_input": csrf_input(request)},
    )


@login_required
@require_POST
def notification_read(request, pk: int):
    """Marks one notice read; with `open`, goes on to what it is about."""
    notification = get_notification_for_user(request.user, pk)
    if notification.read_at is None:
        request.user.notifications.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
    if (
        request.POST.get("open")
        and notification.url
        and url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()})
    ):
        return redirect(notification.url)
    return redirect("reports:notification_list")


@login_required
@require_POST
def notification_read_all(request):
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("reports:notification_list")
