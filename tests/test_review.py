"""The board accepts a submitted report, or returns it with a comment; the body's staff hear."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from assignments.models import Body
from reports.models import Notification, ProgressReport
from reports.services.review import report_accept, report_return

from .factories import PeriodFactory, UserFactory
from .factories_dashboard import report_in_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(directive):
    period = PeriodFactory(directive=directive, year=2026)
    return report_in_state(
        period=period, body=Body.objects.get(code="bcsd-ubnd"), state="submitted"
    )


def test_it_accepts_a_submitted_report(
    report, board, ubnd_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report_accept(report=report, user=board)
    report.refresh_from_db()
    assert report.state == ProgressReport.State.ACCEPTED
    assert report.reviewed_by == board
    assert report.reviewed_at is not None
    last = report.history.first()
    assert last.history_change_reason == "accepted"
    assert last.state == "accepted" and last.history_user == board


def test_it_returns_a_report_with_its_comment(report, board, ubnd_staff):
    report_return(report=report, user=board, comment="  Bổ sung số liệu mục 1.2.  ")
    report.refresh_from_db()
    assert report.state == ProgressReport.State.RETURNED
    assert report.review_comment == "Bổ sung số liệu mục 1.2."
    assert report.history.first().history_change_reason == "returned"


def test_it_refuses_to_return_without_a_comment(report, board):
    with pytest.raises(ValidationError) as error:
        report_return(report=report, user=board, comment="   ")
    assert "Hãy ghi ý kiến" in str(error.value)
    report.refresh_from_db()
    assert report.state == ProgressReport.State.SUBMITTED


@pytest.mark.parametrize("state", ["not_reported", "draft", "accepted", "returned"])
def test_it_refuses_to_review_a_report_that_is_not_submitted(directive, board, state):
    report = report_in_state(
        period=PeriodFactory(directive=directive, year=2026),
        body=Body.objects.get(code="so-tttt"),
        state=state,
    )
    with pytest.raises(ValidationError, match="Chỉ báo cáo đã gửi"):
        report_accept(report=report, user=board)
    with pytest.raises(ValidationError, match="Chỉ báo cáo đã gửi"):
        report_return(report=report, user=board, comment="Sửa lại")
    report.refresh_from_db()
    assert report.state == state


def test_only_one_of_two_board_members_reviewing_at_once_succeeds(report, board):
    other = UserFactory(role="board")
    # Both loaded the submitted report before either acted.
    stale = ProgressReport.objects.get(pk=report.pk)
    report_accept(report=report, user=board, version=report.version)
    with pytest.raises(ValidationError):
        report_return(report=stale, user=other, comment="Trả lại", version=stale.version)
    report.refresh_from_db()
    assert report.state == "accepted" and report.reviewed_by == board


def test_a_review_of_an_older_version_than_the_current_one_is_refused(report, board):
    with pytest.raises(ValidationError, match="đã thay đổi"):
        report_accept(report=report, user=board, version=report.version - 1)


def test_the_bodys_staff_alone_get_the_notice_and_the_email(
    report, board, ubnd_staff, rachgia_staff, django_capture_on_commit_callbacks
):
    colleague = UserFactory(bodies=[report.body])
    with django_capture_on_commit_callbacks(execute=True):
        report_return(report=report, user=board, comment="Thiếu minh chứng.")
    notices = Notification.objects.all()
    assert {n.user for n in notices} == {ubnd_staff, colleague}
    notice = notices.first()
    assert notice.kind == "review"
    assert "bị trả lại" in notice.title
    assert notice.message == "Thiếu minh chứng."
    # A returned report opens on its form, to be fixed.
    assert notice.url == reverse("reports:report_edit", args=[report.pk])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([ubnd_staff.email, colleague.email])
    assert "bị trả lại" in message.subject
    assert "Thiếu minh chứng." in message.body


def test_no_email_leaves_before_the_review_is_committed(report, board, ubnd_staff):
    # Inside the test's transaction the on-commit hook never fires: nothing was sent.
    report_accept(report=report, user=board)
    assert mail.outbox == []


def test_the_board_accepts_through_the_panel(
    client, report, board, ubnd_staff, django_capture_on_commit_callbacks
):
    client.force_login(board)
    detail = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert reverse("reports:report_accept", args=[report.pk]) in detail
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:report_accept", args=[report.pk]), {"version": report.version}
        )
    assert response.status_code == 302
    assert response.url == reverse("reports:report_detail", args=[report.pk])
    report.refresh_from_db()
    assert report.state == "accepted"
    assert "đã được tiếp nhận" in mail.outbox[0].subject


def test_the_board_returns_through_the_panel_and_the_staff_see_the_comment(
    client, report, board, ubnd_staff
):
    client.force_login(board)
    response = client.post(
        reverse("reports:report_return", args=[report.pk]), {"comment": "Ghi rõ số trang."}
    )
    assert response.status_code == 302
    client.force_login(ubnd_staff)
    notices = client.get(reverse("reports:notification_list")).content.decode()
    assert "Ghi rõ số trang." in notices
    detail = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert "Ghi rõ số trang." in detail


def test_returning_without_a_comment_through_the_panel_is_refused_in_vietnamese(
    client, report, board
):
    client.force_login(board)
    response = client.post(reverse("reports:report_return", args=[report.pk]), {"comment": ""})
    assert response.status_code == 400
    assert "Hãy ghi ý kiến" in response.content.decode()
    report.refresh_from_db()
    assert report.state == "submitted"


def test_a_refused_return_keeps_the_comment_typed(client, report, board):
    report_accept(report=report, user=board)
    client.force_login(board)
    response = client.post(
        reverse("reports:report_return", args=[report.pk]), {"comment": "Ý kiến dài đã gõ."}
    )
    assert response.status_code == 409
    assert "Ý kiến dài đã gõ." in response.content.decode()


def test_the_committee_and_body_staff_may_not_review(client, report, committee, ubnd_staff):
    for user in (committee, ubnd_staff):
        client.force_login(user)
        for name, data in (("report_accept", {}), ("report_return", {"comment": "x"})):
            response = client.post(reverse(f"reports:{name}", args=[report.pk]), data)
            assert response.status_code == 403
    report.refresh_from_db()
    assert report.state == "submitted"


def test_anonymous_reviewers_are_sent_to_log_in(client, report):
    response = client.post(reverse("reports:report_accept", args=[report.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_committee_sees_no_review_buttons_on_the_report(client, report, committee):
    client.force_login(committee)
    detail = client.get(reverse("reports:report_detail", args=[report.pk])).content.decode()
    assert reverse("reports:report_accept", args=[report.pk]) not in detail


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_board_members_reviewing_at_the_same_moment_one_wins(directive, board):
    import threading

    from django.db import connection

    report = report_in_state(
        period=PeriodFactory(directive=directive, year=2026),
        body=Body.objects.get(code="bcsd-ubnd"),
        state="submitted",
    )
    other = UserFactory(role="board")
    barrier = threading.Barrier(2)
    outcomes = []

    def review(action):
        try:
            stale = ProgressReport.objects.get(pk=report.pk)
            barrier.wait()
            try:
                action(stale)
                outcomes.append("ok")
            except ValidationError:
                outcomes.append("refused")
        finally:
            connection.close()

    actions = [
        lambda r: report_accept(report=r, user=board),
        lambda r: report_return(report=r, user=other, comment="Trả lại"),
    ]
    threads = [threading.Thread(target=review, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    report.refresh_from_db()
    assert report.history.filter(history_change_reason__in=["accepted", "returned"]).count() == 1
