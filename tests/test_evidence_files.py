"""Evidence on disk follows its rows: a failed upload leaves no file, a file the board could see
is never destroyed, and orphans left by a dead process are found and removed."""

import os
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError

from reports.models import Evidence, ProgressReport
from reports.selectors.progress import report_history
from reports.services.progress import EntryInput, report_save_draft, report_submit
from reports.services.review import report_return

from .factories_progress import EXE_BYTES, open_report, upload
from .test_progress_services import complete, first_duty

pytestmark = pytest.mark.django_db


def evidence_files(settings) -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "evidence"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_failed_upload_leaves_no_file(ubnd_staff, settings):
    report = open_report()
    duty = first_duty(report)
    # The good file is written first; the second one is refused, and the save rolls back.
    with pytest.raises(ValidationError):
        report_save_draft(
            report=report,
            user=ubnd_staff,
            entries={duty: EntryInput(uploads=[upload("tot.pdf"), upload("xau.pdf", EXE_BYTES)])},
            expected_version=0,
        )
    assert not Evidence.objects.exists()
    assert evidence_files(settings) == []


def test_a_database_failure_after_the_file_is_written_leaves_no_file(
    ubnd_staff, settings, monkeypatch
):
    report = open_report()
    duty = first_duty(report)

    def refuse(self, *args, **kwargs):
        raise DatabaseError("the database went away")

    monkeypatch.setattr(Evidence, "save", refuse)
    with pytest.raises(DatabaseError):
        report_save_draft(
            report=report,
            user=ubnd_staff,
            entries={duty: EntryInput(uploads=[upload()])},
            expected_version=0,
        )
    assert evidence_files(settings) == []
    assert ProgressReport.objects.get(pk=report.pk).version == 0


def test_a_successful_upload_keeps_its_file(ubnd_staff, settings):
    report = open_report()
    report_save_draft(
        report=report,
        user=ubnd_staff,
        entries={first_duty(report): EntryInput(uploads=[upload()])},
        expected_version=0,
    )
    assert [path.name for path in evidence_files(settings)] == [
        Path(Evidence.objects.get().file.name).name
    ]


def _aged(path: Path, hours: int):
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_orphans_older_than_a_day_are_listed_then_removed(ubnd_staff, settings, capsys):
    report = open_report()
    report_save_draft(
        report=report,
        user=ubnd_staff,
        entries={first_duty(report): EntryInput(uploads=[upload()])},
        expected_version=0,
    )
    kept = Path(Evidence.objects.get().file.path)
    _aged(kept, 48)
    old_orphan = kept.parent / "0123456789abcdef0123456789abcdef.pdf"
    old_orphan.write_bytes(b"%PDF-1.4 left by a killed worker")
    _aged(old_orphan, 30)
    fresh_orphan = kept.parent / "fedcba9876543210fedcba9876543210.pdf"
    fresh_orphan.write_bytes(b"%PDF-1.4 an upload still being saved")

    call_command("evidence_orphans")
    listed = capsys.readouterr().out
    assert f"orphan evidence/{old_orphan.name}" in listed
    assert fresh_orphan.name not in listed and kept.name not in listed
    assert old_orphan.exists()

    call_command("evidence_orphans", "--delete")
    assert not old_orphan.exists()
    assert fresh_orphan.exists() and kept.exists()


def _sent_with_a_file(user):
    report = open_report()
    duty = first_duty(report)
    entries = complete(report)
    entries[duty].uploads = [upload("bien-ban.pdf")]
    sent = report_submit(report=report, user=user, entries=entries, expected_version=0)
    return sent, duty


def test_a_file_removed_after_sending_is_kept_as_superseded(ubnd_staff, board, settings, client):
    sent, duty = _sent_with_a_file(ubnd_staff)
    evidence = Evidence.objects.get()
    returned = report_return(report=sent, user=board, comment="Bổ sung.", version=sent.version)
    report_save_draft(
        report=returned,
        user=ubnd_staff,
        entries={duty: EntryInput(remove_evidence=[evidence.pk])},
        expected_version=returned.version,
    )
    evidence.refresh_from_db()
    assert evidence.superseded_at is not None and evidence.superseded_by == ubnd_staff
    assert Path(evidence.file.path).exists()
    # Out of the report the body edits, in its history.
    assert (
        not ProgressReport.objects.get(pk=sent.pk)
        .entries.get(duty_id=duty)
        .evidence.filter(superseded_at__isnull=True)
    )
    changes = [
        (change.label, change.old)
        for step in report_history(report=sent)
        for change in step.changes
    ]
    assert any("lưu lại cho Ban" in label and old == "bien-ban.pdf" for label, old in changes)

    client.force_login(board)
    page = client.get(f"/reports/{sent.pk}/")
    assert evidence.get_absolute_url() in page.content.decode()
    download = client.get(evidence.get_absolute_url())
    assert download.status_code == 200
    assert download["Cache-Control"] == "private, no-store"

    client.force_login(ubnd_staff)
    assert client.get(evidence.get_absolute_url()).status_code == 404


def test_a_file_removed_before_ever_sending_is_deleted(
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
    with django_capture_on_commit_callbacks(execute=True):
        report_save_draft(
            report=saved,
            user=ubnd_staff,
            entries={duty: EntryInput(remove_evidence=[evidence.pk])},
            expected_version=saved.version,
        )
    assert not Evidence.objects.exists()
