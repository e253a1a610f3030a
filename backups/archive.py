"""Back up and restore the database and the evidence files, for SQLite and PostgreSQL.

SQLite is copied with its online backup API, which is safe while the app is writing;
copying the file itself while it is open can give a torn, unusable copy. PostgreSQL is
dumped with pg_dump from the same snapshot the manifest's row counts are taken in.
"""

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import CommandError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from backups.manifest import (
    CASEWORK_TABLES,
    EVIDENCE_FOLDER,
    MANIFEST_NAME,
    Comparison,
    Manifest,
    compare,
    count_rows,
    hash_folder,
)

SQLITE_FILE = "database.sqlite3"
POSTGRESQL_FILE = "database.dump"
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


@dataclass(frozen=True)
class Backup:
    folder: Path
    manifest_path: Path
    manifest: Manifest


def default_evidence_dir() -> Path:
    storage = storages["evidence"]
    if not isinstance(storage, FileSystemStorage):
        raise CommandError("Evidence is not stored on this file system: pass --evidence-dir.")
    return Path(storage.location)


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise CommandError(
            f"{name} was not found on the PATH. Install the PostgreSQL client tools "
            f"(the same major version as the server) and try again."
        )
    return path


def _vendor(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in ENGINE_NAMES:
        raise CommandError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def back_up(*, connection: BaseDatabaseWrapper, to: Path, evidence_dir: Path) -> Backup:
    vendor = _vendor(connection)
    folder = _new_folder(to)
    if vendor == "sqlite":
        tables = _dump_sqlite(connection, folder / SQLITE_FILE)
        database_file = SQLITE_FILE
    else:
        tables = _dump_postgresql(connection, folder / POSTGRESQL_FILE)
        database_file = POSTGRESQL_FILE
    # After the database: every evidence row in the dump already has its file on disk.
    copied = folder / EVIDENCE_FOLDER
    if evidence_dir.is_dir():
        shutil.copytree(evidence_dir, copied)
    else:
        copied.mkdir()
    manifest = Manifest(
        created_at=timezone.now().isoformat(),
        vendor=vendor,
        database_file=database_file,
        tables=tables,
        evidence=hash_folder(copied),
    )
    return Backup(folder=folder, manifest_path=manifest.write(folder), manifest=manifest)


def _new_folder(parent: Path) -> Path:
    parent.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    for attempt in range(1, 100):
        folder = parent / (f"safecontact-{stamp}" + (f"-{attempt}" if attempt > 1 else ""))
        try:
            # Backups hold everything the case files hold: readable by the owner only.
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue
        return folder
    raise CommandError(f"Could not make a new backup folder in {parent}.")


def _dump_sqlite(connection: BaseDatabaseWrapper, path: Path) -> dict[str, int]:
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
        # One self-contained file, with no write-ahead log beside it.
        target.execute("PRAGMA journal_mode=DELETE")
        return count_rows(target.cursor(), "sqlite")
    finally:
        target.close()


def _postgresql_settings(connection: BaseDatabaseWrapper) -> tuple[dict[str, str], dict[str, str]]:
    """Connection keywords for psycopg, and the same as libpq variables for the tools."""
    settings_dict: dict[str, Any] = connection.settings_dict
    keywords = {
        "dbname": settings_dict.get("NAME") or "",
        "user": settings_dict.get("USER") or "",
        "password": settings_dict.get("PASSWORD") or "",
        "host": settings_dict.get("HOST") or "",
        "port": str(settings_dict.get("PORT") or ""),
        "sslmode": (settings_dict.get("OPTIONS") or {}).get("sslmode") or "",
    }
    keywords = {key: value for key, value in keywords.items() if value}
    # The password goes in the environment, never on a command line others can list.
    names = {
        "dbname": "PGDATABASE",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "host": "PGHOST",
        "port": "PGPORT",
        "sslmode": "PGSSLMODE",
    }
    environment = {**os.environ, **{names[key]: value for key, value in keywords.items()}}
    return keywords, environment


def _dump_postgresql(connection: BaseDatabaseWrapper, path: Path) -> dict[str, int]:
    pg_dump = require_tool("pg_dump")
    keywords, environment = _postgresql_settings(connection)
    with psycopg.connect(**keywords) as snapshot_holder:  # type: ignore[arg-type]
        snapshot_holder.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with snapshot_holder.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            row = cursor.fetchone()
            assert row is not None
            tables = count_rows(cursor, "postgresql")
            _run(
                [
                    pg_dump,
                    "--format=custom",
                    f"--snapshot={row[0]}",
                    "--no-password",
                    f"--file={path}",
                ],
                environment,
            )
        snapshot_holder.rollback()
    return tables


def _run(command: list[str], environment: dict[str, str]) -> None:
    # The command is pg_dump or pg_restore found on the PATH, with arguments we build.
    result = subprocess.run(  # noqa: S603
        command, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise CommandError(
            f"{Path(command[0]).name} failed (exit {result.returncode}): {result.stderr.strip()}"
        )


def open_backup(path: Path) -> tuple[Path, Manifest]:
    folder = path.parent if path.name == MANIFEST_NAME else path
    if not (folder / MANIFEST_NAME).is_file():
        raise CommandError(f"No {MANIFEST_NAME} in {folder}: give a folder written by backup_data.")
    return folder, Manifest.read(folder)


def casework_rows(connection: BaseDatabaseWrapper) -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = count_rows(cursor, _vendor(connection), only=CASEWORK_TABLES)
    return {table: count for table, count in counts.items() if count}


def restore(
    *,
    connection: BaseDatabaseWrapper,
    folder: Path,
    manifest: Manifest,
    evidence_dir: Path,
    force: bool,
) -> Comparison:
    vendor = _vendor(connection)
    if manifest.vendor != vendor:
        raise CommandError(
            f"This is a backup of a {ENGINE_NAMES.get(manifest.vendor, manifest.vendor)} "
            f"database; the configured database is {ENGINE_NAMES[vendor]}."
        )
    held = casework_rows(connection)
    if held and not force:
        listed = ", ".join(f"{table}: {count}" for table, count in held.items())
        raise CommandError(
            f"The configured database already holds casework ({listed}). Restore only into "
            f"an empty database, or pass --force to replace what it holds."
        )
    if vendor == "sqlite":
        _restore_sqlite(connection, folder / manifest.database_file)
    else:
        _restore_postgresql(connection, folder / manifest.database_file)
    _restore_evidence(folder / EVIDENCE_FOLDER, evidence_dir)
    with connection.cursor() as cursor:
        tables = count_rows(cursor, vendor)
    return compare(manifest=manifest, tables=tables, evidence_dir=evidence_dir)


def _restore_sqlite(connection: BaseDatabaseWrapper, path: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_postgresql(connection: BaseDatabaseWrapper, path: Path) -> None:
    pg_restore = require_tool("pg_restore")
    keywords, environment = _postgresql_settings(connection)
    # Nothing of ours may hold a lock on a table pg_restore is about to drop.
    connection.close()
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--exit-on-error",
            "--no-password",
            f"--dbname={keywords.get('dbname', '')}",
            str(path),
        ],
        environment,
    )


def _restore_evidence(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)
