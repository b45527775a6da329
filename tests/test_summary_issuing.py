"""Issuing safeguards: the cited letter's number, confirmation with warnings, numbers over the
committee's term, and the notice and e-mail when a version is issued."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports.models import Notification, ProgressReport, Summary
from reports.selectors.summaries import (
    committee_term,
    summary_issue_warnings,
    summary_suggested_number,
)
from reports.services.summaries import summary_assemble, summary_issue, summary_new_version

from .factories import UserFactory
from .factories_summaries import period_with_reports

pytestmark = pytest.mark.django_db

ISSUED_ON = datetime.date(2026, 7, 5)


@pytest.fixture
def data(directive):
    return period_with_reports(directive)


@pytest.fixture
def draft(data, board):
    return summary_assemble(period=data.period, user=board)


def test_it_refuses_to_issue_while_the_cited_letter_has_no_number(draft, board, data):
    directive = data.period.directive
    directive.number = ""
    directive.save()
    with pytest.raises(ValidationError) as error:
        summary_issue(summary=draft, user=board, number="12", issued_on=ISSUED_ON)
    assert error.value.code == "directive_number"
    assert "Công văn số ..-CV/TU" in error.value.messages[0]
    draft.refresh_from_db()
    assert draft.state == Summary.State.DRAFT


def test_the_page_says_where_to_enter_the_letters_number(client, draft, board, data, admin_user):
    directive = data.period.directive
    directive.number = ""
    directive.save()
    admin_link = reverse("admin:assignments_directive_change", args=[directive.pk])
    client.force_login(board)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'id="directive-unnumbered"' in page
    assert admin_link not in page  # the board may not edit directives: it is told whom to ask
    client.force_login(admin_user)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert admin_link in page


def test_the_confirmation_warns_of_missing_unreviewed_reports_and_an_early_date(draft, data):
    warnings = summary_issue_warnings(summary=draft, issued_on=datetime.date(2026, 6, 10))
    owed = ProgressReport.objects.filter(
        period=data.period, state__in=ProgressReport.OUTSTANDING_STATES
    ).count()
    text = " ".join(warnings)
    assert f"{owed} cơ quan, đơn vị chưa gửi báo cáo" in text
    assert "1 báo cáo đã gửi chưa được xem xét" in text
    assert "trước hạn báo cáo của các cơ quan, đơn vị (15/06/2026)" in text
    later = summary_issue_warnings(summary=draft, issued_on=datetime.date(2026, 6, 20))
    assert not any("15/06/2026" in warning for warning in later)


def test_issuing_through_the_page_needs_the_confirmation(client, draft, board):
    client.force_login(board)
    url = reverse("reports:summary_issue", args=[draft.pk])
    response = client.post(url, {"number": "12", "issued_on": "2026-07-05"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="issue-warnings"' in page
    assert 'name="confirmed" value="True"' in page
    draft.refresh_from_db()
    assert draft.state == Summary.State.DRAFT
    client.post(url, {"number": "12", "issued_on": "2026-07-05", "confirmed": "True"})
    draft.refresh_from_db()
    assert (draft.state, draft.number) == (Summary.State.ISSUED, "12")


def test_the_term_runs_from_the_configured_start(settings):
    settings.COMMITTEE_TERM_START = datetime.date(2025, 10, 1)
    settings.COMMITTEE_TERM_YEARS = 5
    assert committee_term(datetime.date(2026, 1, 1)) == (
        datetime.date(2025, 10, 1),
        datetime.date(2030, 10, 1),
    )
    assert committee_term(datetime.date(2025, 9, 30)) == (
        datetime.date(2020, 10, 1),
        datetime.date(2025, 10, 1),
    )


def test_numbers_clash_over_the_term_not_the_calendar_year(draft, board, settings):
    settings.COMMITTEE_TERM_START = datetime.date(2025, 10, 1)
    summary_issue(summary=draft, user=board, number="12", issued_on=ISSUED_ON)
    second = summary_new_version(summary=draft, user=board)
    # Same term, another year: still a clash.
    Summary.objects.filter(pk=draft.pk).update(issued_on=datetime.date(2025, 11, 3))
    with pytest.raises(ValidationError) as error:
        summary_issue(summary=second, user=board, number="12", issued_on=ISSUED_ON)
    assert "nhiệm kỳ" in error.value.error_dict["number"][0].messages[0]
    # The previous term's number 12 is no clash.
    Summary.objects.filter(pk=draft.pk).update(issued_on=datetime.date(2025, 9, 30))
    summary_issue(summary=second, user=board, number="12", issued_on=ISSUED_ON)


def test_the_next_free_number_of_the_term_is_suggested(draft, board, client):
    assert summary_suggested_number(symbol="BC/BTGTU", day=ISSUED_ON) == "1"
    summary_issue(summary=draft, user=board, number="12", issued_on=ISSUED_ON)
    assert summary_suggested_number(symbol="BC/BTGTU", day=ISSUED_ON) == "13"
    assert summary_suggested_number(symbol="BC/KHAC", day=ISSUED_ON) == "1"
    second = summary_new_version(summary=draft, user=board)
    client.force_login(board)
    form = client.get(second.get_absolute_url()).context["issue_form"]
    assert form.initial["number"] == "13"


def test_issuing_tells_the_committee_and_the_board_with_links_to_the_files(
    draft, board, committee, data, django_capture_on_commit_callbacks
):
    staff = UserFactory(email="donvi@example.vn", bodies=[data.reports["ubnd"].body])
    with django_capture_on_commit_callbacks(execute=True):
        summary_issue(summary=draft, user=board, number="12", issued_on=ISSUED_ON)
    told = set(
        Notification.objects.filter(kind=Notification.Kind.SUMMARY).values_list("user", flat=True)
    )
    assert {board.pk, committee.pk} <= told
    assert staff.pk not in told
    notice = Notification.objects.filter(user=committee).get()
    assert notice.url == draft.get_absolute_url()
    assert "12-BC/BTGTU" in notice.title
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert committee.email in message.to and staff.email not in message.to
    for fmt in ("docx", "pdf", "xlsx"):
        assert reverse("reports:summary_download", args=[draft.pk, fmt]) in message.body
