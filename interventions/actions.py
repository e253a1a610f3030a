from datetime import date

from django.db import transaction
from django.utils import timezone

from access.models import User
from audit.actions import record_event
from audit.models import Event
from cases.actions import add_chronology_entry
from cases.concurrency import refuse_if_stale, save_if_version
from cases.models import Case, ChronologyEntry
from decisions.models import Decision, Response
from incidents.models import Incident
from interventions import checks
from interventions.models import (
    LegalAction,
    LegalHearing,
    MediationReferral,
    PoliceReport,
)

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
    errors = checks.required(
        service_name, "service_name", "Enter the name of the mediation service."
    )
    errors |= checks.not_in_future(
        referred_on, "referred_on", "The referral date must be today or in the past."
    )
    errors |= _check_mediation_dates(
        referred_on=referred_on, customer_agreed=customer_agreed, first_session_on=first_session_on
    )
    checks.raise_if(errors)
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
        at=checks.when(referred_on),
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
    errors |= checks.not_in_future(
        ended_on, "ended_on", "The end date must be today or in the past."
    )
    if outcome not in MediationReferral.Outcome.values:
        errors["outcome"] = "Select the outcome of the mediation."
    elif outcome == MediationReferral.Outcome.IN_PROGRESS and ended_on is not None:
        errors["outcome"] = "Select how the mediation ended, or remove the end date."
    elif outcome != MediationReferral.Outcome.IN_PROGRESS and ended_on is None:
        errors.setdefault("ended_on", "Enter the date mediation ended or the customer declined it.")
    checks.raise_if(errors)
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
        at=checks.when(ended_on) if ended_on else None,
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
    errors |= checks.not_in_future(
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
    checks.raise_if(errors)
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
    checks.raise_if(
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
    errors = checks.required(court, "court", "Enter the name of the court.")
    errors |= checks.required(purpose, "purpose", "Enter what the hearing is for.")
    if result.strip() and on > timezone.localdate():
        errors["result"] = "A hearing that has not happened yet has no result."
    checks.raise_if(errors)
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
    errors = checks.required(result, "result", "Enter what happened at the hearing.")
    if hearing.on > timezone.localdate():
        errors["result"] = "This hearing has not happened yet: record its result on the day."
    checks.raise_if(errors)
    hearing.result = result.strip()
    hearing.save(update_fields=["result"])
    legal_action = hearing.legal_action
    add_chronology_entry(
        case=legal_action.case,
        kind=ChronologyEntry.Kind.LEGAL_ACTION,
        summary=f"Result of the hearing on {hearing.on:%d %B %Y} at {hearing.court}",
        body=hearing.result,
        by=by,
        at=checks.when(hearing.on),
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
    errors = checks.required(force, "force", "Enter the police force the report was made to.")
    errors |= checks.not_in_future(
        reported_on, "reported_on", "The date reported must be today or in the past."
    )
    if incident is not None and incident.case_id != case.pk:
        errors["incident"] = "Choose an incident on this case."
    checks.raise_if(errors)
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
        at=checks.when(reported_on),
    )
    record_event(
        subject=report,
        by=by,
        kind=Event.POLICE_REPORT_RECORDED,
        detail={"case": case.pk, "incident": incident.pk if incident else None},
    )
    return report
