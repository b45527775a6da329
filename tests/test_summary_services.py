import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reports.models import IndicatorFigure, ProgressReport, Summary
from reports.selectors.summaries import period_data, summary_document
from reports.services.summaries import (
    summary_assemble,
    summary_issue,
    summary_new_version,
    summary_update,
)

from .factories_summaries import SummaryFactory, period_with_reports

pytestmark = pytest.mark.django_db

ISSUED_ON = datetime.date(2026, 7, 5)


@pytest.fixture
def data(directive):
    return period_with_reports(directive)


@pytest.fixture
def draft(data, board):
    return summary_assemble(period=data.period, user=board)


def _indicator(content, name):
    data = content.get("data", content)
    return next(i for i in data["indicators"] if i["name"] == name)


def test_it_prefills_the_narrative_as_a_synthesis_of_accepted_reports(draft):
    assert draft.state == Summary.State.DRAFT
    assert draft.version == 1
    assert draft.title.startswith(
        "kết quả 6 tháng đầu năm 2026 thực hiện Công văn số 06-CV/TU, ngày 03/8/2021 của Ban "
        "Thường vụ Tỉnh ủy về tăng cường"
    )
    assert draft.opening.startswith(
        "Thực hiện Công văn số 06-CV/TU, ngày 03/8/2021 của Ban Thường vụ Tỉnh ủy về tăng cường"
    )
    assert draft.opening.endswith(
        "Ban Tuyên giáo Tỉnh ủy báo cáo kết quả 6 tháng đầu năm 2026 như sau:"
    )
    lines = draft.results.splitlines()
    # The assignment's own short title and who leads it, never "nhiệm vụ 1".
    assert lines[0] == (
        "1. Kiểm tra, rà soát, quản lý chặt chẽ, hiệu quả mạng xã hội (Ban cán sự đảng Ủy ban "
        "nhân dân tỉnh chủ trì; Sở Thông tin và Truyền thông phối hợp)"
    )
    assert lines[1] == (
        "1/2 cơ quan, đơn vị hoàn thành đúng hạn; 1 đơn vị có báo cáo chưa được tiếp nhận "
        "(Sở Thông tin và Truyền thông)."
    )
    assert lines[2] == (
        "Trong kỳ, tài khoản mạng xã hội được rà soát: 120 tài khoản, tăng 20 tài khoản (20%) "
        "so với 6 tháng đầu năm 2025; trang mạo danh đã xóa: 7 trang, giảm 2 trang (22,2%) so "
        "với 6 tháng đầu năm 2025."
    )
    assert "1/20 cơ quan, đơn vị đang thực hiện trong hạn (Thành ủy Rạch Giá)" in draft.results
    # No body's text in turn: that is annex 2's.
    assert "Đã rà soát 120 tài khoản" not in draft.results
    assert "Chưa duyệt" not in draft.results
    assert draft.limitations == (
        "1. Thiếu cán bộ chuyên trách về an ninh mạng (Ban cán sự đảng Ủy ban nhân dân tỉnh)."
    )
    assert draft.proposals == (
        "1. Đề nghị bổ sung biên chế cho lực lượng kiểm tra (Ban cán sự đảng Ủy ban nhân dân tỉnh)."
    )
    assert draft.deployment.startswith(
        "Trong kỳ, 3/25 cơ quan, đơn vị đã gửi báo cáo (3 đơn vị đúng hạn); 22 đơn vị chưa báo "
        "cáo: Hội Nhà báo tỉnh,"
    )
    assert "Ban đã tiếp nhận 2 báo cáo; 1 báo cáo đang được xem xét." in draft.deployment
    assert draft.direction.splitlines()[0] == (
        "1. Tiếp tục kiểm tra, rà soát, quản lý chặt chẽ, hiệu quả mạng xã hội."
    )
    assert len(draft.direction.splitlines()) == 5


def test_it_takes_the_letterhead_from_the_one_configuration_place(draft, settings, data, board):
    assert (draft.parent_body, draft.issuing_body, draft.symbol, draft.place) == (
        "TỈNH ỦY KIÊN GIANG",
        "BAN TUYÊN GIÁO",
        "BC/BTGTU",
        "Kiên Giang",
    )
    assert (draft.authority_line, draft.signer_title) == ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")
    assert "Thường trực Tỉnh ủy (b/c)," in draft.recipients.splitlines()

    settings.SUMMARY_DOCUMENT_LAYOUT = {"letterhead": {"parent_body": "TỈNH ỦY AN GIANG"}}
    summary_issue(summary=draft, user=board, number="3", issued_on=ISSUED_ON)
    later = summary_assemble(period=data.period, user=board)
    assert later.parent_body == "TỈNH ỦY AN GIANG"
    assert later.issuing_body == "BAN TUYÊN GIÁO"


def test_it_totals_accepted_figures_against_the_previous_period(data):
    content = period_data(period=data.period)
    accounts = _indicator(content, "Tài khoản mạng xã hội được rà soát")
    assert (accounts["total"], accounts["previous"], accounts["change"]) == (120, 100, 20)
    pages = _indicator(content, "Trang mạo danh đã xóa")
    assert (pages["total"], pages["previous"], pages["change"]) == (7, 9, -2)
    sessions = _indicator(content, "Buổi tuyên truyền")
    assert (sessions["total"], sessions["previous"], sessions["change"]) == (15, 0, 15)
    assert content["previous_period"] == "6 tháng đầu năm 2025"


def test_it_lists_the_bodies_without_an_accepted_report(data):
    missing = {m["name"]: m["state"] for m in period_data(period=data.period)["missing"]}
    assert missing["Sở Thông tin và Truyền thông"] == "đã gửi"
    assert missing["Báo Kiên Giang"] == "bị trả lại"
    assert missing["Thành ủy Hà Tiên"] == "chưa báo cáo"
    assert "Ban cán sự đảng Ủy ban nhân dân tỉnh" not in missing
    assert "Thành ủy Rạch Giá" not in missing


def test_it_refuses_a_second_draft_for_a_period(draft, data, board):
    with pytest.raises(ValidationError):
        summary_assemble(period=data.period, user=board)
    with pytest.raises(IntegrityError), transaction.atomic():
        SummaryFactory(period=data.period, version=2)


def test_it_saves_edits_of_a_draft_in_nfc(draft, board):
    decomposed = "Tie\u0302\u0301p tu\u0323c"  # "Tiếp tục" typed in NFD
    summary_update(
        summary=draft, user=board, values={"direction": decomposed, "signer_name": "Lê Văn A"}
    )
    draft.refresh_from_db()
    assert draft.direction == "Tiếp tục"
    assert draft.signer_name == "Lê Văn A"


def test_issuing_numbers_dates_and_freezes_the_summary(draft, board, data):
    summary_issue(summary=draft, user=board, number="12", issued_on=ISSUED_ON)
    draft.refresh_from_db()
    assert draft.state == Summary.State.ISSUED
    assert draft.reference == "12-BC/BTGTU"
    assert draft.issued_by == board and draft.issued_at is not None
    assert draft.content["place_date"] == "Kiên Giang, ngày 05 tháng 7 năm 2026"

    # A later change in the bodies' figures does not alter what was issued.
    IndicatorFigure.objects.filter(
        indicator=data.indicators[0], entry__report=data.reports["ubnd"]
    ).update(value=5)
    frozen = summary_document(summary=draft)
    assert _indicator(frozen, "Tài khoản mạng xã hội được rà soát")["total"] == 120

    with pytest.raises(ValidationError):
        summary_update(summary=draft, user=board, values={"results": "sửa sau khi ban hành"})
    draft.refresh_from_db()
    assert "sửa sau khi ban hành" not in draft.results


def test_it_records_who_issued_in_the_history(draft, board):
    summary_issue(summary=draft, user=board, number="12", issued_on=ISSUED_ON)
    assert draft.history.filter(state=Summary.State.ISSUED).exists()


def test_two_issues_at_once_cannot_both_succeed(draft, board, admin_user):
    # Both board members loaded the draft before either issued it.
    first = Summary.objects.get(pk=draft.pk)
    second = Summary.objects.get(pk=draft.pk)
    summary_issue(summary=first, user=board, number="12", issued_on=ISSUED_ON)
    with pytest.raises(ValidationError, match="vừa được người khác ban hành"):
        summary_issue(summary=second, user=admin_user, number="13", issued_on=ISSUED_ON)
    stored = Summary.objects.get(pk=draft.pk)
    assert (stored.number, stored.issued_by) == ("12", board)


@pytest.mark.parametrize(
    ("number", "issued_on", "field"),
    [
        ("", ISSUED_ON, "number"),
        ("12-BC", ISSUED_ON, "number"),
        ("12", datetime.date(2099, 1, 1), "issued_on"),
        ("12", datetime.date(2025, 12, 31), "issued_on"),
    ],
)
def test_it_refuses_a_bad_number_or_date(draft, board, number, issued_on, field):
    with pytest.raises(ValidationError) as error:
        summary_issue(summary=draft, user=board, number=number, issued_on=issued_on)
    assert field in error.value.error_dict
    draft.refresh_from_db()
    assert draft.state == Summary.State.DRAFT


def test_it_refuses_a_number_already_used_this_year(draft, board, data):
    summary_issue(summary=draft, user=board, number="12", issued_on=ISSUED_ON)
    second = summary_new_version(summary=draft, user=board)
    with pytest.raises(ValidationError) as error:
        summary_issue(summary=second, user=board, number="12", issued_on=ISSUED_ON)
    assert "number" in error.value.error_dict


def test_a_new_version_copies_the_last_and_keeps_the_first(draft, board):
    summary_update(summary=draft, user=board, values={"direction": "Hướng đã sửa"})
    summary_issue(summary=draft, user=board, number="12", issued_on=ISSUED_ON)
    second = summary_new_version(summary=draft, user=board)
    assert (second.version, second.state, second.number) == (2, Summary.State.DRAFT, "")
    assert second.direction == "Hướng đã sửa"
    assert second.content == {}
    with pytest.raises(ValidationError):
        summary_new_version(summary=draft, user=board)
    summary_issue(summary=second, user=board, number="15", issued_on=ISSUED_ON)
    first = Summary.objects.get(pk=draft.pk)
    assert (first.reference, first.state) == ("12-BC/BTGTU", Summary.State.ISSUED)
    assert summary_document(summary=first)["reference"] == "12-BC/BTGTU"
    assert summary_document(summary=second)["reference"] == "15-BC/BTGTU"


def test_only_accepted_reports_feed_the_draft(data, board):
    ProgressReport.objects.filter(pk=data.reports["ubnd"].pk).update(
        state=ProgressReport.State.RETURNED
    )
    draft = summary_assemble(period=data.period, user=board)
    assert "tài khoản mạng xã hội được rà soát: 0 tài khoản, giảm 100 tài khoản (100%)" in (
        draft.results
    )
    first = draft.results.split("\n2. ")[0]
    assert "1 đơn vị chưa báo cáo (Ban cán sự đảng Ủy ban nhân dân tỉnh)" in first
    assert "Chưa có báo cáo được tiếp nhận về nhiệm vụ này." in first


def test_the_claim_refuses_when_another_issue_wins_after_the_check(
    draft, board, admin_user, monkeypatch
):
    import reports.services.summaries as services

    real_period_data = services.period_data

    def concurrent_winner(*, period):
        # Another board member's request issues the row while this one builds its content.
        Summary.objects.filter(pk=draft.pk).update(
            state=Summary.State.ISSUED, number="99", issued_on=ISSUED_ON, issued_at=draft.created_at
        )
        return real_period_data(period=period)

    monkeypatch.setattr(services, "period_data", concurrent_winner)
    with pytest.raises(ValidationError, match="vừa được người khác ban hành"):
        summary_issue(summary=draft, user=admin_user, number="13", issued_on=ISSUED_ON)
    # The simulated winner ran inside this request's transaction, so both are rolled back here;
    # what matters is that this request wrote nothing of its own.
    assert Summary.objects.get(pk=draft.pk).number != "13"


def test_reading_a_period_takes_a_fixed_number_of_queries(data, django_assert_max_num_queries):
    # However many bodies report: the benchmark's 40 bodies must cost what these few cost.
    with django_assert_max_num_queries(13):
        period_data(period=data.period)
