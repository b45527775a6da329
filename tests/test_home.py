import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments.models import Body, Directive, Task

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(directive, client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    response = client.get(reverse("assignments:directive_detail", args=[directive.pk]))
    assert response.status_code == 302


def test_the_login_page_is_in_vietnamese(client):
    page = client.get(reverse("login")).content.decode()
    assert 'lang="vi"' in page
    assert "Đăng nhập" in page
    assert "Mật khẩu" in page


ROLES = ["board", "committee", "admin_user", "ubnd_staff", "rachgia_staff"]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_directive_in_vietnamese(role, request, client, directive):
    client.force_login(request.getfixturevalue(role))
    page = client.get(reverse("home")).content.decode()
    assert "TỈNH ỦY KIÊN GIANG" in page
    assert directive.summary in page
    assert "Tăng cường công tác chỉ đạo, định hướng, quản lý thông tin trên mạng xã hội" in page
    for assignment in directive.assignments.all():
        for paragraph in assignment.paragraphs:
            assert paragraph in page
    assert "Hội Nhà báo tỉnh chỉ đạo các cấp hội" in page
    assert "Nhiệm vụ 4" in page
    assert "Nội dung nhiệm vụ" in page


def test_the_page_lists_the_six_recipients_and_every_member_body(client, board, directive):
    client.force_login(board)
    response = client.get(reverse("home"))
    recipients = [body.code for body in response.context["recipients"]]
    assert recipients == [
        "bcsd-ubnd",
        "ban-tuyen-giao",
        "so-tttt",
        "hoi-nha-bao",
        "co-quan-bao-chi",
        "huyen-thanh-dang-uy",
    ]
    page = response.content.decode()
    for member in Body.objects.filter(parent__isnull=False):
        assert member.name in page


def test_staff_see_which_tasks_are_their_bodies(client, rachgia_staff):
    client.force_login(rachgia_staff)
    response = client.get(reverse("home"))
    by_number = {a.number: a for a in response.context["assignments"]}
    assert len(by_number[4].own_tasks) == 4
    assert all(t.body_code == "thanh-uy-rach-gia" for t in by_number[4].own_tasks)
    assert by_number[1].own_tasks == []
    assert "nhiệm vụ của đơn vị" in response.content.decode()


def test_the_board_has_no_own_tasks_on_the_page(client, board):
    client.force_login(board)
    response = client.get(reverse("home"))
    assert all(a.own_tasks == [] for a in response.context["assignments"])


def test_the_page_costs_the_same_queries_whatever_the_number_of_member_bodies(
    client, board, directive, django_assert_num_queries
):
    from assignments.loading import tasks_sync
    from tests.factories import BodyFactory

    client.force_login(board)
    client.get(reverse("home"))  # warm the session and the language machinery
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("home"))
    group = Body.objects.get(code="huyen-thanh-dang-uy")
    BodyFactory.create_batch(30, parent=group)
    tasks_sync(directive=directive)
    assert Task.objects.filter(body__parent=group).count() == 4 * 50
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("home"))


def test_english_is_the_second_language(client, board):
    client.force_login(board)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert 'lang="en"' in page
    assert "Assignment 4" in page
    assert "Log out" in page


def test_the_owed_panel_lists_the_latest_reports_whatever_the_years_unsent(client, ubnd_staff):
    """Years of reports never sent must not make the home page grow: the panel shows the 20
    latest due and says that older ones are left out."""
    from reports.models import ProgressReport
    from reports.selectors.progress import OWED_PANEL_LIMIT
    from tests.factories import PeriodFactory

    directive = Directive.objects.get()
    body = Body.objects.get(code="bcsd-ubnd")
    for year in range(2000, 2000 + OWED_PANEL_LIMIT + 3):
        period = PeriodFactory(directive=directive, year=year)
        ProgressReport.objects.create(period=period, body=body)
    client.force_login(ubnd_staff)
    page = client.get(reverse("home")).content.decode()
    assert page.count('class="list-group-item"') == OWED_PANEL_LIMIT
    assert "2022" in page and "2003" in page and "2002" not in page
    assert 'id="owed-older-hidden"' in page


def test_a_directive_with_no_assignment_yet_shows_its_letter(client, board, directive):
    from tests.factories import DirectiveFactory

    empty = DirectiveFactory(monitoring_body=directive.monitoring_body)
    client.force_login(board)
    response = client.get(reverse("assignments:directive_detail", args=[empty.pk]))
    assert response.status_code == 200
    assert response.context["assignments"] == []
    assert [body.pk for body in response.context["recipients"]] == [empty.monitoring_body_id]


def test_the_other_directives_are_listed_without_a_trailing_comma(client, board, directive):
    from tests.factories import DirectiveFactory

    older = DirectiveFactory(
        monitoring_body=directive.monitoring_body, date=datetime.date(2001, 1, 2)
    )
    newer = DirectiveFactory(
        monitoring_body=directive.monitoring_body, date=datetime.date(2030, 1, 2)
    )
    client.force_login(board)
    page = client.get(reverse("assignments:directive_detail", args=[older.pk])).content.decode()
    nav = page.split('aria-label="Văn bản khác"', 1)[1].split("</nav>", 1)[0]
    assert f"{newer.reference} (02/01/2030)</a>, <a" in nav
    assert nav.rstrip().endswith("</a>")
