"""The bell, the list of notices, and marking them read."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.context_processors import notifications

from .factories import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("reports:notification_list")


@pytest.fixture
def user(db):
    return UserFactory()


def test_the_bell_shows_the_unread_count_on_every_page(client, user):
    NotificationFactory.create_batch(3, user=user)
    NotificationFactory(user=user, read_at="2026-01-01T00:00:00Z")
    NotificationFactory()  # someone else's
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert "Thông báo: 3 chưa đọc" in html
    assert client.get(LIST).context["unread_notification_count"] == 3


def test_the_bell_costs_one_query(user):
    request = RequestFactory().get("/")
    request.user = user
    with CaptureQueriesContext(connection) as queries:
        assert notifications(request) == {"unread_notification_count": 0}
    assert len(queries) == 1


def test_a_signed_in_page_reads_the_bell_with_the_user(client, user):
    NotificationFactory.create_batch(2, user=user)
    NotificationFactory(user=user, read_at="2026-01-01T00:00:00Z")
    client.force_login(user)
    client.get(LIST)  # the session is written on its first page
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST)
    assert response.context["unread_notification_count"] == 2
    user_reads = [q["sql"] for q in queries if 'FROM "assignments_user"' in q["sql"]]
    assert len(user_reads) == 1 and '"reports_notification"' in user_reads[0]
    bell_counts = [
        q
        for q in queries
        if q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "reports_notification"')
    ]
    assert bell_counts == []


def test_the_bell_costs_nothing_for_anonymous_visitors(db):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with CaptureQueriesContext(connection) as queries:
        assert notifications(request) == {}
    assert len(queries) == 0


def test_the_list_shows_only_ones_own_notices(client, user):
    NotificationFactory(user=user, title="Của tôi")
    NotificationFactory(title="Của người khác")
    client.force_login(user)
    html = client.get(LIST).content.decode()
    assert "Của tôi" in html and "Của người khác" not in html


def test_marking_one_read(client, user):
    notice = NotificationFactory(user=user)
    other = NotificationFactory(user=user)
    client.force_login(user)
    response = client.post(reverse("reports:notification_read", args=[notice.pk]))
    assert response.status_code == 302
    notice.refresh_from_db()
    other.refresh_from_db()
    assert notice.read_at is not None and other.read_at is None


def test_opening_a_notice_marks_it_read_and_goes_to_its_object(client, user):
    notice = NotificationFactory(user=user, url="/reports/7/")
    client.force_login(user)
    response = client.post(reverse("reports:notification_read", args=[notice.pk]), {"open": "1"})
    assert response.url == "/reports/7/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_marking_all_read(client, user):
    NotificationFactory.create_batch(2, user=user)
    theirs = NotificationFactory()
    client.force_login(user)
    client.post(reverse("reports:notification_read_all"))
    assert not user.notifications.filter(read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_another_users_notice_cannot_be_marked(client, user):
    theirs = NotificationFactory()
    client.force_login(user)
    assert client.post(reverse("reports:notification_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_needs_a_post(client, user):
    notice = NotificationFactory(user=user)
    client.force_login(user)
    assert client.get(reverse("reports:notification_read", args=[notice.pk])).status_code == 405
    assert client.get(reverse("reports:notification_read_all")).status_code == 405


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(LIST)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
