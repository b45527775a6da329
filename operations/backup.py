"""A backup is a folder: the database (pg_dump's custom format, or a SQLite copy made with the
online backup API), the MEDIA_ROOT files, and manifest.json with the row count of every table
and the SHA-256 of every file. Restore checks the manifest before and after loading."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

MANIFEST = "manifest.json"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media"
FORMAT_VERSION = 1


class BackupError(Exception):
    """Something that stops a backup or a restore, said in words for the operator."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def model_tables() -> list[str]:
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    return sorted(tables)


def _count_rows(cursor, tables, quote) -> dict[str, int]:
    existing = set(connection.introspection.table_names(cursor))
    counts = {}
    for table in tables:
        if table in existing:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _postgres_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[name] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]  # through the environment, never the command line
    env["PGDATABASE"] = db["NAME"]
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def database_backup(dest: Path) -> tuple[str, dict[str, int]]:
    """Writes the database into dest and returns (file name, row counts of that same copy)."""
    tables = model_tables()
    if _is_postgres():
        # The counts and pg_dump read one snapshot, so the manifest describes the dump exactly
        # even while the application keeps writing.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _count_rows(cursor, tables, connection.ops.quote_name)
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={dest / POSTGRES_DUMP}",
                ],
                _postgres_env(),
            )
        return POSTGRES_DUMP, counts
    connection.ensure_connection()
    target = sqlite3.connect(dest / SQLITE_COPY)
    try:
        connection.connection.backup(target)
        cursor = target.cursor()
        counts = {}
        existing = {
            row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        for table in tables:
            if table in existing:
                counts[table] = cursor.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
    finally:
        target.close()
    return SQLITE_COPY, counts


def media_backup(dest: Path) -> dict[str, dict]:
    source = Path(settings.MEDIA_ROOT)
    files = {}
    if not source.exists():
        return files
    for path in sorted(source.rglob("*")):
        if path.is_file():
            relative = path.relative_to(source).as_posix()
            target = dest / MEDIA / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            files[relative] = {"sha256": sha256(target), "size": target.stat().st_size}
    return files


@dataclass
class BackupResult:
    dest: Path
    manifest: dict


def backup(dest: Path) -> BackupResult:
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"{dest} is not empty: give a new folder for each backup.")
    dest.mkdir(parents=True, exist_ok=True)
    database_file, counts = database_backup(dest)
    files = media_backup(dest)
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "engine": connection.vendor,
        "database_file": database_file,
        "database_sha256": sha256(dest / database_file),
        "row_counts": counts,
        "media_files": files,
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return BackupResult(dest=dest, manifest=manifest)


def manifest_check(source: Path) -> dict:
    """The manifest, once every file of the backup matches its checksum."""
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except FileNotFoundError as exc:
        raise BackupError(f"{source} has no {MANIFEST}: it is not a backup.") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"The backup is of a {manifest['engine']} database; this installation uses "
            f"{connection.vendor}."
        )
    damaged = []
    if sha256(source / manifest["database_file"]) != manifest["database_sha256"]:
        damaged.append(manifest["database_file"])
    for relative, entry in manifest["media_files"].items():
        path = source / MEDIA / relative
        if not path.is_file() or sha256(path) != entry["sha256"]:
            damaged.append(f"{MEDIA}/{relative}")
    if damaged:
        raise BackupError("Damaged or missing in the backup: " + ", ".join(damaged[:20]))
    return manifest


def database_rows() -> int:
    """Rows in the application's tables now (0 for an empty database)."""
    with connection.cursor() as cursor:
        counts = _count_rows(cursor, model_tables(), connection.ops.quote_name)
    return sum(counts.values())


def restore(source: Path, *, force: bool = False) -> dict:
    source = Path(source)
    manifest = manifest_check(source)
    if database_rows() and not force:
        raise BackupError(
            "The database is not empty. Restore into a new, empty database, or give --force to "
            "replace everything in this one."
        )
    database_file = source / manifest["database_file"]
    if _is_postgres():
        command = [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={settings.DATABASES['default']['NAME']}",
        ]
        if force:
            command += ["--clean", "--if-exists"]
        connection.close()
        _run([*command, str(database_file)], _postgres_env())
    else:
        connection.ensure_connection()
        backup_copy = sqlite3.connect(database_file)
        try:
            backup_copy.backup(connection.connection)
        finally:
            backup_copy.close()
    media_root = Path(settings.MEDIA_ROOT)
    for relative in manifest["media_files"]:
        target = media_root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / MEDIA / relative, target)
    with connection.cursor() as cursor:
        counts = _count_rows(cursor, list(manifest["row_counts"]), connection.ops.quote_name)
    different = {
        table: (expected, counts.get(table))
        for table, expected in manifest["row_counts"].items()
        if counts.get(table) != expected
    }
    if different:
        raise BackupError(f"Restored rows differ from the manifest: {different}")
    return manifest
