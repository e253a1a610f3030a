"""What the retention schedule does to each record (the table in docs/architecture.md).

Rows that governance counts (dates, behaviours, severity, outcomes) are kept and anonymised:
narrative blanked, names removed, files deleted. Rows that are nothing but personal data
(evidence files, corrections, customers' statements, old contact events) are erased.
Call inside a transaction; each function marks what it did so it is never done twice.
"""

from datetime import date, datetime

from django.apps import apps
from django.core.files.storage import storages
from django.db.models import Model

from appeals.models import Appeal
from audit.actions import record_event
from audit.models import Event
from cases.models import Case, ChronologyEntry
from decisions.models import Assessment, Decision, NeedsCheck
from flags.models import WarningFlag
from incidents.models import Evidence, Incident, IncidentPerson, Witness
from interventions.models import (
    Disclosure,
    LegalAction,
    LegalHearing,
    MediationReferral,
    PoliceReport,
)
from letters.models import Letter, NonDisclosureDecision
from people.models import Household, Person
from privacy.models import Correction, CustomerStatement, RetentionMark, SubjectAccessRequest
from restrictions.models import ContactRestriction
from reviews.models import Review

# Required text fields are given this instead of being left empty.
REMOVED = "Removed under the retention schedule."


def _mark(row: Model, *, today: date) -> None:
    RetentionMark.objects.get_or_create(
        object_type=row._meta.label_lower, object_id=row.pk, defaults={"applied_on": today}
    )


def _optional(label: str) -> type[Model] | None:
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _redact_audit_details(model: type[Model], ids: list[int]) -> None:
    """The audit trail keeps every row (who, when, what kind, which record) but not what a
    row's detail said: a reason or an old name copied there would outlive the erasure that
    UK GDPR's storage-limitation principle requires. The one update the application ever makes
    to audit rows, and only here."""
    from audit.models import AuditEvent

    if ids:
        AuditEvent.objects.filter(
            object_type=model._meta.label_lower, object_id__in=[str(pk) for pk in ids]
        ).exclude(detail={}).update(detail={"redacted": "retention"})


def anonymise_measure(measure: WarningFlag | ContactRestriction, *, today: date) -> int:
    """A lifted flag or restriction: its reasons and who it named are removed."""
    model = type(measure)
    changes: dict[str, str] = {"lift_reason": REMOVED}
    if isinstance(measure, WarningFlag):
        changes["handling_instruction"] = REMOVED
    else:
        changes.update(advocate_name="", advocate_contact="", meeting_place="")
    model._default_manager.filter(pk=measure.pk).update(**changes)
    Decision.objects.filter(pk=measure.decision_id).update(
        basis=REMOVED, adjustment_rationale="", approval_note=""
    )
    CustomerStatement.objects.filter(decision_id=measure.decision_id).delete()
    _redact_audit_details(model, [measure.pk])
    _redact_audit_details(Decision, [measure.decision_id])
    _mark(measure, today=today)
    record_event(
        subject=measure, by=None, kind=Event.RETENTION_APPLIED, detail={"anonymised": True}
    )
    return 0


def _delete_evidence(incident_ids: list[int]) -> int:
    storage = storages["evidence"]
    deleted = 0
    for evidence in Evidence.objects.filter(incident_id__in=incident_ids):
        if storage.exists(evidence.stored_name):
            storage.delete(evidence.stored_name)
            deleted += 1
    Evidence.objects.filter(incident_id__in=incident_ids).delete()
    return deleted


def anonymise_incident(incident: Incident, *, today: date) -> int:
    """Narrative blanked, witnesses unnamed, evidence files deleted. Returns files deleted."""
    Incident.objects.filter(pk=incident.pk).update(
        description=REMOVED,
        exact_words="",
        location="",
        injury_details="",
        crime_reference="",
        discrimination_grounds_other="",
    )
    IncidentPerson.objects.filter(incident=incident, person__isnull=True).update(
        unknown_description="Not identified"
    )
    Witness.objects.filter(incident=incident).update(name="Removed", contact_details="")
    Correction.objects.filter(incident=incident).delete()
    CustomerStatement.objects.filter(incident=incident).delete()
    files = _delete_evidence([incident.pk])
    _mark(incident, today=today)
    return files


def _anonymise_decisions(case: Case) -> None:
    decisions = Decision.objects.filter(case=case)
    decisions.update(basis=REMOVED, adjustment_rationale="", approval_note="")
    NonDisclosureDecision.objects.filter(case=case).update(reason=REMOVED)
    Appeal.objects.filter(decision__case=case).update(grounds=REMOVED, outcome_reasons="")
    Review.objects.filter(decision__case=case).update(reasons=REMOVED)
    WarningFlag.objects.filter(case=case).update(handling_instruction=REMOVED)
    WarningFlag.objects.filter(case=case, lifted_at__isnull=False).update(lift_reason=REMOVED)
    restrictions = ContactRestriction.objects.filter(case=case)
    restrictions.update(advocate_name="", advocate_contact="", meeting_place="")
    restrictions.filter(lifted_at__isnull=False).update(lift_reason=REMOVED)
    _redact_audit_details(Decision, list(decisions.values_list("pk", flat=True)))
    _redact_audit_details(
        WarningFlag, list(WarningFlag.objects.filter(case=case).values_list("pk", flat=True))
    )
    _redact_audit_details(ContactRestriction, list(restrictions.values_list("pk", flat=True)))


def _anonymise_letters(case: Case) -> None:
    # The one lawful exception to "an issued letter is never rewritten": its retention period
    # is over. A queryset update, because Letter.save() refuses issued letters by design.
    Letter.objects.filter(case=case).update(
        behaviour_found="",
        expected_behaviour="",
        consequences="",
        measure_duration="",
        body="",
        recipient_name="",
        recipient_address="",
    )
    Letter.objects.filter(case=case, status=Letter.Status.ISSUED).update(
        pdf=b"", large_print_pdf=b""
    )


def _anonymise_interventions(case: Case) -> None:
    MediationReferral.objects.filter(case=case).update(outcome_notes="")
    LegalAction.objects.filter(case=case).update(outcome="")
    LegalHearing.objects.filter(legal_action__case=case).update(result="")
    PoliceReport.objects.filter(case=case).update(
        notes="", officer_in_charge="", crime_reference=""
    )
    Disclosure.objects.filter(case=case).update(
        what_was_shared=REMOVED, purpose=REMOVED, shared_with_person=""
    )


def anonymise_case(case: Case, *, today: date) -> None:
    """A closed case past its period: every narrative on it blanked, figures kept."""
    Case.objects.filter(pk=case.pk).update(closure_reason="")
    ChronologyEntry.objects.filter(case=case).update(summary=REMOVED, body="")
    Assessment.objects.filter(case=case).update(notes="", recommendation_reasons=[])
    NeedsCheck.objects.filter(case=case).update(
        needs=[],
        other_need="",
        communication_needs=[],
        referral_agency="",
        referral_outcome="",
        notes="",
    )
    _anonymise_decisions(case)
    _anonymise_letters(case)
    _anonymise_interventions(case)
    CustomerStatement.objects.filter(case=case).delete()
    breach = _optional("contacts.restrictionbreach")
    if breach is not None:
        breach._default_manager.filter(restriction__case=case).update(detail="")
    signal = _optional("contacts.demandsignal")
    if signal is not None:
        signal._default_manager.filter(incident__case=case).update(explanation="", figures={})
    _mark(case, today=today)
    record_event(subject=case, by=None, kind=Event.RETENTION_APPLIED, detail={"anonymised": True})


def anonymise_person(person: Person, *, today: date) -> None:
    """Nothing about them is within retention: their name and details go."""
    household_id = person.household_id
    Person.objects.filter(pk=person.pk).update(
        external_reference=None,
        first_name="",
        last_name="Anonymised",
        date_of_birth=None,
        household=None,
        email="",
        phone="",
    )
    if household_id and not Person.objects.filter(household_id=household_id).exists():
        # A household named after the family says who lived there; nobody is left in it.
        Household.objects.filter(pk=household_id).update(name=f"Household {household_id}")
    Correction.objects.filter(person=person).delete()
    CustomerStatement.objects.filter(person=person).delete()
    SubjectAccessRequest.objects.filter(person=person).update(
        status=SubjectAccessRequest.Status.ERASED, report_pdf=None, data_json=None, bundle_zip=None
    )
    for label in ("governance.equalityprofile", "contacts.personsummary"):
        model = _optional(label)
        if model is not None:
            model._default_manager.filter(person=person).delete()
    signal = _optional("contacts.demandsignal")
    if signal is not None:
        signal._default_manager.filter(person=person).update(explanation="", figures={})
    _mark(person, today=today)
    _redact_audit_details(Person, [person.pk])
    record_event(subject=person, by=None, kind=Event.RETENTION_APPLIED, detail={"anonymised": True})


def erase_old_contacts(*, before: datetime) -> int:
    """Contact events past their period are erased. The counts derived from them cover only
    the last 90 days (contacts.PersonSummary), long inside any retention period.
    An event that is evidence of a breach stays until its case's own period ends."""
    event = _optional("contacts.contactevent")
    if event is None:
        return 0
    old = event._default_manager.filter(occurred_at__lte=before)
    breach = _optional("contacts.restrictionbreach")
    if breach is not None:
        old = old.exclude(pk__in=breach._default_manager.values("event_id"))
    _total, per_model = old.delete()
    erased = per_model.get(event._meta.label, 0)
    return erased


def has_recent_contacts(person: Person) -> bool:
    event = _optional("contacts.contactevent")
    return event is not None and event._default_manager.filter(person=person).exists()
