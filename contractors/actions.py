"""Contractors' jobs, and telling contractors when the arrangement at a home changes."""

from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse

from access.models import Role, User
from audit.actions import record_event
from audit.models import Event
from contractors.models import Job, active_job_conditions
from notifications.actions import notify
from notifications.models import Notification
from people.models import Property


def tell_contractors_arrangement_changed(
    *, home_ids: Iterable[int], change: str, by: User | None
) -> int:
    """Tell contractors with an active job at these homes that the instructions there
    changed or ended. Never the reasons. Call inside the change's transaction: the notices
    commit with it. Returns how many contractor users were told."""
    ids = set(home_ids)
    if not ids:
        return 0
    jobs = Job.objects.filter(active_job_conditions(), home_id__in=ids).values_list(
        "contractor_id", "home_id"
    )
    homes_by_firm: dict[int, set[int]] = {}
    for firm, home in jobs:
        homes_by_firm.setdefault(firm, set()).add(home)
    addresses = {p.pk: p.address for p in Property.objects.filter(pk__in=ids)}
    told = 0
    for firm, homes in homes_by_firm.items():
        users = User.objects.filter(
            role=Role.CONTRACTOR, contractor_organisation_id=firm, is_active=True
        )
        for user in users:
            for home in sorted(homes):
                notify(
                    recipient=user,
                    kind=Notification.Kind.ARRANGEMENT_CHANGED,
                    message=f"The handling instructions at {addresses[home]} {change}. "
                    "Check them before your visit.",
                    url=reverse("contractors:home", args=[home]),
                )
                told += 1
        record_event(
            subject="contractors.notice",
            by=by,
            kind=Event.CONTRACTORS_TOLD,
            detail={"firm": firm, "homes": sorted(homes), "change": change},
        )
    return told


@transaction.atomic
def record_job(
    *,
    external_reference: str,
    home: Property,
    contractor_id: int,
    starts_on: object,
    ends_on: object = None,
    description: str = "",
    by: User | None,
) -> tuple[Job, str]:
    """Create or update a job from the housing system, matched on its reference."""
    job = Job.objects.select_for_update().filter(external_reference=external_reference).first()
    values = {
        "home": home,
        "contractor_id": contractor_id,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "description": description,
    }
    if job is None:
        job = Job(external_reference=external_reference, **values)
        job.full_clean()
        job.save()
        record_event(subject=job, by=by, kind=Event.JOB_RECORDED, detail={"created": True})
        return job, "created"
    changed = [k for k, v in values.items() if getattr(job, k) != v]
    if not changed:
        return job, "unchanged"
    for key, value in values.items():
        setattr(job, key, value)
    job.full_clean()
    job.save()
    record_event(subject=job, by=by, kind=Event.JOB_RECORDED, detail={"changed": changed})
    return job, "updated"
