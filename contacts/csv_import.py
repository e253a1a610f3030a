"""The contact centre's CSV export, imported with the same row rules as the bulk endpoint.

Rows go in chunks, each in its own transaction, so progress shows on screen and a bad row
never stops the rest. Line numbers are as a spreadsheet shows them (the header is line 1).
Importing the same file again adds nothing: events are stored once per (source, event id).
"""

import csv
import io
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audit.actions import record_event
from audit.models import Event
from contacts.ingest import take_in
from contacts.models import ContactImport
from notifications.actions import notify
from notifications.models import Notification

REQUIRED_COLUMNS = [
    "event_id",
    "person_reference",
    "occurred_at",
    "channel",
    "direction",
    "subject",
]
OPTIONAL_COLUMNS = ["handled_by", "asked_for", "reference", "summary", "safety_issue"]
CHUNK = 10_000
# Files with more rows than this are imported by the background worker.
BACKGROUND_FROM = 2000


def read_csv(text: str) -> tuple[list[tuple[int, dict[str, Any]]], str | None]:
    """(line number and row, for each row; a problem with the header row, if any)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        return [], f"the header row lacks the column(s): {', '.join(missing)}"
    reader.fieldnames = header
    rows = []
    for row in reader:
        rows.append((reader.line_num, row))
    return rows, None


def count_rows(text: str) -> int:
    rows, _problem = read_csv(text)
    return len(rows)


def run_import(import_id: int) -> dict[str, Any]:
    """Import a recorded file, chunk by chunk; safe to run twice (stored rows are skipped)."""
    contact_import = ContactImport.objects.select_related("started_by").get(pk=import_id)
    if contact_import.is_done:
        return {"status": contact_import.status}
    rows, problem = read_csv(contact_import.content)
    _begin(contact_import, total=len(rows), problem=problem)
    try:
        for start in range(0, len(rows), CHUNK):
            _import_chunk(contact_import, rows[start : start + CHUNK])
    except Exception:
        _finish(contact_import, status=ContactImport.Status.FAILED)
        raise
    _finish(contact_import, status=ContactImport.Status.FINISHED)
    return {"status": contact_import.status, "created": contact_import.created}


def _begin(contact_import: ContactImport, *, total: int, problem: str | None) -> None:
    contact_import.status = ContactImport.Status.RUNNING
    contact_import.total_rows = total
    if problem:
        contact_import.errors = [[1, problem]]
    contact_import.save(update_fields=["status", "total_rows", "errors"])


@transaction.atomic
def _import_chunk(contact_import: ContactImport, chunk: list[tuple[int, dict[str, Any]]]) -> None:
    result = take_in(
        rows=[row for _line, row in chunk],
        source=contact_import.source,
        by=contact_import.started_by,
    )
    contact_import.processed_rows += len(chunk)
    contact_import.created += result.created
    contact_import.duplicates += result.duplicates
    contact_import.breaches += result.breaches
    contact_import.errors = [
        *contact_import.errors,
        *([chunk[e.index][0], e.message] for e in result.errors),
    ]
    contact_import.save(
        update_fields=["processed_rows", "created", "duplicates", "breaches", "errors"]
    )


@transaction.atomic
def _finish(contact_import: ContactImport, *, status: str) -> None:
    contact_import.status = status
    contact_import.finished_at = timezone.now()
    # The rows are in the contact log now; the file itself is not kept (data minimisation).
    contact_import.content = ""
    contact_import.save(update_fields=["status", "finished_at", "content"])
    record_event(
        subject=contact_import,
        by=contact_import.started_by,
        kind=Event.CONTACTS_IMPORTED,
        detail={
            "status": status,
            "source": contact_import.source,
            "rows": contact_import.total_rows,
            "created": contact_import.created,
            "duplicates": contact_import.duplicates,
            "errors": len(contact_import.errors),
            "breaches": contact_import.breaches,
        },
    )
    if contact_import.total_rows > BACKGROUND_FROM:
        outcome = "finished" if status == ContactImport.Status.FINISHED else "failed"
        notify(
            recipient=contact_import.started_by,
            kind=Notification.Kind.IMPORT_FINISHED,
            message=(
                f"The contact import of {contact_import.file_name} {outcome}: "
                f"{contact_import.created} contacts added, {len(contact_import.errors)} rows "
                "not imported."
            )[:300],
            url=reverse("contacts:import_progress", args=[contact_import.pk]),
        )
