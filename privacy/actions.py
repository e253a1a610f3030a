"""Data-protection actions: subject access, release of held-back material, corrections,
customers' statements and the retention schedule."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from access.models import Role, User
from audit.actions import record_event
from audit.models import Event
from cases.actions import add_chronology_entry
from cases.models import Case, ChronologyEntry
from decisions.models import Assessment, Decision
from incidents.models import Channel, Incident
from notifications.actions import notify
from notifications.models import Notification
from people.models import Person
from privacy.models import (
    Correction,
    CustomerStatement,
    HeldBackItem,
    RetentionSettings,
    SubjectAccessRequest,
)

# Facts that can be corrected (Art 16). Opinions (assessment, decision basis, an incident's
# narrative) are not rewritten: the customer's statement is kept beside them instead.
PERSON_FACTS = {
    "first_name": "First name",
    "last_name": "Last name",
    "date_of_birth": "Date of birth",
    "email": "Email",
    "phone": "Phone",
}
INCIDENT_FACTS = {
    "occurred_at": "When it happened",
    "channel": "How it happened (channel)",
    "location": "Where it happened",
    "colleague_at_work": "Colleague was at work",
}
EXPORT_FORMATS = ("pdf", "json", "zip")


def _enqueue_build(request: SubjectAccessRequest) -> None:
    from privacy.tasks import build_subject_access_export

    pk = request.pk
    transaction.on_commit(lambda: build_subject_access_export.enqueue(pk))


@transaction.atomic
def request_subject_access(*, person: Person, received_on: date, by: User) -> SubjectAccessRequest:
    """Start a subject access export; the background worker builds it (UK GDPR Art 15)."""
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "The date received must be today or in the past."})
    request = SubjectAccessRequest.objects.create(
        person=person, received_on=received_on, requested_by=by, requested_at=timezone.now()
    )
    record_event(
        subject=request,
        by=by,
        kind=Event.SUBJECT_ACCESS_REQUESTED,
        detail={"person": person.pk, "received_on": received_on.isoformat()},
    )
    _enqueue_build(request)
    return request


@transaction.atomic
def record_subject_access_built(
    *, request: SubjectAccessRequest, pdf: bytes, json_bytes: bytes, zip_bytes: bytes
) -> None:
    """Store the bundle, tell the requester it is ready. Called by the background task."""
    request.report_pdf, request.data_json, request.bundle_zip = pdf, json_bytes, zip_bytes
    request.status, request.progress = SubjectAccessRequest.Status.READY, 100
    request.built_at = timezone.now()
    request.save(
        update_fields=["report_pdf", "data_json", "bundle_zip", "status", "progress", "built_at"]
    )
    held = request.held_back.filter(released_at__isnull=True).count()
    record_event(
        subject=request,
        by=None,
        kind=Event.SUBJECT_ACCESS_BUILT,
        detail={"person": request.person_id, "held_back": held, "bytes": len(zip_bytes)},
    )
    notify(
        recipient=request.requested_by,
        kind=Notification.Kind.SUBJECT_ACCESS_READY,
        message=f"Subject access export {request.reference} is ready"
        + (f"; {held} item{'s' if held != 1 else ''} held back for your review." if held else "."),
        url=reverse("privacy:export", args=[request.pk]),
    )


@transaction.atomic
def record_subject_access_download(
    *, request: SubjectAccessRequest, file_format: str, by: User
) -> bytes:
    if not request.is_ready:
        raise ValidationError("This export is not ready to download.")
    if file_format not in EXPORT_FORMATS:
        raise ValidationError("Choose the PDF, the JSON data or the whole bundle.")
    column = {"pdf": "report_pdf", "json": "data_json", "zip": "bundle_zip"}[file_format]
    content = SubjectAccessRequest.objects.filter(pk=request.pk).values_list(column, flat=True)
    record_event(
        subject=request,
        by=by,
        kind=Event.SUBJECT_ACCESS_DOWNLOADED,
        detail={"person": request.person_id, "format": file_format},
    )
    return bytes(content.get() or b"")


@transaction.atomic
def release_held_back_item(*, item: HeldBackItem, reason: str, by: User) -> HeldBackItem:
    """A person decides held-back material can go to the customer; the bundle is rebuilt."""
    reason = reason.strip()
    if item.is_released:
        raise ValidationError("This item has already been released.")
    if not reason:
        raise ValidationError({"reason": "Say why this can now be released to the customer."})
    item.released_at, item.released_by, item.release_reason = timezone.now(), by, reason
    item.save(update_fields=["released_at", "released_by", "release_reason"])
    request = item.request
    request.status, request.progress = SubjectAccessRequest.Status.QUEUED, 0
    request.save(update_fields=["status", "progress"])
    record_event(
        subject=item,
        by=by,
        kind=Event.SUBJECT_ACCESS_ITEM_REVIEWED,
        detail={"request": request.pk, "kind": item.kind, "released": True},
    )
    _enqueue_build(request)
    return item


def _coerce(field: str, value: Any) -> str:
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field == "channel" and value:
        return str(Channel(value).label)
    return "" if value is None else str(value)


def _apply_corrections(
    row: Person | Incident, labels: dict[str, str], changes: dict[str, Any], reason: str, by: User
) -> list[Correction]:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the record was wrong and how you know."})
    unknown = set(changes) - set(labels)
    if unknown:
        raise ValidationError(f"These cannot be corrected here: {', '.join(sorted(unknown))}.")
    changed = {name: value for name, value in changes.items() if getattr(row, name) != value}
    if not changed:
        raise ValidationError("Nothing was changed: the record already says this.")
    now = timezone.now()
    corrections = []
    for name, value in changed.items():
        corrections.append(
            Correction(
                person=row if isinstance(row, Person) else None,
                incident=row if isinstance(row, Incident) else None,
                field=name,
                field_label=labels[name],
                old_value=_coerce(name, getattr(row, name)),
                new_value=_coerce(name, value),
                reason=reason,
                corrected_by=by,
                corrected_at=now,
            )
        )
        setattr(row, name, value)
    row.full_clean()
    row.save(update_fields=sorted(changed))
    saved = Correction.objects.bulk_create(corrections)
    # Field names and ids only: the values live in the Correction rows, which retention erases.
    record_event(
        subject=row,
        by=by,
        kind=Event.RECORD_CORRECTED,
        detail={"fields": sorted(changed), "corrections": [c.pk for c in saved]},
    )
    return saved


@transaction.atomic
def correct_person_details(
    *, person: Person, changes: dict[str, Any], reason: str, by: User
) -> list[Correction]:
    """Rectification (UK GDPR Art 16): the old value is kept in the correction history."""
    return _apply_corrections(person, PERSON_FACTS, changes, reason, by)


@transaction.atomic
def correct_incident_facts(
    *, incident: Incident, changes: dict[str, Any], reason: str, by: User
) -> list[Correction]:
    """Correct an incident's facts (when, where, how). Its narrative is the reporter's account
    and is not rewritten; a customer who disputes it adds a statement instead."""
    return _apply_corrections(incident, INCIDENT_FACTS, changes, reason, by)


Opinion = Assessment | Decision | Incident


def _opinion_case(opinion: Opinion) -> Case:
    case = opinion.case
    if case is None:
        raise ValidationError("This incident is not on a case, so a statement cannot be added.")
    return case


@transaction.atomic
def add_customer_statement(
    *, opinion: Opinion, text: str, received_on: date, by: User
) -> CustomerStatement:
    """Keep the customer's statement beside an opinion they dispute; it is shown wherever
    the opinion is (case, decision, letters, subject access export)."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the customer's statement in their own words."})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "The date received must be today or in the past."})
    case = _opinion_case(opinion)
    statement = CustomerStatement(
        person=case.person,
        case=case,
        text=text,
        received_on=received_on,
        recorded_by=by,
        recorded_at=timezone.now(),
        **{type(opinion).__name__.lower(): opinion},
    )
    statement.full_clean()
    statement.save()
    add_chronology_entry(
        case=case,
        kind=ChronologyEntry.Kind.STATEMENT,
        summary=f"Customer's statement added: {statement.opinion_label}",
        by=by,
    )
    record_event(
        subject=statement,
        by=by,
        kind=Event.STATEMENT_ADDED,
        detail={"case": case.pk, "opinion": opinion._meta.label_lower, "opinion_id": opinion.pk},
    )
    return statement


@transaction.atomic
def change_retention_schedule(
    *, case_closed_years: int, lifted_measure_years: int, contact_event_years: int, by: User
) -> RetentionSettings:
    if by.role != Role.HEAD_OF_SERVICE:
        raise ValidationError("Only the Head of Customer and Community Support changes this.")
    settings_row = RetentionSettings.current()
    new = {
        "case_closed_years": case_closed_years,
        "lifted_measure_years": lifted_measure_years,
        "contact_event_years": contact_event_years,
    }
    changed = {
        k: [getattr(settings_row, k), v] for k, v in new.items() if getattr(settings_row, k) != v
    }
    for key, value in new.items():
        setattr(settings_row, key, value)
    settings_row.updated_by, settings_row.updated_at = by, timezone.now()
    settings_row.full_clean()
    settings_row.save()
    record_event(
        subject=settings_row,
        by=by,
        kind=Event.RETENTION_SETTINGS_CHANGED,
        detail={"changed": changed},
    )
    return settings_row
