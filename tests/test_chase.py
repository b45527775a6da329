"""Chasing (đôn đốc): at most one per body per day, whoever clicks and however often."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from assignments.models import Body
from reports.models import Chase, Notification
from reports.selectors.dashboard import _letter_order, late_bodies
from reports.services.chase import chase_body, chase_late_bodies

from .factories import PeriodFactory, UserFactory
from .factories_dashboard import report_in_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(directive):
    return PeriodFactory(directive=directive, year=2026)


@pytest.fixture
def ubnd(directive):
    return Body.objects.get(code="bcsd-ubnd")


def test_a_chase_reaches_the_bodys_staff_alone(
    period, ubnd, board, ubnd_staff, rachgia_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        chase = chase_body(period=period, body=ubnd, user=board)
    assert chase.chased_by == board
    notices = list(Notification.objects.all())
    assert [n.user for n in notices] == [ubnd_staff]
    assert notices[0].kind == "chase" and "Đôn đốc" in notices[0].title
    assert [m.to for m in mail.outbox] == [[ubnd_staff.email]]
    assert "15/06/2026" in mail.outbox[0].body


def test_clicking_twice_chases_once(
    period, ubnd, board, ubnd_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert chase_body(period=period, body=ubnd, user=board) is not None
        assert chase_body(period=period, body=ubnd, user=board) is None
    assert Chase.objects.count() == 1
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_two_board_members_chase_a_body_once_a_day(
    client, period, ubnd, board, ubnd_staff, django_capture_on_commit_callbacks
):
    other = UserFactory(role="board")
    url = reverse("reports:chase_body", args=[period.pk, ubnd.pk])
    with django_capture_on_commit_callbacks(execute=True):
        for user in (board, other):
            client.force_login(user)
            assert client.post(url).status_code == 302
    assert Chase.objects.get().chased_by == board
    assert len(mail.outbox) == 1
    # The second one is told why nothing went out.
    messages = [str(m) for m in client.get(reverse("reports:dashboard")).context["messages"]]
    assert any("đã được đôn đốc hôm nay" in m for m in messages)


def test_a_body_may_be_chased_again_the_next_day(period, ubnd, board):
    day = datetime.date(2026, 7, 1)
    chase_body(period=period, body=ubnd, user=board, today=day)
    chase_body(period=period, body=ubnd, user=board, today=day + datetime.timedelta(days=1))
    assert Chase.objects.count() == 2


def test_chasing_all_late_bodies_twice_chases_each_once(
    period, board, ubnd_staff, rachgia_staff, django_capture_on_commit_callbacks
):
    report_in_state(period=period, body=Body.objects.get(code="so-tttt"), state="accepted")
    report_in_state(period=period, body=Body.objects.get(code="hoi-nha-bao"), state="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        first = chase_late_bodies(period=period, user=board)
        second = chase_late_bodies(period=period, user=board)
    assert len(first) == 23 and second == []
    chased = set(Chase.objects.values_list("body__code", flat=True))
    assert "so-tttt" not in chased and "hoi-nha-bao" not in chased
    assert {"bcsd-ubnd", "thanh-uy-rach-gia"} <= chased
    # Only bodies with staff get mail: one each, once.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ubnd_staff.email, rachgia_staff.email])


def test_the_late_bodies_are_the_active_owing_ones_in_letter_order(
    period, django_assert_num_queries
):
    report_in_state(period=period, body=Body.objects.get(code="so-tttt"), state="accepted")
    Body.objects.filter(code="hoi-nha-bao").update(is_active=False)
    after_due = period.body_due + datetime.timedelta(days=1)
    with django_assert_num_queries(2):
        late = late_bodies(period=period, today=after_due)
    owing = Body.objects.filter(is_active=True, tasks__duty__assignment__directive=period.directive)
    assert {body.code for body in late} == set(
        owing.exclude(code="so-tttt").values_list("code", flat=True)
    )
    assert len(late) == len({body.pk for body in late})
    assert late == sorted(late, key=_letter_order)
    # Each with its group and every column, read with it: a chase writes to them.
    with django_assert_num_queries(0):
        assert all(body.email is not None for body in late)
        assert any(body.parent is not None and body.parent.name for body in late)


def test_no_body_is_late_before_the_due_date(period, board):
    assert chase_late_bodies(period=period, user=board, today=period.body_due) == []
    assert not Chase.objects.exists()


def test_a_body_that_sent_its_report_is_not_chased(period, ubnd, board):
    report_in_state(period=period, body=ubnd, state="submitted")
    with pytest.raises(ValidationError, match="đã gửi báo cáo"):
        chase_body(period=period, body=ubnd, user=board)


def test_a_body_with_no_task_is_not_chased(period, board):
    with pytest.raises(ValidationError, match="không phải báo cáo"):
        chase_body(period=period, body=Body.objects.get(code="ban-tuyen-giao"), user=board)


def test_an_automatic_chase_has_no_author(period, ubnd):
    assert chase_body(period=period, body=ubnd, user=None).chased_by is None


def test_the_chase_buttons_work_for_the_board(client, period, board, ubnd_staff):
    client.force_login(board)
    next_url = f"{reverse('reports:dashboard')}?period={period.pk}&state=late"
    response = client.post(reverse("reports:chase_late", args=[period.pk]), {"next": next_url})
    assert response.status_code == 302 and response.url == next_url
    assert Chase.objects.count() == 25
    html = client.get(response.url).content.decode()
    # Only the body with a staff account is reached; the message names the 24 others.
    assert "Đã đôn đốc 1 cơ quan, đơn vị quá hạn" in html
    assert "24 cơ quan, đơn vị chưa có người nhận" in html


def test_a_foreign_next_address_is_not_followed(client, period, ubnd, board):
    client.force_login(board)
    response = client.post(
        reverse("reports:chase_body", args=[period.pk, ubnd.pk]),
        {"next": "https://example.com/"},
    )
    assert response.url == f"{reverse('reports:dashboard')}?period={period.pk}"


def test_the_committee_and_body_staff_may_not_chase(client, period, ubnd, committee, ubnd_staff):
    for user in (committee, ubnd_staff):
        client.force_login(user)
        assert client.post(reverse("reports:chase_late", args=[period.pk])).status_code == 403
        assert (
            client.post(reverse("reports:chase_body", args=[period.pk, ubnd.pk])).status_code == 403
        )
    assert not Chase.objects.exists()


def test_anonymous_chasers_are_sent_to_log_in(client, period, ubnd):
    response = client.post(reverse("reports:chase_body", args=[period.pk, ubnd.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_chase_needs_a_post(client, period, ubnd, board):
    client.force_login(board)
    assert client.get(reverse("reports:chase_late", args=[period.pk])).status_code == 405


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_board_members_clicking_at_the_same_moment_chase_once(directive, board):
    import threading

    from django.db import connection

    period = PeriodFactory(directive=directive, year=2026)
    ubnd = Body.objects.get(code="bcsd-ubnd")
    UserFactory(bodies=[ubnd])
    other = UserFactory(role="board")
    barrier = threading.Barrier(2)
    results = []

    def click(user):
        try:
            barrier.wait()
            results.append(chase_body(period=period, body=ubnd, user=user))
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(u,)) for u in (board, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2
    assert sum(chase is not None for chase in results) == 1
    assert Chase.objects.count() == 1
    assert Notification.objects.filter(kind="chase").count() == 1
