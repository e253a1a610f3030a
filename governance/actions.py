"""Governance actions: equality monitoring details, board packs, the policy's versions and its
annual monitoring. Each writes its audit row in the same transaction."""

import hashlib
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from access.models import User
from audit.actions import record_event
from audit.models import Event
from governance.models import (
    BoardPack,
    Disability,
    EqualityProfile,
    Ethnicity,
    PolicyMonitoring,
    PolicyVersion,
    Sex,
)
from governance.periods import Period
from notifications.actions import notify
from notifications.models import Notification
from people.models import Person

DOCUMENT_MAX_BYTES = 10 * 1024 * 1024


@transaction.atomic
def record_equality_details(
    *, person: Person, sex: str, ethnicity: str, disability: str, by: User
) -> EqualityProfile:
    """Record what the person told us. Empty means not asked or not answered.

    Special category data (UK GDPR Art 9(2)(g), DPA 2018 Sch 1 para 8, equality of
    opportunity): the audit row says it was recorded, never what was recorded.
    """
    errors = {
        field: f"Choose an answer about {field} that is on the list, or leave it empty."
        for field, value, choices in (
            ("sex", sex, Sex.values),
            ("ethnicity", ethnicity, Ethnicity.values),
            ("disability", disability, Disability.values),
        )
        if value and value not in choices
    }
    if errors:
        raise ValidationError(errors)
    group = Ethnicity(ethnicity).group if ethnicity else ""
    profile, created = EqualityProfile.objects.update_or_create(
        person=person,
        defaults={
            "sex": sex,
            "ethnicity": ethnicity,
            "ethnic_group": group,
            "disability": disability,
            "recorded_on": timezone.localdate(),
            "recorded_by": by,
            "updated_at": timezone.now(),
        },
    )
    record_event(
        subject=profile,
        by=by,
        kind=Event.EQUALITY_RECORDED,
        detail={"person": person.pk, "created": created},
    )
    return profile


@transaction.atomic
def request_board_pack(*, period: Period, by: User) -> BoardPack:
    """Queue a board pack; the background worker builds it once this has committed."""
    from governance.tasks import build_board_pack

    pack = BoardPack.objects.create(
        label=period.label,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        requested_by=by,
        requested_at=timezone.now(),
        step="Waiting for the background worker",
    )
    record_event(
        subject=pack,
        by=by,
        kind=Event.BOARD_PACK_REQUESTED,
        detail={"starts_on": period.starts_on.isoformat(), "ends_on": period.ends_on.isoformat()},
    )
    transaction.on_commit(lambda: build_board_pack.enqueue(pack.pk))
    return pack


def report_board_pack_progress(*, pack: BoardPack, progress: int, step: str) -> None:
    """Written outside the build's own work, so the page polling it sees each step."""
    BoardPack.objects.filter(pk=pack.pk).update(
        status=BoardPack.Status.BUILDING, progress=progress, step=step[:200]
    )


@transaction.atomic
def store_board_pack(*, pack: BoardPack, pdf: bytes, csv_zip: bytes, seconds: float) -> None:
    """Keep the built files, then tell the colleague who asked for them."""
    pack.pdf, pack.csv_zip = pdf, csv_zip
    pack.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    pack.csv_zip_sha256 = hashlib.sha256(csv_zip).hexdigest()
    pack.status, pack.progress, pack.step = BoardPack.Status.READY, 100, "Ready"
    pack.built_at, pack.build_seconds = timezone.now(), seconds
    pack.save()
    record_event(
        subject=pack,
        by=None,
        kind=Event.BOARD_PACK_BUILT,
        detail={"pdf_sha256": pack.pdf_sha256, "csv_zip_sha256": pack.csv_zip_sha256},
    )
    notify(
        recipient=pack.requested_by,
        kind=Notification.Kind.BOARD_PACK_READY,
        message=f"The board pack for {pack.label} ({pack.reference}) is ready to download.",
        url=reverse("governance:board_pack", args=[pack.pk]),
    )


@transaction.atomic
def fail_board_pack(*, pack: BoardPack, reason: str) -> None:
    BoardPack.objects.filter(pk=pack.pk).update(
        status=BoardPack.Status.FAILED, step="Could not be built", failure=reason[:300]
    )


@transaction.atomic
def record_board_pack_download(*, pack: BoardPack, kind: str, by: User) -> None:
    record_event(subject=pack, by=by, kind=Event.BOARD_PACK_DOWNLOADED, detail={"file": kind})


def _check_document(name: str, content: bytes | None) -> dict[str, str]:
    if content is not None and len(content) > DOCUMENT_MAX_BYTES:
        return {"document": "The document must be 10 MB or smaller."}
    if content is not None and not name:
        return {"document": "The document needs a file name."}
    return {}


@transaction.atomic
def record_policy_version(
    *,
    version: str,
    approved_on: date,
    approved_by: str,
    summary_of_changes: str,
    by: User,
    document_name: str = "",
    document_content_type: str = "",
    document: bytes | None = None,
) -> PolicyVersion:
    """Policy: "The policy will be considered and approved every 3 years". Recording a newly
    approved version restarts the three-year clock."""
    version, approved_by = version.strip(), approved_by.strip()
    errors: dict[str, str] = {}
    if not version:
        errors["version"] = "Enter the version number."
    elif PolicyVersion.objects.filter(version=version).exists():
        errors["version"] = f"Version {version} is already recorded."
    if approved_on > timezone.localdate():
        errors["approved_on"] = "The approval date must be today or in the past."
    if not approved_by:
        errors["approved_by"] = "Enter the board or committee that approved it."
    if not summary_of_changes.strip():
        errors["summary_of_changes"] = "Summarise what changed in this version."
    errors.update(_check_document(document_name, document))
    if errors:
        raise ValidationError(errors)
    policy_version = PolicyVersion.objects.create(
        version=version,
        approved_on=approved_on,
        approved_by=approved_by,
        summary_of_changes=summary_of_changes.strip(),
        document=document,
        document_name=document_name[:200] if document is not None else "",
        document_content_type=document_content_type[:100] if document is not None else "",
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    record_event(
        subject=policy_version,
        by=by,
        kind=Event.POLICY_VERSION_RECORDED,
        detail={"version": version, "approved_on": approved_on.isoformat()},
    )
    return policy_version


@transaction.atomic
def record_policy_monitoring(
    *,
    policy_version: PolicyVersion,
    carried_out_on: date,
    health_and_safety_review: str,
    findings: str,
    changes_needed: bool,
    by: User,
) -> PolicyMonitoring:
    """Policy: "monitored and reviewed by the Head of Customer and Community Support annually
    and will form part of the annual review of health and safety activity"."""
    errors: dict[str, str] = {}
    if carried_out_on > timezone.localdate():
        errors["carried_out_on"] = "The date of the monitoring must be today or in the past."
    if not health_and_safety_review.strip():
        errors["health_and_safety_review"] = (
            "Enter the annual health and safety review the monitoring was part of."
        )
    if not findings.strip():
        errors["findings"] = "Enter what the monitoring found."
    if errors:
        raise ValidationError(errors)
    monitoring = PolicyMonitoring.objects.create(
        policy_version=policy_version,
        carried_out_on=carried_out_on,
        health_and_safety_review=health_and_safety_review.strip()[:200],
        findings=findings.strip(),
        changes_needed=changes_needed,
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    record_event(
        subject=monitoring,
        by=by,
        kind=Event.POLICY_MONITORING_RECORDED,
        detail={"carried_out_on": carried_out_on.isoformat(), "version": policy_version.version},
    )
    return monitoring
