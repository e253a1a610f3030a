from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from backups.archive import default_evidence_dir, open_backup, restore


class Command(BaseCommand):
    help = (
        "Restore a folder written by backup_data into the configured database and the "
        "evidence storage, then check row counts and evidence sha256s against its manifest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The backup folder (or its manifest.json).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace what the configured database holds even if it is not empty.",
        )
        parser.add_argument(
            "--evidence-dir",
            type=Path,
            default=None,
            help="Where to put the evidence files (default: the evidence storage's location).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder, manifest = open_backup(options["path"])
        evidence_dir: Path = options["evidence_dir"] or default_evidence_dir()
        comparison = restore(
            connection=connections["default"],
            folder=folder,
            manifest=manifest,
            evidence_dir=evidence_dir,
            force=options["force"],
        )
        self.stdout.write(f"Restored {folder} (backed up {manifest.created_at})")
        self.stdout.write(f"{'table':<48} {'backup':>9} {'restored':>9}")
        for line in comparison.lines:
            self.stdout.write(line)
        if comparison.differences:
            raise CommandError(
                "The restore does not match the backup:\n  " + "\n  ".join(comparison.differences)
            )
        self.stdout.write("Every table and evidence file matches the backup.")
