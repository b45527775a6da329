import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.models import Evidence, IndicatorFigure, ProgressReport
from reports.selectors.progress import report_history
from reports.services.progress import (
    EntryInput,
    ReportConflict,
    ReportIncomplete,
    ReportNotEditable,
    evidence_check,
    report_save_draft,
    report_submit,
)

from .factories_progress import (
    EXE_BYTES,
    JPG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    add_indicator,
    docx_bytes,
    open_report,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

State = ProgressReport.State


def complete(report, **overrides):
    """Every duty answered and every figure given."""
    entries = {}
    for entry in report.entries.prefetch_related("duty__indicators"):
        entries[entry.duty_id] = EntryInput(
            status="in_progress_on_time",
            results=f"Đã triển khai nội dung {entry.duty.label}.",
            figures={indicator.pk: 3 for indicator in entry.duty.indicators.all()},
        )
    entries.update(overrides)
    return entries


def first_duty(report):
    return report.entries.order_by("duty__assignment__number", "duty__number").first().duty_id


def test_a_first_save_makes_a_draft_even_when_incomplete(ubnd_staff):
    report = open_report()
    duty = first_duty(report)
    saved = report_save_draft(
        report=report,
        user=ubnd_staff,
        entries={duty: EntryInput(results="Mới làm được một phần.")},
        expected_version=0,
    )
    assert saved.state == State.DRAFT
    assert saved.version == 1
    assert saved.entries.get(duty_id=duty).results == "Mới làm được một phần."


def test_a_complete_report_is_submitted_with_its_time_and_sender(ubnd_staff):
    report = open_report()
    add_indicator(report)
    sent = report_submit(
        report=report, user=ubnd_staff, entries=complete(report), expected_version=0
    )
    assert sent.state == State.SUBMITTED
    assert sent.submitted_by == ubnd_staff
    assert sent.submitted_at is not None
    assert IndicatorFigure.objects.filter(entry__report=report, value=3).count() == 1


def test_submit_lists_what_is_missing_per_duty_and_keeps_what_was_typed(ubnd_staff):
    report = open_report()
    indicator = add_indicator(report)
    duty = indicator.duty_id
    entries = complete(report)
    entries[duty] = EntryInput(status="", results="Đang làm dở.", figures={indicator.pk: None})
    with pytest.raises(ReportIncomplete) as failure:
        report_submit(report=report, user=ubnd_staff, entries=entries, expected_version=0)
    errors = failure.value.errors
    assert set(errors) == {duty}
    assert set(errors[duty]) == {"status", f"figure_{indicator.pk}"}
    report.refresh_from_db()
    assert report.state == State.DRAFT
    assert failure.value.report.version == report.version
    assert report.entries.get(duty_id=duty).results == "Đang làm dở."


def test_a_file_uploaded_with_a_failed_submit_is_kept(ubnd_staff):
    report = open_report()
    duty = first_duty(report)
    with pytest.raises(ReportIncomplete):
        report_submit(
            report=report,
            user=ubnd_staff,
            entries={duty: EntryInput(uploads=[upload("bien-ban.pdf")])},
            expected_version=0,
        )
    assert Evidence.objects.get(entry__report=report).original_name == "bien-ban.pdf"


def test_a_submitted_report_cannot_be_saved_again(ubnd_staff):
    report = open_report()
    sent = report_submit(
        report=report, user=ubnd_staff, entries=complete(report), expected_version=0
    )
    with pytest.raises(ReportNotEditable):
        report_save_draft(report=sent, user=ubnd_staff, entries={}, expected_version=sent.version)
    with pytest.raises(ReportNotEditable):
        report_submit(report=sent, user=ubnd_staff, entries={}, expected_version=sent.version)


def test_an_accepted_report_cannot_be_saved(ubnd_staff):
    report = open_report()
    sent = report_submit(
        report=report, user=ubnd_staff, entries=complete(report), expected_version=0
    )
    ProgressReport.objects.filter(pk=sent.pk).update(state=State.ACCEPTED)
    with pytest.raises(ReportNotEditable):
        report_save_draft(report=sent, user=ubnd_staff, entries={}, expected_version=sent.version)


def test_a_returned_report_is_fixed_and_submitted_again(ubnd_staff):
    report = open_report()
    duty = first_duty(report)
    sent = report_submit(
        report=report, user=ubnd_staff, entries=complete(report), expected_version=0
    )
    ProgressReport.objects.filter(pk=sent.pk).update(
        state=State.RETURNED, review_comment="Bổ sung số liệu.", version=sent.version + 1
    )
    sent.refresh_from_db()
    draft = report_save_draft(
        report=sent,
        user=ubnd_staff,
        entries={duty: EntryInput(results="Đã bổ sung số liệu.")},
        expected_version=sent.version,
    )
    assert draft.state == State.DRAFT
    again = report_submit(report=draft, user=ubnd_staff, entries={}, expected_version=draft.version)
    assert again.state == State.SUBMITTED
    assert again.entries.get(duty_id=duty).results == "Đã bổ sung số liệu."


def test_a_save_from_a_stale_form_is_refused_and_writes_nothing(ubnd_staff):
    report = open_report()
    duty = first_duty(report)
    report_save_draft(
        report=report,
        user=ubnd_staff,
        entries={duty: EntryInput(results="Chị An viết.")},
        expected_version=0,
    )
    with pytest.raises(ReportConflict) as conflict:
        report_save_draft(
            report=report,
            user=ubnd_staff,
            entries={duty: EntryInput(results="Anh Bình viết.", uploads=[upload()])},
            expected_version=0,
        )
    assert "Người khác đã lưu báo cáo này" in str(conflict.value)
    assert report.entries.get(duty_id=duty).results == "Chị An viết."
    assert not Evidence.objects.exists()
    assert ProgressReport.objects.get(pk=report.pk).version == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bien-ban.pdf", PDF_BYTES),
        ("anh.png", PNG_BYTES),
        ("anh.JPG", JPG_BYTES),
        ("anh.jpeg", JPG_BYTES),
        ("bao-cao.docx", None),
        ("so-lieu.xlsx", None),
    ],
)
def test_each_accepted_type_passes(name, content):
    if content is None:
        content = docx_bytes() if name.endswith(".docx") else xlsx_bytes()
    assert evidence_check(upload=upload(name, content))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("virus.pdf", EXE_BYTES, "content"),  # a renamed .exe
        ("anh.pdf", PNG_BYTES, "content"),  # a real image under the wrong extension
        ("bao-cao.docx", b"plain text, not a document", "content"),
        ("chuong-trinh.exe", EXE_BYTES, "extension"),
        ("bien-ban.txt", b"hello", "extension"),
        ("khong-duoi", PDF_BYTES, "extension"),
        ("rong.pdf", b"", "empty"),
    ],
)
def test_each_bad_file_is_refused_with_a_reason(name, content, code):
    with pytest.raises(ValidationError) as refused:
        evidence_check(upload=upload(name, content))
    assert refused.value.code == code


def test_a_file_over_the_limit_is_refused(settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as refused:
        evidence_check(upload=upload("lon.pdf", PDF_BYTES + b"0" * 2000))
    assert refused.value.code == "size"


@pytest.mark.parametrize(
    "name", ["../../../etc/passwd.pdf", "/tmp/x.pdf", "a/b/c.pdf", "..\\..\\x.pdf"]
)
def test_stored_names_are_random_and_stay_inside_the_media_folder(name, ubnd_staff, settings):
    report = open_report()
    duty = first_duty(report)
    report_save_draft(
        report=report,
        user=ubnd_staff,
        entries={duty: EntryInput(uploads=[upload(name)])},
        expected_version=0,
    )
    evidence = Evidence.objects.get()
    assert re.fullmatch(r"evidence/[0-9a-f]{32}\.pdf", evidence.file.name)
    media = Path(settings.MEDIA_ROOT).resolve()
    assert Path(evidence.file.path).resolve().is_relative_to(media / "evidence")
    assert evidence.original_name.endswith(".pdf")


def test_two_files_with_one_name_do_not_collide(ubnd_staff):
    report = open_report()
    duty = first_duty(report)
    report_save_draft(
        report=report,
        user=ubnd_staff,
        entries={duty: EntryInput(uploads=[upload(), upload()])},
        expected_version=0,
    )
    names = [evidence.file.name for evidence in Evidence.objects.all()]
    assert len(set(names)) == 2


def test_a_removed_file_leaves_the_report_and_the_disk(
    ubnd_staff, django_capture_on_commit_callbacks
):
    report = open_report()
    duty = first_duty(report)
    saved = report_save_draft(
        report=report,
        user=ubnd_staff,
        entries={duty: EntryInput(uploads=[upload()])},
        expected_version=0,
    )
    evidence = Evidence.objects.get()
    path = Path(evidence.file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        report_save_draft(
            report=saved,
            user=ubnd_staff,
            entries={duty: EntryInput(remove_evidence=[evidence.pk])},
            expected_version=saved.version,
        )
    assert not Evidence.objects.exists()
    assert not path.exists()


def test_the_history_shows_each_step_with_what_changed(ubnd_staff):
    report = open_report()
    indicator = add_indicator(report)
    duty = indicator.duty_id
    saved = report_save_draft(
        report=report,
        user=ubnd_staff,
        entries={duty: EntryInput(results="Bản đầu.", figures={indicator.pk: 2})},
        expected_version=0,
    )
    saved = report_save_draft(
        report=saved,
        user=ubnd_staff,
        entries={duty: EntryInput(uploads=[upload("bien-ban.pdf")])},
        expected_version=saved.version,
    )
    report_submit(
        report=saved, user=ubnd_staff, entries=complete(saved), expected_version=saved.version
    )
    steps = list(reversed(report_history(report=report)))  # oldest first
    assert [step.reason for step in steps] == ["saved", "saved", "saved", "submitted"]
    assert all(step.user == ubnd_staff for step in steps)
    first = {change.label: (change.old, change.new) for change in steps[0].changes}
    assert first["Nội dung 1.1: Kết quả thực hiện"] == ("", "Bản đầu.")
    assert first["Nội dung 1.1: Số tin bài xấu độc đã xử lý (tin)"] == ("", "2")
    assert first["Trạng thái"] == ("", "Nháp")
    second = {change.label: (change.old, change.new) for change in steps[1].changes}
    assert second["Nội dung 1.1: Đính kèm tệp"] == ("", "bien-ban.pdf")
    sent = {change.label: (change.old, change.new) for change in steps[3].changes}
    assert sent["Trạng thái"] == ("Nháp", "Đã gửi")


def test_the_history_costs_the_same_queries_however_long(ubnd_staff):
    report = open_report()
    indicator = add_indicator(report)
    duty = indicator.duty_id

    def history_queries():
        with CaptureQueriesContext(connection) as queries:
            steps = report_history(report=report)
        return len(queries), len(steps)

    version, counts = 0, []
    for rounds in (1, 5):
        for number in range(rounds):
            saved = report_save_draft(
                report=report,
                user=ubnd_staff,
                entries={
                    duty: EntryInput(
                        results=f"Lần {version}", figures={indicator.pk: number}, uploads=[upload()]
                    )
                },
                expected_version=version,
            )
            version = saved.version
        counts.append(history_queries())
    (few_queries, few_steps), (many_queries, many_steps) = counts
    assert many_steps > few_steps
    assert few_queries == many_queries == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_saves_from_one_version_at_the_same_moment_let_only_one_through(directive):
    import threading

    from .factories import UserFactory

    report = open_report()
    duty = first_duty(report)
    writers = [UserFactory(bodies=[report.body]) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def save(user, text):
        try:
            barrier.wait()
            report_save_draft(
                report=report,
                user=user,
                entries={duty: EntryInput(results=text)},
                expected_version=0,
            )
            outcomes.append(("saved", text))
        except ReportConflict:
            outcomes.append(("refused", text))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(user, f"Bản của người thứ {n}"))
        for n, user in enumerate(writers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(kind for kind, _text in outcomes) == ["refused", "saved"]
    winner = next(text for kind, text in outcomes if kind == "saved")
    assert report.entries.get(duty_id=duty).results == winner
    assert ProgressReport.objects.get(pk=report.pk).version == 1
