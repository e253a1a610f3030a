"""Assess a case, check contributing needs, decide a proportionate response, approve it."""

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from access.models import User
from alerts.changes import note_decision
from audit.actions import record_event
from audit.models import Event
from cases.actions import add_chronology_entry
from cases.models import Case, ChronologyEntry
from decisions.ladder import Frequency, recommend
from decisions.models import (
    MEASURES,
    SANCTIONS,
    Assessment,
    CommunicationNeed,
    Decision,
    DecisionSettings,
    Need,
    NeedsCheck,
    Response,
    RestrictionKind,
    Severity,
)
from incidents.models import Behaviour, Incident, IncidentPerson
from notifications.actions import notify
from notifications.models import Notification

# A contact restriction that a recorded need makes unworkable (Equality Act 2010: reasonable
# adjustments; the Housing Ombudsman has found landlords at fault for exactly this).
CLASHES: dict[str, set[str]] = {
    RestrictionKind.WRITTEN_ONLY: {CommunicationNeed.CANNOT_READ_OR_WRITE},
    RestrictionKind.SET_CALL_TIMES: {CommunicationNeed.CANNOT_USE_PHONE},
    RestrictionKind.ADVOCATE_ONLY: {CommunicationNeed.NO_ADVOCATE_AVAILABLE},
    RestrictionKind.MEETINGS_OFFICE_OR_PAIRS: {CommunicationNeed.NEEDS_SUPPORT_PERSON},
}


def _require_open(case: Case) -> None:
    if not case.is_open:
        raise ValidationError("This case is closed. Reopen it by reporting a new incident.")


def compute_frequency(*, case: Case, at: Any = None) -> Frequency:
    """Incidents by the person responsible in the last 30, 90 and 365 days."""
    now = at or timezone.now()
    incidents = Incident.objects.filter(
        people__person_id=case.person_id,
        people__role=IncidentPerson.Role.RESPONSIBLE,
        occurred_at__lte=now,
    )

    def since(days: int) -> int:
        return incidents.filter(occurred_at__gt=now - timedelta(days=days)).count()

    return Frequency(last_30_days=since(30), last_90_days=since(90), last_365_days=since(365))


@transaction.atomic
def assess_case(
    *, case: Case, behaviours: list[str], severity: int, notes: str = "", by: User
) -> Assessment:
    _require_open(case)
    errors: dict[str, str] = {}
    if not behaviours:
        errors["behaviours"] = "Select the behaviours you found."
    elif any(b not in Behaviour.values for b in behaviours):
        errors["behaviours"] = "Select behaviours from the list."
    if severity not in Severity.values:
        errors["severity"] = "Select the severity."
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    frequency = compute_frequency(case=case, at=now)
    recommendation = recommend(behaviours=behaviours, severity=severity, frequency=frequency)
    assessment = Assessment.objects.create(
        case=case,
        assessed_by=by,
        assessed_at=now,
        behaviours=sorted(set(behaviours)),
        severity=severity,
        incidents_30_days=frequency.last_30_days,
        incidents_90_days=frequency.last_90_days,
        incidents_365_days=frequency.last_365_days,
        contacts_30_days=frequency.contacts_30_days,
        recommended_response=recommendation.response,
        recommendation_reasons=recommendation.reasons,
        notes=notes.strip(),
    )
    add_chronology_entry(
        case=case,
        kind=ChronologyEntry.Kind.ASSESSMENT,
        by=by,
        summary=f"Assessed: {Severity(severity).label}; recommended "
        f"{recommendation.response.label.lower()}",
        body=notes.strip(),
    )
    record_event(
        subject=assessment,
        by=by,
        kind=Event.CASE_ASSESSED,
        detail={"case": case.pk, "recommended": recommendation.response},
    )
    return assessment


@transaction.atomic
def record_needs_check(
    *,
    case: Case,
    by: User,
    referral_offered: bool,
    consent: str,
    expectation_explained: bool,
    needs: Sequence[str] = (),
    other_need: str = "",
    communication_needs: Sequence[str] = (),
    no_needs_found: bool = False,
    consent_date: date | None = None,
    consent_how: str = "",
    referral_agency: str = "",
    referral_made_on: date | None = None,
    referral_outcome: str = "",
    notes: str = "",
) -> NeedsCheck:
    _require_open(case)
    errors: dict[str, str] = {}
    if no_needs_found and (needs or communication_needs):
        errors["no_needs_found"] = "You selected needs and also that none were found: choose one."
    if not no_needs_found and not needs and not communication_needs:
        errors["needs"] = "Select the needs you found, or that you found none."
    if Need.OTHER in needs and not other_need.strip():
        errors["other_need"] = "Describe the other need."
    if consent not in NeedsCheck.Consent.values:
        errors["consent"] = "Select whether the customer agreed to a referral."
    if consent == NeedsCheck.Consent.AGREED:
        if not referral_offered:
            errors["referral_offered"] = "A referral the customer agreed to must have been offered."
        if consent_date is None:
            errors["consent_date"] = "Enter the date the customer agreed."
        if consent_how not in NeedsCheck.ConsentHow.values:
            errors["consent_how"] = "Select how the customer gave their agreement."
        if not referral_agency.strip():
            errors["referral_agency"] = "Enter the agency the customer is referred to."
    if referral_offered and consent == NeedsCheck.Consent.NOT_OFFERED:
        errors["consent"] = "You offered a referral: say whether the customer agreed or declined."
    if not expectation_explained:
        # Policy: "The expectation that the customer's unacceptable behaviour must stop does
        # not change in this scenario."
        errors["expectation_explained"] = (
            "Confirm the customer was told the behaviour must stop, whatever their needs."
        )
    if errors:
        raise ValidationError(errors)
    check = NeedsCheck.objects.create(
        case=case,
        recorded_by=by,
        recorded_at=timezone.now(),
        needs=sorted(set(needs)),
        other_need=other_need.strip(),
        communication_needs=sorted(set(communication_needs)),
        no_needs_found=no_needs_found,
        referral_offered=referral_offered,
        consent=consent,
        consent_date=consent_date,
        consent_how=consent_how,
        referral_agency=referral_agency.strip(),
        referral_made_on=referral_made_on,
        referral_outcome=referral_outcome.strip(),
        expectation_explained=expectation_explained,
        notes=notes.strip(),
    )
    found = ", ".join(Need(n).label for n in check.needs) or (
        "no contributing needs found" if no_needs_found else "communication needs only"
    )
    add_chronology_entry(
        case=case,
        kind=ChronologyEntry.Kind.NEEDS_CHECK,
        by=by,
        summary=f"Contributing-needs check: {found}",
    )
    # Vulnerability data: the detail stays on the record, the audit row says only that it exists.
    record_event(subject=check, by=by, kind=Event.NEEDS_CHECK_RECORDED, detail={"case": case.pk})
    return check


def latest_needs_check(case: Case) -> NeedsCheck | None:
    return case.needs_checks.order_by("-recorded_at", "-id").first()


def latest_assessment(case: Case) -> Assessment | None:
    return case.assessments.order_by("-assessed_at", "-id").first()


def clashing_needs(restriction_kind: str, check: NeedsCheck | None) -> list[str]:
    if check is None or not restriction_kind:
        return []
    return [
        CommunicationNeed(n).label
        for n in check.communication_needs
        if n in CLASHES.get(restriction_kind, set())
    ]


def _validate_decision(
    *,
    case: Case,
    response: str,
    basis: str,
    restriction_kind: str,
    starts_on: date | None,
    review_on: date | None,
    adjustment_rationale: str,
    check: NeedsCheck | None,
) -> None:
    errors: dict[str, str] = {}
    rules = DecisionSettings.current()
    if response not in Response.values:
        errors["response"] = "Select the response you decided on."
    if not basis.strip():
        errors["basis"] = "Explain the decision and its basis in your own words."
    if response in SANCTIONS and check is None:
        errors["response"] = (
            "Record the contributing-needs check before deciding a warning, "
            "restriction, flag or other sanction."
        )
    if response == Response.CONTACT_RESTRICTION and restriction_kind not in RestrictionKind.values:
        errors["restriction_kind"] = "Select the kind of contact restriction."
    if response in MEASURES:
        if starts_on is None:
            errors["starts_on"] = "Enter the date the measure starts."
        if review_on is None:
            errors["review_on"] = "Enter the date the measure will be reviewed."
        elif starts_on and not (
            rules.review_min_days <= (review_on - starts_on).days <= rules.review_max_days
        ):
            errors["review_on"] = (
                f"The review must be between {rules.review_min_days} and "
                f"{rules.review_max_days} days after the start (policy: 3 to 12 months)."
            )
    clashes = clashing_needs(
        restriction_kind if response == Response.CONTACT_RESTRICTION else "", check
    )
    if clashes and not adjustment_rationale.strip():
        errors["adjustment_rationale"] = (
            f"This restriction clashes with a recorded need ({'; '.join(clashes)}). Record the "
            "reasonable adjustment that makes it workable, or choose another measure."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def propose_decision(
    *,
    case: Case,
    response: str,
    basis: str,
    by: User,
    restriction_kind: str = "",
    starts_on: date | None = None,
    review_on: date | None = None,
    adjustment_rationale: str = "",
) -> Decision:
    """Record a decision; one at or above the configured step waits for approval."""
    _require_open(case)
    check = latest_needs_check(case)
    _validate_decision(
        case=case,
        response=response,
        basis=basis,
        restriction_kind=restriction_kind,
        starts_on=starts_on,
        review_on=review_on,
        adjustment_rationale=adjustment_rationale,
        check=check,
    )
    assessment = latest_assessment(case)
    rules = DecisionSettings.current()
    now = timezone.now()
    awaiting = rules.needs_approval(response)
    decision = Decision.objects.create(
        case=case,
        assessment=assessment,
        needs_check=check if response in SANCTIONS else None,
        response=response,
        recommended_response=assessment.recommended_response if assessment else "",
        basis=basis.strip(),
        restriction_kind=restriction_kind if response == Response.CONTACT_RESTRICTION else "",
        starts_on=starts_on if response in MEASURES else None,
        review_on=review_on if response in MEASURES else None,
        adjustment_rationale=adjustment_rationale.strip(),
        status=Decision.Status.AWAITING_APPROVAL if awaiting else Decision.Status.IN_FORCE,
        proposed_by=by,
        proposed_at=now,
        decided_by=None if awaiting else by,
        decided_at=None if awaiting else now,
    )
    label = Response(response).label
    add_chronology_entry(
        case=case,
        kind=ChronologyEntry.Kind.DECISION,
        by=by,
        body=decision.basis,
        summary=f"{decision.reference}: {label} "
        + ("proposed, awaiting approval" if awaiting else "decided"),
    )
    record_event(
        subject=decision,
        by=by,
        kind=Event.DECISION_PROPOSED if awaiting else Event.DECISION_MADE,
        detail={"case": case.pk, "response": response},
    )
    if awaiting:
        for approver in approvers(decision):
            notify(
                recipient=approver,
                kind=Notification.Kind.APPROVAL_NEEDED,
                message=f"{decision.reference} ({label}) on {case.reference} needs approval.",
                url=reverse("decisions:detail", args=[decision.pk]),
            )
    return decision


def approvers(decision: Decision) -> list[User]:
    roles = DecisionSettings.current().approver_roles
    return list(
        User.objects.filter(role__in=roles, is_active=True)
        .exclude(pk=decision.proposed_by_id)
        .order_by("pk")
    )


def _check_approver(decision: Decision, by: User) -> None:
    if decision.status != Decision.Status.AWAITING_APPROVAL:
        raise ValidationError("This decision is not awaiting approval.")
    if decision.proposed_by_id == by.pk:
        raise ValidationError("You proposed this decision, so someone else must approve it.")
    if by.role not in DecisionSettings.current().approver_roles:
        raise ValidationError("Your role cannot approve decisions at this level.")


@transaction.atomic
def approve_decision(*, decision: Decision, by: User, note: str = "") -> Decision:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _check_approver(decision, by)
    now = timezone.now()
    decision.status = Decision.Status.IN_FORCE
    decision.approved_by, decision.approved_at, decision.approval_note = by, now, note.strip()
    decision.decided_by, decision.decided_at = by, now
    decision.save(
        update_fields=[
            "status",
            "approved_by",
            "approved_at",
            "approval_note",
            "decided_by",
            "decided_at",
        ]
    )
    add_chronology_entry(
        case=decision.case,
        kind=ChronologyEntry.Kind.DECISION,
        by=by,
        summary=f"{decision.reference} approved by {by.display_name}",
        body=note.strip(),
    )
    record_event(subject=decision, by=by, kind=Event.DECISION_APPROVED)
    note_decision(decision=decision)
    notify(
        recipient=decision.proposed_by,
        kind=Notification.Kind.DECISION_APPROVED,
        message=f"{decision.reference} ({decision.get_response_display()}) was approved.",
        url=reverse("decisions:detail", args=[decision.pk]),
    )
    return decision


@transaction.atomic
def reject_decision(*, decision: Decision, by: User, note: str) -> Decision:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _check_approver(decision, by)
    if not note.strip():
        raise ValidationError({"note": "Say why the decision is not approved."})
    decision.status = Decision.Status.REJECTED
    decision.approval_note = note.strip()
    decision.save(update_fields=["status", "approval_note"])
    add_chronology_entry(
        case=decision.case,
        kind=ChronologyEntry.Kind.DECISION,
        by=by,
        summary=f"{decision.reference} not approved",
        body=note.strip(),
    )
    record_event(subject=decision, by=by, kind=Event.DECISION_REJECTED)
    notify(
        recipient=decision.proposed_by,
        kind=Notification.Kind.DECISION_APPROVED,
        message=f"{decision.reference} was not approved: {note.strip()[:200]}",
        url=reverse("decisions:detail", args=[decision.pk]),
    )
    return decision


@transaction.atomic
def vary_decision(
    *,
    decision: Decision,
    by: User,
    reason: str,
    response: str | None = None,
    basis: str | None = None,
    restriction_kind: str | None = None,
    starts_on: date | None = None,
    review_on: date | None = None,
) -> Decision:
    """Replace a decision in force with a varied one (appeal or review); both are kept."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != Decision.Status.IN_FORCE:
        raise ValidationError("Only a decision in force can be varied.")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reasons for varying the decision."})
    new_response = response or decision.response
    new_kind = decision.restriction_kind if restriction_kind is None else restriction_kind
    new_start = starts_on or decision.starts_on
    new_review = review_on or decision.review_on
    _validate_decision(
        case=decision.case,
        response=new_response,
        basis=basis or decision.basis,
        restriction_kind=new_kind,
        starts_on=new_start,
        review_on=new_review,
        adjustment_rationale=decision.adjustment_rationale,
        check=decision.needs_check or latest_needs_check(decision.case),
    )
    now = timezone.now()
    decision.status = Decision.Status.VARIED
    decision.save(update_fields=["status"])
    varied = Decision.objects.create(
        case=decision.case,
        assessment=decision.assessment,
        needs_check=decision.needs_check,
        response=new_response,
        recommended_response=decision.recommended_response,
        basis=(basis or decision.basis).strip(),
        restriction_kind=new_kind if new_response == Response.CONTACT_RESTRICTION else "",
        starts_on=new_start if new_response in MEASURES else None,
        review_on=new_review if new_response in MEASURES else None,
        adjustment_rationale=decision.adjustment_rationale,
        status=Decision.Status.IN_FORCE,
        proposed_by=by,
        proposed_at=now,
        decided_by=by,
        decided_at=now,
        replaces=decision,
    )
    _move_measures(old=decision, new=varied)
    note_decision(decision=varied, changed=True)
    add_chronology_entry(
        case=decision.case,
        kind=ChronologyEntry.Kind.DECISION,
        by=by,
        summary=f"{decision.reference} varied: now {varied.reference} "
        f"({varied.get_response_display()})",
        body=reason.strip(),
    )
    record_event(
        subject=decision,
        by=by,
        kind=Event.DECISION_VARIED,
        detail={"replaced_by": varied.pk, "reason": reason.strip()[:500]},
    )
    return varied


@transaction.atomic
def overturn_decision(*, decision: Decision, by: User, reason: str) -> Decision:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != Decision.Status.IN_FORCE:
        raise ValidationError("Only a decision in force can be overturned.")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reasons for overturning the decision."})
    decision.status = Decision.Status.OVERTURNED
    decision.save(update_fields=["status"])
    add_chronology_entry(
        case=decision.case,
        kind=ChronologyEntry.Kind.DECISION,
        by=by,
        summary=f"{decision.reference} overturned",
        body=reason.strip(),
    )
    record_event(
        subject=decision,
        by=by,
        kind=Event.DECISION_OVERTURNED,
        detail={"reason": reason.strip()[:500]},
    )
    note_decision(decision=decision)
    return decision


def decision_people(decision: Decision) -> set[int]:
    """Everyone who proposed, approved or decided a decision (conflicted for its appeal)."""
    return {
        pk
        for pk in (decision.proposed_by_id, decision.approved_by_id, decision.decided_by_id)
        if pk
    }


@transaction.atomic
def end_decision(*, decision: Decision, by: User, reason: str) -> Decision:
    """A measure lifted (at a review or earlier): the decision stops being in force."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != Decision.Status.IN_FORCE:
        raise ValidationError("Only a decision in force can be ended.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why it is ending."})
    decision.status = Decision.Status.ENDED
    decision.save(update_fields=["status"])
    record_event(
        subject=decision, by=by, kind=Event.DECISION_ENDED, detail={"reason": reason.strip()[:500]}
    )
    note_decision(decision=decision)
    return decision


@transaction.atomic
def set_next_review(*, decision: Decision, review_on: date, by: User, reason: str) -> Decision:
    """A review that continues a measure sets its next review date, within the bounds."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    rules = DecisionSettings.current()
    if decision.status != Decision.Status.IN_FORCE or decision.review_on is None:
        raise ValidationError("Only a measure in force has a review date to set.")
    today = timezone.localdate()
    if not rules.review_min_days <= (review_on - today).days <= rules.review_max_days:
        raise ValidationError(
            {
                "review_on": (
                    f"The next review must be between {rules.review_min_days} and "
                    f"{rules.review_max_days} days from today (policy: 3 to 12 months)."
                )
            }
        )
    previous = decision.review_on
    decision.review_on = review_on
    decision.save(update_fields=["review_on"])
    record_event(
        subject=decision,
        by=by,
        kind=Event.DECISION_VARIED,
        detail={
            "review_on": [previous.isoformat(), review_on.isoformat()],
            "reason": reason.strip()[:500],
        },
    )
    note_decision(decision=decision, changed=True)
    return decision


def _move_measures(*, old: Decision, new: Decision) -> None:
    """The flag or restriction a decision imposes follows it to its varied version."""
    from flags.models import WarningFlag
    from restrictions.models import ContactRestriction

    WarningFlag.objects.filter(decision=old).update(decision=new)
    restrictions = ContactRestriction.objects.filter(decision=old)
    if new.restriction_kind:
        restrictions.update(decision=new, kind=new.restriction_kind)
    else:
        restrictions.update(decision=new)
