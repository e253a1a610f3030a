from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from access.models import Role, User
from audit.actions import record_event
from audit.models import Event
from cases.actions import add_chronology_entry
from cases.concurrency import refuse_if_stale, save_if_version
from cases.models import Case, ChronologyEntry
from decisions.models import Decision, Response
from incidents.models import Incident
from interventions.models import (
    DataProtectionCondition,
    Disclosure,
    LawfulBasis,
    LegalAction,
    LegalHearing,
    MediationReferral,
    PoliceReport,
)
from notifications.actions import notify
from notifications.models import Notification

# Policy: the Head of Customer and Community Support and the Director of Customer Operations
# are accountable for the policy; they approve what is shared with the police and partners.
DISCLOSURE_APPROVER_ROLES = frozenset({Role.HEAD_OF_SERVICE, Role.DIRECTOR})
SELF_APPROVAL_REFUSED = (
    "You proposed this disclosure, so you cannot approve it. Another senior colleague "
    "must approve it."
)


def _when(day: date) -> datetime:
    """A chronology time for something known only by its date."""
    now = timezone.now()
    if day == timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _not_in_future(day: date | None, field: str, message: str) -> dict[str, str]:
    if day is not None and day > timezone.localdate():
        return {field: message}
    return {}


def _required(value: str, field: str, message: str) -> dict[str, str]:
    return {} if value.strip() else {field: message}


def _raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


# --- mediation ----------------------------------------------------------------------------


def _check_mediation_dates(
    *,
    referred_on: date,
    customer_agreed: bool,
    first_session_on: date | None,
    ended_on: date | None = None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if first_session_on is not None and not customer_agreed:
        errors["first_session_on"] = (
            "Mediation is voluntary: record that the customer agreed before adding a session."
        )
    elif first_session_on is not None and first_session_on < referred_on:
        errors["first_session_on"] = "The first session must be on or after the referral date."
    if ended_on is not None and ended_on < referred_on:
        errors["ended_on"] = "The date mediation ended must be on or after the referral date."
    return errors


@transaction.atomic
def refer_to_mediation(
    *,
    case: Case,
    service_name: str,
    referred_on: date,
    customer_agreed: bool,
    first_session_on: date | None = None,
    by: User,
) -> MediationReferral:
    errors = _required(service_name, "service_name", "Enter the name of the mediation service.")
    errors |= _not_in_future(
        referred_on, "referred_on", "The referral date must be today or in the past."
    )
    errors |= _check_mediation_dates(
        referred_on=referred_on, customer_agreed=customer_agreed, first_session_on=first_session_on
    )
    _raise_if(errors)
    now = timezone.now()
    referral = MediationReferral.objects.create(
        case=case,
        service_name=service_name.strip(),
        referred_on=referred_on,
        customer_agreed=customer_agreed,
        first_session_on=first_session_on,
        recorded_by=by,
        recorded_at=now,
        updated_at=now,
    )
    add_chronology_entry(
        case=case,
        kind=ChronologyEntry.Kind.MEDIATION,
        summary=f"Referred to {referral.service_name} for mediation",
        by=by,
        at=_when(referred_on),
    )
    record_event(
        subject=referral,
        by=by,
        kind=Event.MEDIATION_RECORDED,
        detail={"case": case.pk, "change": "referred", "customer_agreed": customer_agreed},
    )
    return referral


@transaction.atomic
def update_mediation(
    *,
    referral: MediationReferral,
    customer_agreed: bool,
    first_session_on: date | None,
    ended_on: date | None,
    outcome: str,
    outcome_notes: str = "",
    by: User,
    expected_version: int | None = None,
) -> MediationReferral:
    """`expected_version` is the version the editor's page was loaded at: if someone saved in
    between, refuse rather than overwrite their change."""
    # Lock the row and read it fresh: the checks below are about the referral as it is now.
    current = MediationReferral.objects.select_for_update().get(pk=referral.pk)
    refuse_if_stale(current, expected_version)
    errors = _check_mediation_dates(
        referred_on=referral.referred_on,
        customer_agreed=customer_agreed,
        first_session_on=first_session_on,
        ended_on=ended_on,
    )
    errors |= _not_in_future(ended_on, "ended_on", "The end date must be today or in the past.")
    if outcome not in MediationReferral.Outcome.values:
        errors["outcome"] = "Select the outcome of the mediation."
    elif outcome == MediationReferral.Outcome.IN_PROGRESS and ended_on is not None:
        errors["outcome"] = "Select how the mediation ended, or remove the end date."
    elif outcome != MediationReferral.Outcome.IN_PROGRESS and ended_on is None:
        errors.setdefault("ended_on", "Enter the date mediation ended or the customer declined it.")
    _raise_if(errors)
    before = current.get_outcome_display()
    referral.customer_agreed = customer_agreed
    referral.first_session_on = first_session_on
    referral.ended_on = ended_on
    referral.outcome = outcome
    referral.outcome_notes = outcome_notes.strip()
    referral.updated_at = timezone.now()
    referral.version = save_if_version(
        referral,
        expected_version=current.version,
        fields=[
            "customer_agreed",
            "first_session_on",
            "ended_on",
            "outcome",
            "outcome_notes",
            "updated_at",
        ],
    )
    add_chronology_entry(
        case=referral.case,
        kind=ChronologyEntry.Kind.MEDIATION,
        summary=f"Mediation with {referral.service_name} updated: {referral.get_outcome_display()}",
        body=referral.outcome_notes,
        by=by,
        at=_when(ended_on) if ended_on else None,
    )
    record_event(
        subject=referral,
        by=by,
        kind=Event.MEDIATION_RECORDED,
        detail={"case": referral.case_id, "change": "updated", "from": before, "to": outcome},
    )
    return referral


# --- legal action -------------------------------------------------------------------------


def _check_legal_action(
    *,
    case: Case,
    status: str,
    application_on: date | None,
    court_name: str,
    outcome: str,
    decision: Decision | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if status not in LegalAction.Status.values:
        errors["status"] = "Select where the legal action has got to."
    elif status in LegalAction.AFTER_APPLICATION:
        if application_on is None:
            errors["application_on"] = "Enter the date the application was made to the court."
        if not court_name.strip():
            errors["court_name"] = "Enter the name of the court."
    if status in {LegalAction.Status.ORDER_MADE, LegalAction.Status.REFUSED} and not (
        outcome.strip()
    ):
        errors["outcome"] = "Describe what the court decided."
    errors |= _not_in_future(
        application_on, "application_on", "The application date must be today or in the past."
    )
    if decision is not None and (
        decision.case_id != case.pk or decision.response != Response.LEGAL_ACTION
    ):
        errors["decision"] = "Choose a decision on this case to take legal action."
    return errors


@transaction.atomic
def start_legal_action(
    *,
    case: Case,
    kind: str,
    status: str = LegalAction.Status.CONSIDERING,
    court_name: str = "",
    application_on: date | None = None,
    decision: Decision | None = None,
    by: User,
) -> LegalAction:
    errors = _check_legal_action(
        case=case,
        status=status,
        application_on=application_on,
        court_name=court_name,
        outcome="",
        decision=decision,
    )
    if kind not in LegalAction.Kind.values:
        errors["kind"] = "Select the kind of legal action."
    if status in LegalAction.FINISHED:
        errors["status"] = "Record the legal action first, then record how it ended."
    _raise_if(errors)
    now = timezone.now()
    legal_action = LegalAction.objects.create(
        case=case,
        kind=kind,
        status=status,
        court_name=court_name.strip(),
        application_on=application_on,
        decision=decision,
        recorded_by=by,
        recorded_at=now,
        updated_at=now,
    )
    add_chronology_entry(
        case=case,
        kind=ChronologyEntry.Kind.LEGAL_ACTION,
        summary=f"{legal_action.get_kind_display()}: {legal_action.get_status_display()}",
        by=by,
    )
    record_event(
        subject=legal_action,
        by=by,
        kind=Event.LEGAL_ACTION_RECORDED,
        detail={"case": case.pk, "change": "started", "kind": kind, "status": status},
    )
    return legal_action


@transaction.atomic
def update_legal_action(
    *,
    legal_action: LegalAction,
    status: str,
    court_name: str,
    application_on: date | None,
    outcome: str,
    decision: Decision | None,
    by: User,
    expected_version: int | None = None,
) -> LegalAction:
    """`expected_version` is the version the editor's page was loaded at: if someone saved in
    between, refuse rather than overwrite their change."""
    current = LegalAction.objects.select_for_update().get(pk=legal_action.pk)
    refuse_if_stale(current, expected_version)
    _raise_if(
        _check_legal_action(
            case=legal_action.case,
            status=status,
            application_on=application_on,
            court_name=court_name,
            outcome=outcome,
            decision=decision,
        )
    )
    before = current.status
    legal_action.status = status
    legal_action.court_name = court_name.strip()
    legal_action.application_on = application_on
    legal_action.outcome = outcome.strip()
    legal_action.decision = decision
    legal_action.updated_at = timezone.now()
    legal_action.version = save_if_version(
        legal_action,
        expected_version=current.version,
        fields=["status", "court_name", "application_on", "outcome", "decision", "updated_at"],
    )
    add_chronology_entry(
        case=legal_action.case,
        kind=ChronologyEntry.Kind.LEGAL_ACTION,
        summary=f"{legal_action.get_kind_display()}: {legal_action.get_status_display()}",
        body=legal_action.outcome,
        by=by,
    )
    record_event(
        subject=legal_action,
        by=by,
        kind=Event.LEGAL_ACTION_RECORDED,
        detail={
            "case": legal_action.case_id,
            "change": "updated",
            "from": before,
            "to": status,
        },
    )
    return legal_action


@transaction.atomic
def add_hearing(
    *,
    legal_action: LegalAction,
    on: date,
    court: str,
    purpose: str,
    result: str = "",
    by: User,
) -> LegalHearing:
    errors = _required(court, "court", "Enter the name of the court.")
    errors |= _required(purpose, "purpose", "Enter what the hearing is for.")
    if result.strip() and on > timezone.localdate():
        errors["result"] = "A hearing that has not happened yet has no result."
    _raise_if(errors)
    hearing = LegalHearing.objects.create(
        legal_action=legal_action,
        on=on,
        court=court.strip(),
        purpose=purpose.strip(),
        result=result.strip(),
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    add_chronology_entry(
        case=legal_action.case,
        kind=ChronologyEntry.Kind.LEGAL_ACTION,
        summary=f"Hearing on {on:%d %B %Y} at {hearing.court}: {hearing.purpose}",
        body=hearing.result,
        by=by,
    )
    record_event(
        subject=legal_action,
        by=by,
        kind=Event.LEGAL_ACTION_RECORDED,
        detail={"case": legal_action.case_id, "change": "hearing_added", "hearing": hearing.pk},
    )
    return hearing


@transaction.atomic
def record_hearing_result(*, hearing: LegalHearing, result: str, by: User) -> LegalHearing:
    errors = _required(result, "result", "Enter what happened at the hearing.")
    if hearing.on > timezone.localdate():
        errors["result"] = "This hearing has not happened yet: record its result on the day."
    _raise_if(errors)
    hearing.result = result.strip()
    hearing.save(update_fields=["result"])
    legal_action = hearing.legal_action
    add_chronology_entry(
        case=legal_action.case,
        kind=ChronologyEntry.Kind.LEGAL_ACTION,
        summary=f"Result of the hearing on {hearing.on:%d %B %Y} at {hearing.court}",
        body=hearing.result,
        by=by,
        at=_when(hearing.on),
    )
    record_event(
        subject=legal_action,
        by=by,
        kind=Event.LEGAL_ACTION_RECORDED,
        detail={"case": legal_action.case_id, "change": "hearing_result", "hearing": hearing.pk},
    )
    return hearing


# --- police -------------------------------------------------------------------------------


@transaction.atomic
def record_police_report(
    *,
    case: Case,
    force: str,
    reported_on: date,
    crime_reference: str = "",
    officer_in_charge: str = "",
    notes: str = "",
    incident: Incident | None = None,
    by: User,
) -> PoliceReport:
    errors = _required(force, "force", "Enter the police force the report was made to.")
    errors |= _not_in_future(
        reported_on, "reported_on", "The date reported must be today or in the past."
    )
    if incident is not None and incident.case_id != case.pk:
        errors["incident"] = "Choose an incident on this case."
    _raise_if(errors)
    report = PoliceReport.objects.create(
        case=case,
        incident=incident,
        force=force.strip(),
        reported_on=reported_on,
        crime_reference=crime_reference.strip(),
        officer_in_charge=officer_in_charge.strip(),
        notes=notes.strip(),
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    reference = f" (crime reference {report.crime_reference})" if report.crime_reference else ""
    add_chronology_entry(
        case=case,
        kind=ChronologyEntry.Kind.POLICE,
        summary=f"Reported to {report.force}{reference}",
        by=by,
        at=_when(reported_on),
    )
    record_event(
        subject=report,
        by=by,
        kind=Event.POLICE_REPORT_RECORDED,
        detail={"case": case.pk, "incident": incident.pk if incident else None},
    )
    return report


# --- information sharing ------------------------------------------------------------------


def _check_sharing_basis(
    lawful_basis: str, other_legal_gateway: str, condition: str, other_condition: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if lawful_basis not in LawfulBasis.values:
        errors["lawful_basis"] = "Select the legal gateway for sharing."
    elif lawful_basis == LawfulBasis.OTHER and not other_legal_gateway.strip():
        errors["other_legal_gateway"] = "Enter the other legal gateway for sharing."
    if condition not in DataProtectionCondition.values:
        errors["data_protection_condition"] = "Select the data protection condition."
    elif condition == DataProtectionCondition.OTHER and not other_condition.strip():
        errors["other_condition"] = "Enter the other data protection condition."
    return errors


def _tell_approvers(*, case: Case, by: User) -> None:
    # Anyone but the proposer: nobody approves their own disclosure.
    approvers = User.objects.filter(is_active=True, role__in=DISCLOSURE_APPROVER_ROLES).exclude(
        pk=by.pk
    )
    for approver in approvers:
        notify(
            recipient=approver,
            kind=Notification.Kind.DISCLOSURE_APPROVAL_NEEDED,
            message=f"A disclosure on case {case.reference} needs your approval.",
            url=reverse("interventions:sharing_log") + "?state=awaiting_approval",
        )


@transaction.atomic
def propose_disclosure(
    *,
    case: Case,
    shared_with_organisation: str,
    shared_with_person: str = "",
    what_was_shared: str,
    purpose: str,
    lawful_basis: str,
    other_legal_gateway: str = "",
    data_protection_condition: str,
    other_condition: str = "",
    by: User,
) -> Disclosure:
    errors = _required(
        shared_with_organisation,
        "shared_with_organisation",
        "Enter the organisation the information would be shared with.",
    )
    errors |= _required(what_was_shared, "what_was_shared", "Describe the information to share.")
    errors |= _required(purpose, "purpose", "Enter why the information needs to be shared.")
    errors |= _check_sharing_basis(
        lawful_basis, other_legal_gateway, data_protection_condition, other_condition
    )
    _raise_if(errors)
    disclosure = Disclosure.objects.create(
        case=case,
        shared_with_organisation=shared_with_organisation.strip(),
        shared_with_person=shared_with_person.strip(),
        what_was_shared=what_was_shared.strip(),
        purpose=purpose.strip(),
        lawful_basis=lawful_basis,
        other_legal_gateway=other_legal_gateway.strip() if lawful_basis == "other" else "",
        data_protection_condition=data_protection_condition,
        other_condition=other_condition.strip() if data_protection_condition == "other" else "",
        proposed_by=by,
        proposed_at=timezone.now(),
    )
    add_chronology_entry(
        case=case,
        kind=ChronologyEntry.Kind.POLICE,
        summary=f"Disclosure to {disclosure.shared_with_organisation} proposed for approval",
        by=by,
    )
    record_event(
        subject=disclosure,
        by=by,
        kind=Event.DISCLOSURE_PROPOSED,
        detail={"case": case.pk, "lawful_basis": lawful_basis},
    )
    _tell_approvers(case=case, by=by)
    return disclosure


@transaction.atomic
def approve_disclosure(*, disclosure: Disclosure, by: User) -> Disclosure:
    # Lock the row so two approvers at once cannot both approve it.
    disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if by.role not in DISCLOSURE_APPROVER_ROLES:
        raise ValidationError(
            "Only the Head of Customer and Community Support or the Director of Customer "
            "Operations can approve a disclosure."
        )
    if disclosure.proposed_by_id == by.pk:
        raise ValidationError(SELF_APPROVAL_REFUSED)
    if disclosure.is_approved:
        raise ValidationError("This disclosure has already been approved.")
    disclosure.approved_by = by
    disclosure.approved_at = timezone.now()
    disclosure.save(update_fields=["approved_by", "approved_at"])
    add_chronology_entry(
        case=disclosure.case,
        kind=ChronologyEntry.Kind.POLICE,
        summary=f"Disclosure to {disclosure.shared_with_organisation} approved",
        by=by,
    )
    record_event(
        subject=disclosure,
        by=by,
        kind=Event.DISCLOSURE_APPROVED,
        detail={"case": disclosure.case_id, "proposed_by": disclosure.proposed_by_id},
    )
    return disclosure


@transaction.atomic
def record_disclosure_shared(
    *, disclosure: Disclosure, shared_on: date, method: str, by: User
) -> Disclosure:
    disclosure = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if not disclosure.is_approved:
        raise ValidationError(
            {"shared_on": "This disclosure has not been approved: do not share it yet."}
        )
    if disclosure.is_shared:
        raise ValidationError({"shared_on": "This disclosure has already been recorded as shared."})
    assert disclosure.approved_at is not None
    errors = _required(method, "method", "Enter how the information was shared.")
    errors |= _not_in_future(
        shared_on, "shared_on", "The date shared must be today or in the past."
    )
    if shared_on < timezone.localdate(disclosure.approved_at):
        errors["shared_on"] = "The date shared must be on or after the date it was approved."
    _raise_if(errors)
    disclosure.shared_on = shared_on
    disclosure.method = method.strip()
    disclosure.shared_recorded_by = by
    disclosure.save(update_fields=["shared_on", "method", "shared_recorded_by"])
    add_chronology_entry(
        case=disclosure.case,
        kind=ChronologyEntry.Kind.POLICE,
        summary=f"Information shared with {disclosure.shared_with_organisation}",
        by=by,
        at=_when(shared_on),
    )
    # The audit log has no separate kind for this step: it is the approved disclosure's
    # completion, recorded against the same row with the step named.
    record_event(
        subject=disclosure,
        by=by,
        kind=Event.DISCLOSURE_SHARED,
        detail={"case": disclosure.case_id, "step": "shared", "shared_on": shared_on.isoformat()},
    )
    return disclosure
