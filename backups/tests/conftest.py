"""Casework with an evidence file, and a fresh empty database on the same engine to restore into."""

import os
import secrets
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from access.models import User
from backups.manifest import count_rows
from conftest import World, simple_report
from incidents.actions import report_incident
from incidents.evidence import check_evidence_file
from incidents.models import Incident

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


@pytest.fixture
def casework(world: World, personas: dict[str, User]) -> Incident:
    """The world's two cases plus an incident with a photo attached as evidence."""
    upload = SimpleUploadedFile("stairwell.png", PNG, content_type="image/png")
    return report_incident(
        report=simple_report(
            person=world.north_person,
            colleague=personas["frontline"],
            evidence=[check_evidence_file(upload)],
        ),
        by=personas["frontline"],
    )


@dataclass
class EmptyDatabase:
    """A database nobody has written to, on the engine the suite runs on."""

    vendor: str
    url: str
    sqlite_path: Path | None = None
    postgresql: dict[str, Any] | None = None

    def manage(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        environment = {
            **os.environ,
            "DATABASE_URL": self.url,
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
        }
        # System checks have tests of their own; here only the command under test may fail.
        return subprocess.run(
            [sys.executable, "manage.py", *arguments, "--skip-checks"],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.sqlite_path is not None:
            with sqlite3.connect(self.sqlite_path) as database:
                return database.execute(sql).fetchall()
        with psycopg.connect(**self.postgresql) as database:  # type: ignore[arg-type]
            return database.execute(sql).fetchall()  # type: ignore[arg-type]

    def row_counts(self) -> dict[str, int]:
        if self.sqlite_path is not None:
            with sqlite3.connect(self.sqlite_path) as database:
                return count_rows(database.cursor(), "sqlite")
        with psycopg.connect(**self.postgresql) as database:  # type: ignore[arg-type]
            return count_rows(database.cursor(), "postgresql")


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[EmptyDatabase]:
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield EmptyDatabase(vendor="sqlite", url=f"sqlite:///{path}", sqlite_path=path)
        return
    current = connection.settings_dict
    name = f"test_restore_{secrets.token_hex(6)}"
    keywords = {
        "user": current["USER"] or None,
        "password": current["PASSWORD"] or None,
        "host": current["HOST"] or None,
        "port": current["PORT"] or None,
    }
    keywords = {key: value for key, value in keywords.items() if value}
    server = {**keywords, "dbname": "postgres", "autocommit": True}
    with psycopg.connect(**server) as admin:  # type: ignore[arg-type]
        admin.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    credentials = quote(str(keywords.get("user", "")))
    if keywords.get("password"):
        credentials += ":" + quote(str(keywords["password"]))
    url = (
        f"postgres://{credentials}@{keywords.get('host', '127.0.0.1')}:"
        f"{keywords.get('port', 5432)}/{name}"
    )
    try:
        yield EmptyDatabase(vendor="postgresql", url=url, postgresql={**keywords, "dbname": name})
    finally:
        with psycopg.connect(**server) as admin:  # type: ignore[arg-type]
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def own_evidence_store(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Each backup test has an evidence store of its own, so other tests' files don't count."""
    location = tmp_path_factory.mktemp("evidence-store")
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    return location
