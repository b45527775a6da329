import datetime
import io

import pytest
from django.urls import reverse
from docx import Document

from reports.models import Summary
from reports.services.summaries import summary_assemble, summary_issue

from .factories_summaries import period_with_reports

pytestmark = pytest.mark.django_db

ISSUED_ON = datetime.date(2026, 7, 5)
FORMATS = ["docx", "pdf", "xlsx"]


@pytest.fixture
def data(directive):
    return period_with_reports(directive)


@pytest.fixture
def issued(data, board):
    summary = summary_assemble(period=data.period, user=board)
    summary_issue(summary=summary, user=board, number="12", issued_on=ISSUED_ON)
    summary.refresh_from_db()
    return summary


@pytest.fixture
def draft(issued, board):
    from reports.services.summaries import summary_new_version

    return summary_new_version(summary=issued, user=board)


def _read_urls(summary):
    return [
        reverse("reports:summary_index"),
        reverse("reports:summary_period", args=[summary.period_id]),
        reverse("reports:summary_detail", args=[summary.pk]),
        *(reverse("reports:summary_download", args=[summary.pk, fmt]) for fmt in FORMATS),
    ]


def _board_requests(summary):
    """(method, url) of every page where the board acts."""
    return [
        ("post", reverse("reports:summary_assemble", args=[summary.period_id])),
        ("get", reverse("reports:summary_edit", args=[summary.pk])),
        ("post", reverse("reports:summary_edit", args=[summary.pk])),
        ("post", reverse("reports:summary_issue", args=[summary.pk])),
        ("post", reverse("reports:summary_new_version", args=[summary.pk])),
    ]


def test_anonymous_visitors_are_sent_to_log_in_everywhere(client, issued):
    for url in _read_urls(issued):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    for method, url in _board_requests(issued):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


@pytest.mark.parametrize("staff", ["ubnd_staff", "rachgia_staff"])
def test_body_staff_are_refused_every_summary_page_and_download(
    client, issued, draft, staff, request
):
    client.force_login(request.getfixturevalue(staff))
    for summary in (issued, draft):
        for url in _read_urls(summary):
            assert client.get(url).status_code in (403, 404), url
        for method, url in _board_requests(summary):
            assert getattr(client, method)(url).status_code in (403, 404), url
    assert Summary.objects.count() == 2


def test_the_committee_reads_and_downloads_issued_versions(client, committee, issued):
    client.force_login(committee)
    for url in _read_urls(issued):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("reports:summary_detail", args=[issued.pk])).content.decode()
    assert "Số 12-BC/BTGTU" in page
    assert "Ban hành báo cáo này" not in page


def test_the_committee_cannot_assemble_edit_or_issue(client, committee, issued, draft):
    client.force_login(committee)
    for summary in (issued, draft):
        for method, url in _board_requests(summary):
            assert getattr(client, method)(
                url, {"number": "99", "issued_on": "2026-07-05"}
            ).status_code in (
                403,
                404,
            ), url
    # Drafts are the board's working copies: the committee does not see them.
    assert client.get(reverse("reports:summary_detail", args=[draft.pk])).status_code == 404
    assert (
        client.get(reverse("reports:summary_download", args=[draft.pk, "docx"])).status_code == 404
    )
    page = client.get(reverse("reports:summary_period", args=[draft.period_id])).content.decode()
    assert "Bản nháp (phiên bản 2)" not in page
    draft.refresh_from_db()
    assert draft.state == Summary.State.DRAFT
    assert Summary.objects.count() == 2


def test_the_index_lists_the_versions_each_reader_may_see_newest_first(
    client, board, committee, issued, draft
):
    index = reverse("reports:summary_index")
    issued_link = f'<a href="{issued.get_absolute_url()}">Số 12-BC/BTGTU (phiên bản 1)</a>'
    draft_link = f'<a href="{draft.get_absolute_url()}">Bản nháp (phiên bản 2)</a>'
    client.force_login(board)
    assert f"{draft_link}, {issued_link}" in client.get(index).content.decode()
    client.force_login(committee)
    page = client.get(index).content.decode()
    assert issued_link in page and draft.get_absolute_url() not in page


def test_the_nav_links_to_periodic_reports_for_board_and_committee_only(
    client, board, committee, ubnd_staff
):
    link = reverse("reports:summary_index")
    for user, shown in ((board, True), (committee, True), (ubnd_staff, False)):
        client.force_login(user)
        page = client.get(reverse("home")).content.decode()
        assert (f'href="{link}"' in page) is shown
        assert ("Báo cáo định kỳ" in page) is shown


def test_the_board_assembles_edits_and_issues_a_summary(client, board, data):
    client.force_login(board)
    period_url = reverse("reports:summary_period", args=[data.period.pk])
    assert "Tổng hợp bản nháp từ báo cáo của các đơn vị" in client.get(period_url).content.decode()

    response = client.post(reverse("reports:summary_assemble", args=[data.period.pk]))
    summary = Summary.objects.get(period=data.period)
    assert response.url == reverse("reports:summary_edit", args=[summary.pk])

    edit_url = reverse("reports:summary_edit", args=[summary.pk])
    form = client.get(edit_url).context["form"]
    values = {name: form.initial.get(name) or "" for name in form.fields}
    values["direction"] = "Tiếp tục đôn đốc các đơn vị chưa báo cáo."
    values["signer_name"] = "Trần Văn Ký"
    response = client.post(edit_url, values)
    assert response.status_code == 302
    summary.refresh_from_db()
    assert summary.direction == "Tiếp tục đôn đốc các đơn vị chưa báo cáo."

    issue_url = reverse("reports:summary_issue", args=[summary.pk])
    # The first submit asks for confirmation, and says what is still missing.
    response = client.post(issue_url, {"number": "12", "issued_on": "2026-07-05"})
    assert response.status_code == 200
    assert response.context["warnings"]
    summary.refresh_from_db()
    assert summary.state == Summary.State.DRAFT
    response = client.post(
        issue_url, {"number": "12", "issued_on": "2026-07-05", "confirmed": "True"}
    )
    assert response.status_code == 302
    summary.refresh_from_db()
    assert (summary.state, summary.reference) == (Summary.State.ISSUED, "12-BC/BTGTU")
    page = client.get(summary.get_absolute_url()).content.decode()
    assert "Ngày 05/07/2026" in page
    assert "ban hành lúc" in page
    assert str(board) in page


def test_an_edit_with_an_error_keeps_what_was_typed(client, board, data):
    client.force_login(board)
    summary = summary_assemble(period=data.period, user=board)
    edit_url = reverse("reports:summary_edit", args=[summary.pk])
    form = client.get(edit_url).context["form"]
    values = {name: form.initial.get(name) or "" for name in form.fields}
    values["results"] = "Kết quả mới đã gõ <b>đậm</b>"
    values["symbol"] = "X" * 41
    response = client.post(edit_url, values)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Kết quả mới đã gõ &lt;b&gt;đậm&lt;/b&gt;" in page
    assert "Bản nháp chưa được lưu" in page
    summary.refresh_from_db()
    assert "Kết quả mới đã gõ" not in summary.results


def test_an_issue_with_a_bad_number_keeps_what_was_typed(client, board, data):
    client.force_login(board)
    summary = summary_assemble(period=data.period, user=board)
    response = client.post(
        reverse("reports:summary_issue", args=[summary.pk]),
        {"number": "12-BC", "issued_on": "2026-07-05"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Vui lòng nhập số văn bản, ví dụ 12." in page
    assert 'value="12-BC"' in page
    summary.refresh_from_db()
    assert summary.state == Summary.State.DRAFT


def test_an_issued_summary_cannot_be_edited_through_its_page(client, board, issued):
    client.force_login(board)
    edit_url = reverse("reports:summary_edit", args=[issued.pk])
    assert client.get(edit_url).url == issued.get_absolute_url()
    client.post(edit_url, {"results": "sửa trộm"})
    issued.refresh_from_db()
    assert issued.results != "sửa trộm"
    response = client.post(
        reverse("reports:summary_issue", args=[issued.pk]),
        {"number": "13", "issued_on": "2026-07-05", "confirmed": "True"},
    )
    assert response.status_code == 400
    issued.refresh_from_db()
    assert issued.number == "12"


def test_a_second_version_keeps_the_first_downloadable_with_its_number(
    client, board, committee, issued
):
    client.force_login(board)
    response = client.post(reverse("reports:summary_new_version", args=[issued.pk]))
    second = Summary.objects.get(period=issued.period, version=2)
    assert response.url == reverse("reports:summary_edit", args=[second.pk])
    client.post(
        reverse("reports:summary_issue", args=[second.pk]),
        {"number": "15", "issued_on": "2026-07-06", "confirmed": "True"},
    )

    client.force_login(committee)
    for summary, reference in ((issued, "Số 12-BC/BTGTU"), (second, "Số 15-BC/BTGTU")):
        response = client.get(reverse("reports:summary_download", args=[summary.pk, "docx"]))
        assert response.status_code == 200
        assert f"v{summary.version}.docx" in response["Content-Disposition"]
        document = Document(io.BytesIO(response.content))
        assert document.tables[0].rows[1].cells[0].text == reference
    page = client.get(reverse("reports:summary_period", args=[issued.period_id])).content.decode()
    assert "Số 12-BC/BTGTU (phiên bản 1)" in page
    assert "Số 15-BC/BTGTU (phiên bản 2)" in page


@pytest.mark.parametrize(
    ("fmt", "content_type", "magic"),
    [
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
        ("pdf", "application/pdf", b"%PDF"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    ],
)
def test_downloads_are_attachments_of_their_kind(
    client, committee, issued, fmt, content_type, magic
):
    client.force_login(committee)
    response = client.get(reverse("reports:summary_download", args=[issued.pk, fmt]))
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="bao-cao-12-2026-v1.{fmt}"'
    assert response.content.startswith(magic)


def test_an_unknown_format_is_not_found(client, committee, issued):
    client.force_login(committee)
    assert (
        client.get(reverse("reports:summary_download", args=[issued.pk, "odt"])).status_code == 404
    )


def test_a_second_draft_for_a_period_is_refused_with_a_message(client, board, draft):
    client.force_login(board)
    response = client.post(reverse("reports:summary_assemble", args=[draft.period_id]), follow=True)
    assert "Kỳ báo cáo này đã có một bản nháp báo cáo định kỳ." in response.content.decode()
    assert Summary.objects.filter(period=draft.period).count() == 2
