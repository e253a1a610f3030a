"""Support for an affected colleague: the conversation, what was offered, follow-ups, closure.

Nothing here is written to a case chronology: a case is about the customer, and a case
officer has no need to know how a colleague is being supported.
"""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from access.models import User
from audit.actions import record_event
from audit.models import Event
from cases.concurrency import refuse_if_stale, save_if_version
from incidents.models import AffectedColleague
from support.models import ColleagueSupport, SupportFollowUp, SupportOffer

NOTES_LIMIT = 20000
RECORDED_FIELDS = ["discussed_on", "needs_notes", "offered", "offered_other", "accepted"]


def _ordered_offers(values: list[str]) -> list[str]:
    chosen = set(values)
    return [value for value in SupportOffer.values if value in chosen]


def _validate_support(
    *,
    affected: AffectedColleague,
    discussed_on: date,
    needs_notes: str,
    offered: list[str],
    offered_other: str,
    accepted: list[str],
) -> None:
    errors: dict[str, str] = {}
    occurred_on = timezone.localdate(affected.incident.occurred_at)
    if discussed_on > timezone.localdate():
        errors["discussed_on"] = "The date support needs were discussed must be today or earlier."
    elif discussed_on < occurred_on:
        errors["discussed_on"] = (
            "The date support needs were discussed must be on or after the date of the "
            f"incident, {occurred_on:%d %B %Y}."
        )
    if not needs_notes:
        errors["needs_notes"] = "Enter what was discussed about the colleague's support needs."
    elif len(needs_notes) > NOTES_LIMIT:
        errors["needs_notes"] = "The notes must be 20,000 characters or fewer."
    if any(value not in SupportOffer.values for value in offered):
        errors["offered"] = "Select the support offered from the list."
    elif SupportOffer.OTHER in offered and not offered_other:
        errors["offered_other"] = "Describe the other support offered."
    elif SupportOffer.OTHER not in offered and offered_other:
        errors["offered_other"] = (
            "Select ‘Other support’ as offered, or clear the description of other support."
        )
    elif len(offered_other) > 500:
        errors["offered_other"] = (
            "The description of other support must be 500 characters or fewer."
        )
    if any(value not in offered for value in accepted):
        errors["accepted"] = "The colleague can only accept support that was offered."
    if errors:
        raise ValidationError(errors)


def _update_support(
    support: ColleagueSupport,
    *,
    values: dict[str, Any],
    by: User,
    now: datetime,
    expected_version: int | None,
) -> list[str]:
    """Change a locked, existing record; returns the names of the fields that changed."""
    if support.is_completed:
        raise ValidationError(
            {"__all__": "This support record is complete and can no longer be changed."}
        )
    refuse_if_stale(support, expected_version)
    changed = [name for name in RECORDED_FIELDS if getattr(support, name) != values[name]]
    if not changed:
        return []
    for name in changed:
        setattr(support, name, values[name])
    if {"discussed_on", "needs_notes"} & set(changed):
        support.discussed_by = by
    support.updated_at, support.updated_by = now, by
    support.version = save_if_version(
        support,
        expected_version=support.version,
        fields=[*changed, "discussed_by", "updated_at", "updated_by"],
    )
    return changed


@transaction.atomic
def record_support(
    *,
    affected: AffectedColleague,
    discussed_on: date,
    needs_notes: str,
    offered: list[str],
    offered_other: str,
    accepted: list[str],
    by: User,
    expected_version: int | None = None,
) -> ColleagueSupport:
    """Record, or update, the support conversation with an affected colleague.

    `expected_version` is the version of the record the editor's page was loaded at, or 0 if
    the page showed no record yet: if someone saved in between, refuse rather than overwrite
    their change. `None` skips the check (a caller that is not an editing page)."""
    needs_notes, offered_other = needs_notes.strip(), offered_other.strip()
    offered, accepted = _ordered_offers(offered), _ordered_offers(accepted)
    _validate_support(
        affected=affected,
        discussed_on=discussed_on,
        needs_notes=needs_notes,
        offered=offered,
        offered_other=offered_other,
        accepted=accepted,
    )
    values: dict[str, Any] = {
        "discussed_on": discussed_on,
        "needs_notes": needs_notes,
        "offered": offered,
        "offered_other": offered_other,
        "accepted": accepted,
    }
    now = timezone.now()
    # Lock the affected colleague first: two first records made at once then take turns, and
    # the second is refused as stale instead of failing on the one-record-each constraint.
    AffectedColleague.objects.select_for_update().only("pk").get(pk=affected.pk)
    support = ColleagueSupport.objects.select_for_update().filter(affected=affected).first()
    if support is None:
        support = ColleagueSupport.objects.create(
            affected=affected,
            discussed_by=by,
            recorded_at=now,
            updated_at=now,
            updated_by=by,
            **values,
        )
        changed = list(RECORDED_FIELDS)
    else:
        changed = _update_support(
            support, values=values, by=by, now=now, expected_version=expected_version
        )
        if not changed:
            return support
    # Field names only: the notes themselves stay in the record, not in the audit trail.
    record_event(
        subject=support,
        by=by,
        kind=Event.SUPPORT_RECORDED,
        detail={"affected": affected.pk, "changed": changed},
    )
    return support


@transaction.atomic
def add_follow_up(
    *, support: ColleagueSupport, due_on: date, notes: str, by: User
) -> SupportFollowUp:
    notes = notes.strip()
    errors: dict[str, str] = {}
    if due_on < timezone.localdate():
        errors["due_on"] = "The date the follow-up is due must be today or in the future."
    if not notes:
        errors["notes"] = "Enter what the follow-up is for."
    elif len(notes) > NOTES_LIMIT:
        errors["notes"] = "The notes must be 20,000 characters or fewer."
    if errors:
        raise ValidationError(errors)
    support = ColleagueSupport.objects.select_for_update().get(pk=support.pk)
    if support.is_completed:
        raise ValidationError(
            {"__all__": "This support record is complete: no more follow-ups can be added."}
        )
    follow_up = SupportFollowUp.objects.create(
        support=support, due_on=due_on, notes=notes, added_at=timezone.now(), added_by=by
    )
    record_event(
        subject=follow_up,
        by=by,
        kind=Event.SUPPORT_FOLLOW_UP_ADDED,
        detail={"support": support.pk, "due_on": due_on.isoformat()},
    )
    return follow_up


@transaction.atomic
def complete_follow_up(
    *, follow_up: SupportFollowUp, outcome_notes: str, by: User
) -> SupportFollowUp:
    outcome_notes = outcome_notes.strip()
    if not outcome_notes:
        raise ValidationError({"outcome_notes": "Enter what happened at the follow-up."})
    if len(outcome_notes) > NOTES_LIMIT:
        raise ValidationError({"outcome_notes": "The notes must be 20,000 characters or fewer."})
    follow_up = SupportFollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.is_done:
        raise ValidationError({"outcome_notes": "This follow-up has already been marked as done."})
    follow_up.done_on, follow_up.done_by = timezone.localdate(), by
    follow_up.outcome_notes = outcome_notes
    follow_up.save(update_fields=["done_on", "done_by", "outcome_notes"])
    record_event(
        subject=follow_up,
        by=by,
        kind=Event.SUPPORT_FOLLOW_UP_DONE,
        detail={"support": follow_up.support_id},
    )
    return follow_up


@transaction.atomic
def complete_support(
    *, support: ColleagueSupport, summary: str, by: User, expected_version: int | None = None
) -> ColleagueSupport:
    """Close the support record. `expected_version` is the version the page was loaded at."""
    summary = summary.strip()
    if not summary:
        raise ValidationError({"summary": "Enter a summary of the support given."})
    if len(summary) > NOTES_LIMIT:
        raise ValidationError({"summary": "The summary must be 20,000 characters or fewer."})
    support = ColleagueSupport.objects.select_for_update().get(pk=support.pk)
    if support.is_completed:
        raise ValidationError({"summary": "This support record is already complete."})
    refuse_if_stale(support, expected_version)
    if support.follow_ups.filter(done_on__isnull=True).exists():
        raise ValidationError(
            {"summary": "Mark every follow-up as done before completing the support record."}
        )
    support.completed_at, support.completed_by, support.summary = timezone.now(), by, summary
    support.version = save_if_version(
        support,
        expected_version=support.version,
        fields=["completed_at", "completed_by", "summary"],
    )
    # No completion kind of its own: completion is recorded as a change to the record.
    record_event(
        subject=support,
        by=by,
        kind=Event.SUPPORT_COMPLETED,
        detail={"affected": support.affected_id, "changed": ["completed"], "completed": True},
    )
    return support
