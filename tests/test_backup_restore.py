"""A backup restored into an empty database has every directive, report, file and summary."""

import datetime
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from assignments.models import Directive
from reports.models import Evidence, ProgressReport, Summary
from reports.services.progress import report_submit
from reports.services.summaries import summary_assemble, summary_issue

from .factories_progress import open_report, upload
from .test_progress_services import complete, first_duty

pytestmark = pytest.mark.django_db(transaction=True)

COUNTED = {
    "assignments_directive": Directive,
    "reports_progressreport": ProgressReport,
    "reports_evidence": Evidence,
    "reports_summary": Summary,
}


@pytest.fixture
def installation(ubnd_staff, board):
    """A directive, a sent report with two files, an issued summary."""
    report = open_report()
    entries = complete(report)
    entries[first_duty(report)].uploads = [upload("bien-ban.pdf"), upload("phu-luc.pdf")]
    report_submit(report=report, user=ubnd_staff, entries=entries, expected_version=0)
    directive = report.period.directive
    directive.number = "06"  # a summary cites its letter by number
    directive.save(update_fields=["number"])
    summary = summary_assemble(period=report.period, user=board)
    summary_issue(summary=summary, user=board, number="12", issued_on=datetime.date(2026, 6, 20))
    return {table: model.objects.count() for table, model in COUNTED.items()}


def _restore_in(env_overrides: dict, source: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, **env_overrides, "DJANGO_SETTINGS_MODULE": "directive_tracker.settings"}
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(source)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _evidence_files_match(media_root: Path) -> None:
    for evidence in Evidence.objects.all():
        restored = media_root / evidence.file.name
        assert restored.read_bytes() == Path(evidence.file.path).read_bytes()


@pytest.mark.sqlite
def test_a_sqlite_backup_restores_into_an_empty_database(installation, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    target = tmp_path / "restored.sqlite3"

    result = _restore_in(
        {
            "DATABASE_URL": f"sqlite:///{target}",
            "MEDIA_ROOT": str(tmp_path / "restored-media"),
            "VAR_DIR": str(tmp_path / "var"),
        },
        tmp_path / "backup",
    )

    assert result.returncode == 0, result.stderr
    assert "every count and checksum matches" in result.stdout
    restored = sqlite3.connect(target)
    for table, expected in installation.items():
        assert restored.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == expected
    assert installation["reports_evidence"] == 2 and installation["reports_summary"] == 1
    _evidence_files_match(tmp_path / "restored-media")


@pytest.mark.postgres
def test_a_postgres_backup_restores_into_an_empty_database(installation, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    db = settings.DATABASES["default"]
    name = f"dt_restore_{uuid.uuid4().hex[:8]}"
    params = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"]}
    if db.get("PASSWORD"):
        params["password"] = db["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        result = _restore_in(
            {
                "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST']}:"
                f"{params['port']}/{name}",
                "MEDIA_ROOT": str(tmp_path / "restored-media"),
                "VAR_DIR": str(tmp_path / "var"),
            },
            tmp_path / "backup",
        )
        assert result.returncode == 0, result.stderr
        with psycopg.connect(dbname=name, **params) as restored:
            for table, expected in installation.items():
                count = restored.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                assert count == expected, table
        _evidence_files_match(tmp_path / "restored-media")
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_restore_refuses_a_database_that_is_not_empty(installation, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(tmp_path / "backup"))
    assert ProgressReport.objects.count() == installation["reports_progressreport"]


def test_a_damaged_file_in_the_backup_is_found_before_anything_is_loaded(installation, tmp_path):
    call_command("backup", str(tmp_path / "backup"))
    damaged = next((tmp_path / "backup" / "media" / "evidence").iterdir())
    damaged.write_bytes(b"not what was saved")
    with pytest.raises(CommandError, match="Damaged or missing"):
        call_command("restore", str(tmp_path / "backup"), "--force")


def test_backup_refuses_a_folder_that_is_not_empty(installation, tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "manifest.json").write_text("{}")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "old"))
