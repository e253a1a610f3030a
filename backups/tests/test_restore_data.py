import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from backups.manifest import CASEWORK_TABLES, Manifest, count_rows
from backups.tests.conftest import PNG, EmptyDatabase
from incidents.models import Evidence, Incident
from people.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


def back_up(tmp_path: Path) -> Path:
    call_command("backup_data", "--to", str(tmp_path / "backups"), stdout=io.StringIO())
    (folder,) = (tmp_path / "backups").iterdir()
    return folder


def live_row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return count_rows(cursor, connection.vendor)


def test_restore_into_an_empty_database_finds_every_record(
    casework: Incident, tmp_path: Path, empty_database: EmptyDatabase
) -> None:
    folder = back_up(tmp_path)
    evidence_dir = tmp_path / "restored-evidence"
    migrated = empty_database.manage("migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr

    restored = empty_database.manage(
        "restore_data", str(folder), "--evidence-dir", str(evidence_dir)
    )

    assert restored.returncode == 0, restored.stderr
    assert "Every table and evidence file matches the backup." in restored.stdout
    counts = empty_database.row_counts()
    assert counts == Manifest.read(folder).tables == live_row_counts()
    for table in CASEWORK_TABLES:
        assert counts[table] > 0
        ids = empty_database.query(f"SELECT id FROM {table} ORDER BY id")  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM {table} ORDER BY id")
            assert ids == [tuple(row) for row in cursor.fetchall()]
    evidence = Evidence.objects.get(incident=casework)
    assert (evidence_dir / evidence.stored_name).read_bytes() == PNG


def test_restore_refuses_a_database_that_already_holds_casework(
    casework: Incident, tmp_path: Path
) -> None:
    folder = back_up(tmp_path)
    before = live_row_counts()

    with pytest.raises(CommandError, match="already holds casework") as refused:
        call_command(
            "restore_data",
            str(folder),
            "--evidence-dir",
            str(tmp_path / "evidence"),
            stdout=io.StringIO(),
        )

    assert "--force" in str(refused.value)
    assert live_row_counts() == before
    assert not (tmp_path / "evidence").exists()


def test_restore_fails_when_an_evidence_file_differs_from_the_backup(
    casework: Incident, tmp_path: Path, empty_database: EmptyDatabase
) -> None:
    folder = back_up(tmp_path)
    evidence = Evidence.objects.get(incident=casework)
    (folder / "evidence" / evidence.stored_name).write_bytes(PNG + b"altered")

    restored = empty_database.manage(
        "restore_data", str(folder), "--evidence-dir", str(tmp_path / "restored-evidence")
    )

    assert restored.returncode != 0
    assert f"evidence {evidence.stored_name}: sha256 differs" in restored.stderr
    assert Person.objects.count() == 2


def test_restore_names_a_folder_that_is_not_a_backup(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No manifest.json"):
        call_command("restore_data", str(tmp_path), stdout=io.StringIO())
