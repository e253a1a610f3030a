"""Raise and lift warning flags. A flag takes effect when its decision is approved."""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from access.models import User
from alerts.changes import note_decision
from audit.actions import record_event
from audit.models import Event
from cases.actions import add_chronology_entry
from cases.models import Case, ChronologyEntry
from contractors.actions import tell_contractors_arrangement_changed
from decisions.actions import end_decision, propose_decision
from decisions.models import Decision, Response
from flags.models import RiskLevel, WarningFlag
from incidents.models import Incident
from people.models import Household, Person, Property


@transaction.atomic
def propose_flag(
    *,
    case: Case,
    by: User,
    risk_level: str,
    handling_instruction: str,
    incidents: Sequence[Incident],
    starts_on: date | None,
    review_on: date | None,
    basis: str,
    person: Person | None = None,
    household: Household | None = None,
    home: Property | None = None,
) -> WarningFlag:
    """Propose a flag on one person, household or home; a manager approves its decision."""
    errors: dict[str, str] = {}
    if sum(subject is not None for subject in (person, household, home)) != 1:
        errors["subject"] = (
            "Choose whether the flag is on the person, their household or their home."
        )
    if not incidents:
        errors["incidents"] = "Select the recorded incidents the flag rests on."
    elif any(incident.case_id != case.pk for incident in incidents):
        errors["incidents"] = "Select incidents recorded on this case."
    if risk_level not in RiskLevel.values:
        errors["risk_level"] = "Select the risk level."
    if not handling_instruction.strip():
        errors["handling_instruction"] = (
            "Write the handling instruction: what colleagues and contractors must do."
        )
    if errors:
        raise ValidationError(errors)
    decision = propose_decision(
        case=case,
        response=Response.WARNING_FLAG,
        basis=basis,
        by=by,
        starts_on=starts_on,
        review_on=review_on,
    )
    flag = WarningFlag.objects.create(
        decision=decision,
        case=case,
        person=person,
        household=household,
        home=home,
        risk_level=risk_level,
        handling_instruction=handling_instruction.strip(),
        proposed_by=by,
        proposed_at=timezone.now(),
    )
    flag.incidents.set(incidents)
    record_event(
        subject=flag,
        by=by,
        kind=Event.FLAG_PROPOSED,
        detail={"decision": decision.pk, "incidents": [i.pk for i in incidents]},
    )
    note_decision(decision=decision)  # in force at once when no approval is needed
    return flag


def affected_home_ids(
    *, person: Person | None, household: Household | None, home: Property | None
) -> set[int]:
    """The homes where a flag or restriction on this subject changes what contractors see."""
    if home is not None:
        return {home.pk}
    if household is not None:
        return {household.property_id} if household.property_id else set()
    if person is not None and person.household and person.household.property_id:
        return {person.household.property_id}
    return set()


@transaction.atomic
def lift_flag(*, flag: WarningFlag, reason: str, by: User) -> WarningFlag:
    # A lifted flag is kept: it is evidence in an appeal and in a subject access request.
    flag = (
        WarningFlag.objects.select_for_update(of=("self",))
        .select_related("decision", "person__household", "household", "home")
        .get(pk=flag.pk)
    )
    if flag.lifted_at is not None:
        raise ValidationError("This flag has already been lifted.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the flag is being lifted."})
    was_in_force = flag.is_active
    flag.lifted_at, flag.lifted_by, flag.lift_reason = timezone.now(), by, reason.strip()
    flag.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    if flag.decision.status == Decision.Status.IN_FORCE:
        end_decision(decision=flag.decision, by=by, reason=reason)
    add_chronology_entry(
        case=flag.case,
        kind=ChronologyEntry.Kind.DECISION,
        by=by,
        summary=f"Warning flag {flag.reference} lifted",
        body=reason.strip(),
    )
    record_event(subject=flag, by=by, kind=Event.FLAG_LIFTED)
    note_decision(decision=flag.decision)
    if was_in_force:
        tell_contractors_arrangement_changed(
            home_ids=affected_home_ids(
                person=flag.person, household=flag.household, home=flag.home
            ),
            change="have changed: a warning flag was lifted",
            by=by,
        )
    return flag
