import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from backups.archive import require_tool
from backups.manifest import Manifest
from backups.tests.conftest import PNG
from cases.models import Case
from incidents.models import Evidence, Incident
from people.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_writes_the_database_the_evidence_and_a_manifest(
    casework: Incident, tmp_path: Path
) -> None:
    out = io.StringIO()
    call_command("backup_data", "--to", str(tmp_path), stdout=out)

    (folder,) = tmp_path.iterdir()
    assert folder.name.startswith("safecontact-")
    assert f"Backup written to {folder}" in out.getvalue()
    assert str(folder / "manifest.json") in out.getvalue()
    manifest = Manifest.read(folder)
    assert (folder / manifest.database_file).is_file()
    assert manifest.tables["people_person"] == Person.objects.count() == 2
    assert manifest.tables["incidents_incident"] == Incident.objects.count() == 3
    assert manifest.tables["cases_case"] == Case.objects.count()
    evidence = Evidence.objects.get(incident=casework)
    assert manifest.evidence == {evidence.stored_name: evidence.sha256}
    assert (folder / "evidence" / evidence.stored_name).read_bytes() == PNG


def test_the_backup_folder_is_readable_by_its_owner_only(
    casework: Incident, tmp_path: Path
) -> None:
    call_command("backup_data", "--to", str(tmp_path), stdout=io.StringIO())

    (folder,) = tmp_path.iterdir()
    assert folder.stat().st_mode & 0o077 == 0


def test_two_backups_in_the_same_second_get_separate_folders(
    casework: Incident, tmp_path: Path
) -> None:
    call_command("backup_data", "--to", str(tmp_path), stdout=io.StringIO())
    call_command("backup_data", "--to", str(tmp_path), stdout=io.StringIO())

    assert len(list(tmp_path.iterdir())) == 2


def test_a_missing_postgresql_tool_stops_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)

    with pytest.raises(CommandError, match="pg_dump was not found on the PATH"):
        require_tool("pg_dump")
