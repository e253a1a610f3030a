"""Impose and lift contact restrictions. A restriction takes effect when approved."""

from collections.abc import Sequence
from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from access.models import Role, User
from alerts.changes import note_decision
from audit.actions import record_event
from audit.models import Event
from cases.actions import add_chronology_entry
from cases.models import Case, ChronologyEntry
from contractors.actions import tell_contractors_arrangement_changed
from decisions.actions import end_decision, propose_decision
from decisions.models import Decision, Response, RestrictionKind
from flags.actions import affected_home_ids
from restrictions.models import ContactRestriction


def _validate(
    *,
    kind: str,
    single_point_of_contact: User | None,
    deputy: User | None,
    call_days: Sequence[int],
    call_from: time | None,
    call_to: time | None,
    max_contacts: int | None,
    period_days: int | None,
    advocate_name: str,
) -> None:
    errors: dict[str, str] = {}
    if kind == RestrictionKind.SINGLE_POINT_OF_CONTACT:
        if single_point_of_contact is None:
            errors["single_point_of_contact"] = "Choose the single point of contact."
        elif single_point_of_contact.role == Role.CONTRACTOR:
            errors["single_point_of_contact"] = "The single point of contact must be a colleague."
        if deputy is not None and deputy == single_point_of_contact:
            errors["deputy"] = "The deputy must be someone other than the single point of contact."
    if kind == RestrictionKind.SET_CALL_TIMES:
        if not call_days:
            errors["call_days"] = "Select the days calls may be made."
        if call_from is None or call_to is None:
            errors["call_from"] = "Enter the times calls may start and end."
        elif call_from >= call_to:
            errors["call_to"] = "The end time must be after the start time."
    if kind == RestrictionKind.CONTACT_LIMIT and not (max_contacts and period_days):
        errors["max_contacts"] = "Enter how many contacts are allowed and in how many days."
    if kind == RestrictionKind.ADVOCATE_ONLY and not advocate_name.strip():
        errors["advocate_name"] = "Enter the name of the advocate or representative."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def propose_restriction(
    *,
    case: Case,
    by: User,
    kind: str,
    starts_on: date | None,
    review_on: date | None,
    basis: str,
    single_point_of_contact: User | None = None,
    deputy: User | None = None,
    call_days: Sequence[int] = (),
    call_from: time | None = None,
    call_to: time | None = None,
    max_contacts: int | None = None,
    period_days: int | None = None,
    advocate_name: str = "",
    advocate_contact: str = "",
    meeting_place: str = "",
    adjustment_rationale: str = "",
) -> ContactRestriction:
    _validate(
        kind=kind,
        single_point_of_contact=single_point_of_contact,
        deputy=deputy,
        call_days=call_days,
        call_from=call_from,
        call_to=call_to,
        max_contacts=max_contacts,
        period_days=period_days,
        advocate_name=advocate_name,
    )
    decision = propose_decision(
        case=case,
        response=Response.CONTACT_RESTRICTION,
        basis=basis,
        by=by,
        restriction_kind=kind,
        starts_on=starts_on,
        review_on=review_on,
        adjustment_rationale=adjustment_rationale,
    )
    restriction = ContactRestriction.objects.create(
        decision=decision,
        case=case,
        person=case.person,
        kind=kind,
        single_point_of_contact=single_point_of_contact,
        deputy=deputy,
        call_days=sorted(set(call_days)),
        call_from=call_from,
        call_to=call_to,
        max_contacts=max_contacts,
        period_days=period_days,
        advocate_name=advocate_name.strip(),
        advocate_contact=advocate_contact.strip(),
        meeting_place=meeting_place.strip(),
        proposed_by=by,
        proposed_at=timezone.now(),
    )
    record_event(
        subject=restriction,
        by=by,
        kind=Event.RESTRICTION_PROPOSED,
        detail={"decision": decision.pk, "kind": kind},
    )
    note_decision(decision=decision)  # in force at once when no approval is needed
    return restriction


@transaction.atomic
def lift_restriction(
    *, restriction: ContactRestriction, reason: str, by: User
) -> ContactRestriction:
    restriction = (
        ContactRestriction.objects.select_for_update(of=("self",))
        .select_related("decision", "person__household")
        .get(pk=restriction.pk)
    )
    if restriction.lifted_at is not None:
        raise ValidationError("This restriction has already been lifted.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the restriction is being lifted."})
    was_in_force = restriction.is_active
    restriction.lifted_at, restriction.lifted_by = timezone.now(), by
    restriction.lift_reason = reason.strip()
    restriction.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    if restriction.decision.status == Decision.Status.IN_FORCE:
        end_decision(decision=restriction.decision, by=by, reason=reason)
    add_chronology_entry(
        case=restriction.case,
        kind=ChronologyEntry.Kind.DECISION,
        by=by,
        summary=f"Contact restriction {restriction.reference} lifted",
        body=reason.strip(),
    )
    record_event(subject=restriction, by=by, kind=Event.RESTRICTION_LIFTED)
    note_decision(decision=restriction.decision)
    if was_in_force:
        tell_contractors_arrangement_changed(
            home_ids=affected_home_ids(person=restriction.person, household=None, home=None),
            change="have changed: a contact restriction was lifted",
            by=by,
        )
    return restriction
