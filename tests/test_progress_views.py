import datetime
from unittest import mock

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from assignments.models import Task
from reports.models import Evidence, ProgressReport, SummaryHighlight
from reports.selectors.progress import report_entries, report_history
from reports.services.progress import EntryInput, report_save_draft

from .factories import DutyFactory, IndicatorFactory, TaskFactory, UserFactory
from .factories_progress import EXE_BYTES, SPRING_DAY, add_indicator, open_report, upload

pytestmark = pytest.mark.django_db

State = ProgressReport.State


def edit_url(report):
    return reverse("reports:report_edit", args=[report.pk])


def detail_url(report):
    return reverse("reports:report_detail", args=[report.pk])


def form_data(report, *, version=None, fill=True, **extra):
    """What the form posts: every duty answered (fill) or left empty."""
    data = {"version": report.version if version is None else version}
    for entry in report.entries.prefetch_related("duty__indicators"):
        d = entry.duty_id
        data[f"d{d}_status"] = "done_on_time" if fill else ""
        data[f"d{d}_results"] = f"Kết quả {entry.duty.label}" if fill else ""
        data[f"d{d}_difficulties"] = ""
        data[f"d{d}_proposals"] = ""
        for indicator in entry.duty.indicators.all():
            data[f"d{d}_fig_{indicator.pk}"] = "5" if fill else ""
    data.update(extra)
    return data


def first_duty(report):
    return report.entries.order_by("duty__assignment__number", "duty__number").first().duty_id


# ---- the form ------------------------------------------------------------------------------


def test_staff_see_every_duty_of_their_body_grouped_by_assignment(client, ubnd_staff):
    report = open_report()
    add_indicator(report)
    client.force_login(ubnd_staff)
    response = client.get(edit_url(report))
    assert response.status_code == 200
    page = response.content.decode()
    for entry in report.entries.select_related("duty"):
        assert entry.duty.text in page
    assert "Lưu nháp" in page
    assert "Gửi báo cáo" in page
    assert "Hoàn thành đúng hạn" in page
    assert "Đang thực hiện quá hạn" in page
    assert "Số tin bài xấu độc đã xử lý (tin)" in page
    assert 'enctype="multipart/form-data"' in page


def test_a_draft_saves_incomplete_and_comes_back(client, ubnd_staff):
    report = open_report()
    duty = first_duty(report)
    client.force_login(ubnd_staff)
    data = form_data(report, fill=False, save="1")
    data[f"d{duty}_results"] = "Mới tổ chức được một hội nghị."
    response = client.post(edit_url(report), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == State.DRAFT
    page = client.get(edit_url(report)).content.decode()
    assert "Mới tổ chức được một hội nghị." in page
    assert "Đã lưu bản nháp." in page


def test_submit_shows_each_missing_field_in_vietnamese_and_loses_nothing(client, ubnd_staff):
    report = open_report()
    indicator = add_indicator(report)
    duty = indicator.duty_id
    client.force_login(ubnd_staff)
    data = form_data(report, submit="1")
    data[f"d{duty}_status"] = ""
    data[f"d{duty}_results"] = ""
    data[f"d{duty}_proposals"] = "Đề nghị tập huấn thêm."
    data[f"d{duty}_fig_{indicator.pk}"] = ""
    data[f"d{duty}_files"] = upload("bien-ban.pdf")
    response = client.post(edit_url(report), data)
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors[f"d{duty}_status"] == ["Chọn tình trạng thực hiện nội dung này."]
    assert form.errors[f"d{duty}_results"] == ["Nêu kết quả đã thực hiện nội dung này."]
    assert form.errors[f"d{duty}_fig_{indicator.pk}"] == ["Nhập số liệu (0 nếu không có)."]
    page = response.content.decode()
    assert "Đề nghị tập huấn thêm." in page
    assert "Báo cáo chưa được gửi" in page
    report.refresh_from_db()
    assert report.state == State.DRAFT
    assert form["version"].value() == str(report.version)
    # the file is saved and listed on the page
    assert Evidence.objects.get(entry__report=report).original_name == "bien-ban.pdf"
    assert "bien-ban.pdf" in page
    assert report.entries.get(duty_id=duty).proposals == "Đề nghị tập huấn thêm."


def test_a_figure_that_is_not_a_whole_number_is_marked_and_the_rest_saved(client, ubnd_staff):
    report = open_report()
    indicator = add_indicator(report)
    duty = indicator.duty_id
    client.force_login(ubnd_staff)
    for bad in ("-1", "2,5", "nhiều"):
        data = form_data(report, save="1")
        data[f"d{duty}_fig_{indicator.pk}"] = bad
        response = client.post(edit_url(report), data)
        assert response.status_code == 422
        assert response.context["form"].errors[f"d{duty}_fig_{indicator.pk}"] == [
            "Nhập một số nguyên, từ 0 trở lên."
        ]
        assert f'value="{bad}"' in response.content.decode()
        report.refresh_from_db()
        assert (
            report.entries.get(duty_id=duty).results
            == f"Kết quả {report.entries.get(duty_id=duty).duty.label}"
        )


@pytest.mark.parametrize(
    "part, bad, message",
    [
        ("results", "Đã rà soát\x01 xong", "control character"),
        ("difficulties", "\x1b[31m", "control character"),
        ("proposals", "Đ" * 20_001, "20000"),
    ],
)
def test_a_duty_text_that_cannot_be_stored_is_refused_beside_its_field(
    client, ubnd_staff, settings, part, bad, message
):
    settings.LANGUAGE_CODE = "en"
    report = open_report()
    duty = first_duty(report)
    client.force_login(ubnd_staff)
    data = form_data(report, save="1")
    data[f"d{duty}_{part}"] = bad
    response = client.post(edit_url(report), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    errors = response.context["form"].errors[f"d{duty}_{part}"]
    assert any(message in str(error) for error in errors), errors
    entry = report.entries.get(duty_id=duty)
    assert getattr(entry, part) != bad
    # What was typed is given back to be corrected, not lost.
    assert escape(bad) in response.content.decode()


def test_a_complete_submit_makes_the_report_read_only(client, ubnd_staff):
    report = open_report()
    add_indicator(report)
    client.force_login(ubnd_staff)
    response = client.post(edit_url(report), form_data(report, submit="1"))
    assert response.status_code == 302
    assert response.url == detail_url(report)
    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    page = client.get(detail_url(report)).content.decode()
    assert "Đã gửi" in page
    assert edit_url(report) not in page
    response = client.get(edit_url(report))
    assert response.status_code == 302 and response.url == detail_url(report)
    before = report.version
    response = client.post(edit_url(report), form_data(report, save="1"))
    report.refresh_from_db()
    assert report.version == before
    assert report.state == State.SUBMITTED


def test_a_returned_report_shows_the_comment_and_is_sent_again(client, ubnd_staff):
    report = open_report()
    client.force_login(ubnd_staff)
    client.post(edit_url(report), form_data(report, submit="1"))
    ProgressReport.objects.filter(pk=report.pk).update(
        state=State.RETURNED, review_comment="Đề nghị bổ sung số liệu quý II.", version=5
    )
    report.refresh_from_db()
    page = client.get(edit_url(report)).content.decode()
    assert "Đề nghị bổ sung số liệu quý II." in page
    assert "Bị trả lại" in page
    response = client.post(edit_url(report), form_data(report, submit="1"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == State.SUBMITTED


def test_a_second_save_from_a_stale_form_is_refused_and_its_text_is_kept(client, ubnd_staff):
    report = open_report()
    duty = first_duty(report)
    colleague = UserFactory(bodies=[report.body])
    stale_version = report.version
    report_save_draft(
        report=report,
        user=colleague,
        entries={duty: EntryInput(results="Bản của đồng nghiệp.")},
        expected_version=stale_version,
    )
    client.force_login(ubnd_staff)
    data = form_data(report, version=stale_version, save="1")
    data[f"d{duty}_results"] = "Bản của tôi, chưa lưu."
    response = client.post(edit_url(report), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Bản của tôi, chưa lưu." in page
    assert "Người khác đã lưu báo cáo này" in page
    assert report.entries.get(duty_id=duty).results == "Bản của đồng nghiệp."


def test_a_bad_file_is_refused_beside_its_field_and_the_text_is_saved(client, ubnd_staff):
    report = open_report()
    duty = first_duty(report)
    client.force_login(ubnd_staff)
    data = form_data(report, save="1")
    data[f"d{duty}_files"] = upload("bao-cao.pdf", EXE_BYTES)
    response = client.post(edit_url(report), data)
    assert response.status_code == 422
    errors = response.context["form"].errors[f"d{duty}_files"]
    assert "không phải tệp PDF thật" in errors[0]
    assert not Evidence.objects.exists()
    assert report.entries.get(duty_id=duty).results.startswith("Kết quả")


def test_the_form_page_costs_the_same_queries_with_more_indicators_and_files(
    client, ubnd_staff, django_assert_max_num_queries
):
    report = open_report()
    client.force_login(ubnd_staff)
    client.get(edit_url(report))  # sessions, caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(edit_url(report)).status_code == 200
    for entry in report.entries.select_related("duty"):
        IndicatorFactory(duty=entry.duty)
        IndicatorFactory(duty=entry.duty)
    saved = report_save_draft(
        report=report,
        user=ubnd_staff,
        entries={first_duty(report): EntryInput(uploads=[upload(), upload()])},
        expected_version=report.version,
    )
    with CaptureQueriesContext(connection) as many:
        assert client.get(edit_url(saved)).status_code == 200
    assert len(few) == len(many)
    assert len(many) <= 12, [q["sql"] for q in many.captured_queries]


def test_a_duty_tasked_after_the_report_was_opened_gets_its_entry_on_the_next_visit(
    client, ubnd_staff
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    report = open_report()
    known = report.entries.select_related("duty__assignment").first()
    task = Task.objects.get(body=report.body, duty=known.duty)
    duty = DutyFactory(assignment=known.duty.assignment, number=99, text="Nhiệm vụ giao thêm")
    TaskFactory(duty=duty, body=report.body, role=task.role, recipient=task.recipient)
    client.force_login(ubnd_staff)
    page = client.get(edit_url(report)).content.decode()
    assert "Nhiệm vụ giao thêm" in page
    assert f'name="d{duty.pk}_status"' in page
    assert report.entries.filter(duty=duty).count() == 1
    # Once every duty has its entry, a visit writes nothing.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(edit_url(report)).status_code == 200
    assert not [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert report.entries.filter(duty=duty).count() == 1


def test_report_entries_reads_entries_indicators_figures_and_files_in_one_query(
    ubnd_staff, board, django_assert_num_queries
):
    report = open_report()
    first, second = list(
        report.entries.select_related("duty").order_by("duty__assignment__number", "duty__number")[
            :2
        ]
    )
    later = IndicatorFactory(duty=first.duty, name="Sau", sort_order=2)
    earlier = IndicatorFactory(duty=first.duty, name="Trước", sort_order=1)
    saved = report_save_draft(
        report=report,
        user=ubnd_staff,
        entries={
            first.duty_id: EntryInput(
                status="done_on_time",
                results="Đã làm.",
                figures={later.pk: 7},
                uploads=[upload("mot.pdf"), upload("hai.pdf")],
            )
        },
        expected_version=0,
    )
    two = Evidence.objects.filter(original_name="hai.pdf").get()
    Evidence.objects.filter(pk=two.pk).update(
        superseded_at=timezone.now(), superseded_by=ubnd_staff
    )
    SummaryHighlight.objects.create(entry=first, field="results", marked_by=board, excerpt="Đã làm")
    with django_assert_num_queries(1):
        entries = report_entries(report=saved, superseded=True, passages=True)
    assert entries[:2] == [first, second]
    assert [entry.duty.label for entry in entries] == [
        entry.duty.label
        for entry in saved.entries.select_related("duty__assignment").order_by(
            "duty__assignment__number", "duty__number"
        )
    ]
    entry = entries[0]
    with django_assert_num_queries(0):
        assert entry.report == saved and entry.duty.assignment.paragraphs
        assert (entry.status, entry.results, entry.status_label) == (
            "done_on_time",
            "Đã làm.",
            "Hoàn thành đúng hạn",
        )
        assert [indicator.name for indicator in entry.indicators] == ["Trước", "Sau"]
        assert entry.figure_rows == [(earlier, None), (later, 7)]
        assert [item.original_name for item in entry.evidence_list] == ["mot.pdf"]
        assert entry.evidence_list[0].size == len(upload().read())
        removed = entry.superseded_list
        assert [item.original_name for item in removed] == ["hai.pdf"]
        assert str(removed[0].superseded_by) == str(ubnd_staff)
        assert removed[0].superseded_at is not None and removed[0].entry is entry
        marks = {field: mark for field, _label, _text, mark in entry.passages}
        assert marks["results"].excerpt == "Đã làm" and marks["difficulties"] is None
        assert entries.new_duty_ids == ()
    # The body's own pages leave the removed files out.
    assert report_entries(report=saved)[0].superseded_list == []
    # The report page reads the history in the same statement.
    with django_assert_num_queries(1):
        with_history = report_entries(report=saved, superseded=True, history=True)
    with django_assert_num_queries(0):
        steps = report_history(report=saved, entries=with_history)
    assert steps and steps == report_history(report=saved)
    # An aware moment on SQLite too, shown in the local time zone.
    assert all(step.when.utcoffset() is not None for step in steps)


def test_each_duty_keeps_its_own_files_and_their_errors(ubnd_staff):
    from django.utils.datastructures import MultiValueDict

    from reports.forms.progress import ReportForm

    report = open_report()
    entries = report_entries(report=report)
    first, second = entries[0].duty_id, entries[1].duty_id
    files = MultiValueDict(
        {
            f"d{first}_files": [upload("bien-ban.pdf")],
            f"d{second}_files": [upload("virus.pdf", EXE_BYTES)],
        }
    )
    form = ReportForm({"version": "0"}, files, entries=entries)
    assert not form.is_valid()
    assert set(form.errors) == {f"d{second}_files"}
    assert [item.name for item in form.cleaned_data[f"d{first}_files"]] == ["bien-ban.pdf"]
    assert form.fields[f"d{first}_files"].widget is not form.fields[f"d{second}_files"].widget


# ---- the read page and downloads ------------------------------------------------------------


def test_the_report_page_shows_entries_files_and_history(client, ubnd_staff):
    report = open_report()
    duty = first_duty(report)
    report_save_draft(
        report=report,
        user=ubnd_staff,
        entries={
            duty: EntryInput(results="Đã ban hành kế hoạch.", uploads=[upload("ke-hoach.pdf")])
        },
        expected_version=0,
    )
    client.force_login(ubnd_staff)
    page = client.get(detail_url(report)).content.decode()
    assert "Đã ban hành kế hoạch." in page
    assert "ke-hoach.pdf" in page
    assert reverse("reports:evidence_download", args=[Evidence.objects.get().pk]) in page
    assert "Lịch sử" in page
    assert "Lưu nháp" in page
    assert "Đính kèm tệp" in page


def test_evidence_downloads_as_an_attachment_that_is_not_sniffed(client, ubnd_staff):
    report = open_report()
    report_save_draft(
        report=report,
        user=ubnd_staff,
        entries={first_duty(report): EntryInput(uploads=[upload("biên bản.pdf")])},
        expected_version=0,
    )
    client.force_login(ubnd_staff)
    response = client.get(reverse("reports:evidence_download", args=[Evidence.objects.get().pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_board_and_the_committee_read_any_report_and_its_files(
    client, ubnd_staff, board, committee
):
    report = open_report()
    report_save_draft(
        report=report,
        user=ubnd_staff,
        entries={first_duty(report): EntryInput(uploads=[upload()])},
        expected_version=0,
    )
    evidence = Evidence.objects.get()
    for user in (board, committee):
        client.force_login(user)
        assert client.get(detail_url(report)).status_code == 200
        assert (
            client.get(reverse("reports:evidence_download", args=[evidence.pk])).status_code == 200
        )


def test_the_report_is_read_with_what_its_pages_show_in_one_query(
    ubnd_staff, board, rachgia_staff, django_assert_num_queries
):
    from reports.access import get_report_for_user
    from reports.services.progress import report_submit
    from reports.services.review import report_return

    from .test_progress_services import complete

    report = open_report()
    sent = report_submit(
        report=report, user=ubnd_staff, entries=complete(report), expected_version=0
    )
    returned = report_return(report=sent, user=board, comment="Bổ sung.", version=sent.version)
    with django_assert_num_queries(1):
        read = get_report_for_user(board, report.pk)
        assert (read.state, read.version, read.review_comment) == (
            returned.state,
            returned.version,
            "Bổ sung.",
        )
        assert read.submitted_at == returned.submitted_at and read.submitted_at.tzinfo
        assert read.reviewed_at == returned.reviewed_at
        assert read.period.starts_on == datetime.date(2026, 1, 1)
        assert read.period.body_due == returned.period.body_due
        assert read.body.is_active is True and read.body.name == report.body.name
        assert read.period.directive.reference == report.period.directive.reference
        assert str(read.submitted_by) == str(ubnd_staff)
        assert str(read.reviewed_by) == str(board)
    # What the pages do not show is read when asked for.
    assert read.period.directive.summary == report.period.directive.summary
    with django_assert_num_queries(1):
        own = get_report_for_user(ubnd_staff, report.pk, edit=True)
        assert own.submitted_by == ubnd_staff and own.body == report.body
    with pytest.raises(Http404):
        get_report_for_user(rachgia_staff, report.pk)


# ---- refusals --------------------------------------------------------------------------------


def test_staff_of_another_body_get_404_for_the_report_its_form_and_its_files(
    client, ubnd_staff, rachgia_staff
):
    report = open_report()
    report_save_draft(
        report=report,
        user=ubnd_staff,
        entries={first_duty(report): EntryInput(uploads=[upload()])},
        expected_version=0,
    )
    evidence = Evidence.objects.get()
    client.force_login(rachgia_staff)
    assert client.get(detail_url(report)).status_code == 404
    assert client.get(edit_url(report)).status_code == 404
    assert client.post(edit_url(report), form_data(report, save="1")).status_code == 404
    assert client.get(reverse("reports:evidence_download", args=[evidence.pk])).status_code == 404
    report.refresh_from_db()
    assert report.entries.get(duty_id=first_duty(report)).results == ""


@pytest.mark.parametrize("role", ["board", "committee", "admin_user"])
def test_the_board_the_committee_and_administrators_cannot_edit_a_body_report(
    client, request, role, directive
):
    report = open_report()
    client.force_login(request.getfixturevalue(role))
    assert client.get(edit_url(report)).status_code == 403
    assert client.post(edit_url(report), form_data(report, submit="1")).status_code == 403
    report.refresh_from_db()
    assert report.state == State.NOT_REPORTED
    page = client.get(detail_url(report)).content.decode()
    assert edit_url(report) not in page


def test_the_review_panel_is_shown_to_the_board_only(client, board, committee, ubnd_staff):
    report = open_report()
    client.force_login(board)
    assert "reports/_review_panel.html" in [
        t.name for t in client.get(detail_url(report)).templates
    ]
    for user in (committee, ubnd_staff):
        client.force_login(user)
        assert "reports/_review_panel.html" not in [
            t.name for t in client.get(detail_url(report)).templates
        ]


def test_anonymous_visitors_are_sent_to_login(client, directive):
    report = open_report()
    for url in (
        detail_url(report),
        edit_url(report),
        reverse("reports:evidence_download", args=[1]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_a_forged_form_without_version_is_refused(client, ubnd_staff):
    report = open_report()
    client.force_login(ubnd_staff)
    data = form_data(report, save="1")
    del data["version"]
    assert client.post(edit_url(report), data).status_code == 403


# ---- the staff's home panel -----------------------------------------------------------------


def at(day):
    """Freezes today's date; converting a stored moment to its local date stays real."""
    real_localdate = timezone.localdate

    def localdate(value=None, timezone=None):
        return day if value is None else real_localdate(value, timezone)

    return mock.patch("django.utils.timezone.localdate", side_effect=localdate)


def test_the_home_panel_counts_the_days_left(client, ubnd_staff):
    report = open_report()
    client.force_login(ubnd_staff)
    with at(datetime.date(2026, 6, 5)):
        page = client.get(reverse("home")).content.decode()
    assert "Báo cáo của đơn vị bạn" in page
    assert "còn 10 ngày" in page
    assert "15/06/2026" in page
    assert edit_url(report) in page


def test_the_home_panel_says_due_today_and_days_late(client, ubnd_staff):
    open_report()
    client.force_login(ubnd_staff)
    with at(datetime.date(2026, 6, 15)):
        assert "hạn chót hôm nay" in client.get(reverse("home")).content.decode()
    with at(datetime.date(2026, 6, 18)):
        assert "trễ 3 ngày" in client.get(reverse("home")).content.decode()


def test_the_home_panel_shows_a_sent_report_without_days_late(client, ubnd_staff):
    report = open_report()
    client.force_login(ubnd_staff)
    client.post(edit_url(report), form_data(report, submit="1"))
    ProgressReport.objects.filter(pk=report.pk).update(
        submitted_at=datetime.datetime(2026, 6, 10, 9, tzinfo=datetime.UTC)
    )
    with at(datetime.date(2026, 6, 18)):
        page = client.get(reverse("home")).content.decode()
    assert "gửi đúng hạn" in page
    assert detail_url(report) in page


def test_the_home_panel_lists_only_the_users_own_bodies(client, rachgia_staff, ubnd_staff):
    open_report(today=SPRING_DAY)
    client.force_login(rachgia_staff)
    with at(datetime.date(2026, 6, 5)):
        response = client.get(reverse("home"))
    bodies = {item.body_code for item in response.context["owed_reports"]}
    assert bodies == {"thanh-uy-rach-gia"}


def test_the_committee_has_no_home_panel(client, committee, directive):
    open_report()
    client.force_login(committee)
    assert client.get(reverse("home")).context["owed_reports"] is None


# ---- indicators ------------------------------------------------------------------------------


def test_the_board_defines_edits_and_deletes_indicators(client, board, directive):
    duty = directive.assignments.first().duties.first()
    client.force_login(board)
    url = reverse("reports:indicator_list", args=[directive.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        reverse("reports:indicator_create", args=[duty.pk]),
        {"name": "Số lớp tập huấn", "unit": "lớp", "sort_order": 0},
    )
    assert response.status_code == 302
    indicator = duty.indicators.get()
    assert (indicator.name, indicator.unit) == ("Số lớp tập huấn", "lớp")
    client.post(
        reverse("reports:indicator_update", args=[indicator.pk]),
        {"name": "Số lớp", "unit": "lớp", "sort_order": 1},
    )
    indicator.refresh_from_db()
    assert indicator.name == "Số lớp"
    client.post(reverse("reports:indicator_delete", args=[indicator.pk]))
    assert not duty.indicators.exists()


def test_an_indicator_with_reported_figures_is_not_deleted(client, board, ubnd_staff):
    report = open_report()
    indicator = add_indicator(report)
    report_save_draft(
        report=report,
        user=ubnd_staff,
        entries={indicator.duty_id: EntryInput(figures={indicator.pk: 4})},
        expected_version=0,
    )
    client.force_login(board)
    response = client.post(reverse("reports:indicator_delete", args=[indicator.pk]), follow=True)
    assert "không thể xoá" in response.content.decode()
    assert indicator.duty.indicators.exists()


@pytest.mark.parametrize("role", ["committee", "ubnd_staff"])
def test_only_the_board_defines_indicators(client, request, role, directive):
    duty = directive.assignments.first().duties.first()
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("reports:indicator_list", args=[directive.pk])).status_code == 403
    response = client.post(
        reverse("reports:indicator_create", args=[duty.pk]), {"name": "X", "unit": "y"}
    )
    assert response.status_code == 403
    assert not duty.indicators.exists()


def test_the_board_finds_the_indicators_from_the_directive_page(client, board, directive):
    client.force_login(board)
    page = client.get(reverse("home")).content.decode()
    assert reverse("reports:indicator_list", args=[directive.pk]) in page
    assert "Chỉ tiêu của các nội dung nhiệm vụ" in page


def test_anonymous_visitors_cannot_reach_the_indicators(client, directive):
    response = client.get(reverse("reports:indicator_list", args=[directive.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_submit_with_a_bad_figure_also_lists_what_is_missing(client, ubnd_staff):
    report = open_report()
    indicator = add_indicator(report)
    duty = indicator.duty_id
    other = report.entries.exclude(duty_id=duty).first().duty_id
    client.force_login(ubnd_staff)
    data = form_data(report, submit="1")
    data[f"d{duty}_fig_{indicator.pk}"] = "-3"
    data[f"d{other}_status"] = ""
    response = client.post(edit_url(report), data)
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert errors[f"d{duty}_fig_{indicator.pk}"] == ["Nhập một số nguyên, từ 0 trở lên."]
    assert errors[f"d{other}_status"] == ["Chọn tình trạng thực hiện nội dung này."]
    assert "Báo cáo chưa được gửi." in response.content.decode()
    report.refresh_from_db()
    assert report.state == State.DRAFT


def test_staff_remove_an_attached_file_from_the_form(client, ubnd_staff):
    report = open_report()
    duty = first_duty(report)
    saved = report_save_draft(
        report=report,
        user=ubnd_staff,
        entries={duty: EntryInput(uploads=[upload("nham.pdf"), upload("dung.pdf")])},
        expected_version=0,
    )
    wrong = Evidence.objects.get(original_name="nham.pdf")
    client.force_login(ubnd_staff)
    page = client.get(edit_url(saved)).content.decode()
    assert "Xoá tệp đã đính kèm" in page
    data = form_data(saved, save="1")
    data[f"d{duty}_remove"] = [str(wrong.pk)]
    assert client.post(edit_url(saved), data).status_code == 302
    assert list(Evidence.objects.values_list("original_name", flat=True)) == ["dung.pdf"]
    history = client.get(detail_url(saved)).content.decode()
    assert "Xoá tệp đính kèm" in history
    assert "nham.pdf" in history


def test_the_form_offers_attached_files_for_removal_as_checkboxes_with_their_labels(
    client, ubnd_staff
):
    """The repeated fields go through plain templates (issue 14): the removal choices keep the
    markup crispy-bootstrap5 gave them, checkboxes in a fieldset whose legend is the label."""
    report = open_report()
    report_save_draft(
        report=report,
        user=ubnd_staff,
        entries={first_duty(report): EntryInput(uploads=[upload("biên bản.pdf")])},
        expected_version=0,
    )
    evidence = Evidence.objects.get()
    d = first_duty(report)
    client.force_login(ubnd_staff)
    page = client.get(edit_url(report)).content.decode()
    assert (
        f'<input type="checkbox" class="form-check-input" name="d{d}_remove" '
        f'value="{evidence.pk}" id="id_d{d}_remove_0">'
    ) in page
    assert f'<label for="id_d{d}_remove_0" class="form-check-label">biên bản.pdf</label>' in page
    assert f'<div id="div_id_d{d}_remove" class="mb-3">' in page
    assert f'<input type="radio" class="form-check-input" name="d{d}_status"' in page
