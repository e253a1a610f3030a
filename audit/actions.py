from typing import Any

from django.db import models

from audit.context import current_origin
from audit.models import AuditEvent, Event


def record_event(
    *, subject: models.Model | str, by: Any, kind: Event, detail: dict[str, Any] | None = None
) -> AuditEvent:
    """Write one audit row. Call inside the transaction of the change it records.

    `subject` is the row changed or read, or a label for work on many rows ("people.import").
    """
    event = _event(subject=subject, by=by, kind=kind, detail=detail)
    event.save()
    return event


def record_events(
    *, by: Any, kind: Event, events: list[tuple[models.Model | str, dict[str, Any]]]
) -> list[AuditEvent]:
    """Write one audit row for each (subject, detail), in one statement: as `record_event`,
    for changes made many at a time (the breaches a batch of contacts brings)."""
    return AuditEvent.objects.bulk_create(
        [_event(subject=subject, by=by, kind=kind, detail=detail) for subject, detail in events]
    )


def _event(
    *, subject: models.Model | str, by: Any, kind: Event, detail: dict[str, Any] | None
) -> AuditEvent:
    if isinstance(subject, str):
        object_type, object_id = subject, ""
    else:
        object_type, object_id = subject._meta.label_lower, str(subject.pk)
    origin = current_origin.get()
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    return AuditEvent(
        actor=actor,
        actor_role=getattr(actor, "role", "") if actor else "system",
        kind=kind,
        object_type=object_type,
        object_id=object_id,
        ip_address=origin.ip_address if origin else None,
        path=origin.path if origin else "",
        detail=detail or {},
    )


def record_read(*, subject: models.Model, by: Any, kind: Event) -> AuditEvent:
    """Reads of narrative, evidence and vulnerability data are logged (brief point 9)."""
    return record_event(subject=subject, by=by, kind=kind)
