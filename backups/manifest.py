"""What a backup holds, saved beside it as JSON and checked again after every restore."""

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

MANIFEST_NAME = "manifest.json"
EVIDENCE_FOLDER = "evidence"

# Rows in any of these mean the database holds casework that a restore would overwrite.
CASEWORK_TABLES = ("people_person", "incidents_incident", "cases_case", "audit_auditevent")


def quote_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_names(cursor: Any, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    else:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        )
    return [row[0] for row in cursor.fetchall()]


def count_rows(cursor: Any, vendor: str, only: tuple[str, ...] | None = None) -> dict[str, int]:
    """Rows per table; a table named in `only` that does not exist yet is left out."""
    counts: dict[str, int] = {}
    for table in table_names(cursor, vendor):
        if only is not None and table not in only:
            continue
        # The name comes from the database's own catalogue, quoted, never from input.
        cursor.execute(f"SELECT COUNT(*) FROM {quote_name(table)}")  # noqa: S608
        counts[table] = int(cursor.fetchone()[0])
    return counts


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def hash_folder(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder`, keyed by its path relative to the folder."""
    if not folder.is_dir():
        return {}
    return {
        path.relative_to(folder).as_posix(): hash_file(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@dataclass(frozen=True)
class Manifest:
    created_at: str
    vendor: str
    database_file: str
    tables: dict[str, int]
    evidence: dict[str, str]

    def write(self, folder: Path) -> Path:
        path = folder / MANIFEST_NAME
        path.write_text(json.dumps(asdict(self), indent=2, sort_keys=True) + "\n")
        return path

    @classmethod
    def read(cls, folder: Path) -> "Manifest":
        data = json.loads((folder / MANIFEST_NAME).read_text())
        return cls(
            created_at=str(data["created_at"]),
            vendor=str(data["vendor"]),
            database_file=str(data["database_file"]),
            tables={str(k): int(v) for k, v in data["tables"].items()},
            evidence={str(k): str(v) for k, v in data["evidence"].items()},
        )


@dataclass(frozen=True)
class Comparison:
    lines: list[str]
    differences: list[str]


def compare(*, manifest: Manifest, tables: dict[str, int], evidence_dir: Path) -> Comparison:
    """Row counts and evidence sha256s after a restore, against what the backup recorded."""
    lines: list[str] = []
    differences: list[str] = []
    for table in sorted(set(manifest.tables) | set(tables)):
        expected, actual = manifest.tables.get(table), tables.get(table)
        same = expected == actual
        lines.append(f"{table:<48} {_show(expected):>9} {_show(actual):>9}  {_verdict(same)}")
        if not same:
            differences.append(f"{table}: {_show(expected)} in the backup, {_show(actual)} now")
    for name, sha256 in sorted(manifest.evidence.items()):
        path = evidence_dir / name
        if not path.is_file():
            differences.append(f"evidence {name}: missing after restore")
        elif hash_file(path) != sha256:
            differences.append(f"evidence {name}: sha256 differs from the backup")
    matching = len(manifest.evidence) - sum(d.startswith("evidence ") for d in differences)
    lines.append(
        f"evidence files: {len(manifest.evidence)} in the backup, "
        f"{matching} restored with matching sha256"
    )
    return Comparison(lines=lines, differences=differences)


def _show(count: int | None) -> str:
    return "absent" if count is None else str(count)


def _verdict(same: bool) -> str:
    return "ok" if same else "DIFFERS"
