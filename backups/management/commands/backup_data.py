from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections

from backups.archive import back_up, default_evidence_dir


class Command(BaseCommand):
    help = (
        "Back up the configured database and the evidence files into a new timestamped "
        "folder, with a manifest of row counts and evidence sha256s."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--to",
            type=Path,
            default=None,
            help="Folder to write the backup folder into (default: var/backups).",
        )
        parser.add_argument(
            "--evidence-dir",
            type=Path,
            default=None,
            help="Where the evidence files are (default: the evidence storage's location).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        to: Path = options["to"] or Path(settings.VAR_DIR) / "backups"
        evidence_dir: Path = options["evidence_dir"] or default_evidence_dir()
        backup = back_up(connection=connections["default"], to=to, evidence_dir=evidence_dir)
        manifest = backup.manifest
        self.stdout.write(f"Backup written to {backup.folder}")
        self.stdout.write(f"  database: {backup.folder / manifest.database_file}")
        self.stdout.write(
            f"  {len(manifest.tables)} tables, {sum(manifest.tables.values())} rows; "
            f"{len(manifest.evidence)} evidence files"
        )
        self.stdout.write(f"  manifest: {backup.manifest_path}")
