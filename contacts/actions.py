"""Everything that changes the contact log and its signals, in housing language."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from access.models import Role, User
from audit.actions import record_event, record_read
from audit.models import Event
from cases.actions import add_chronology_entry
from cases.models import Case, ChronologyEntry
from contacts.breaches import record_breaches
from contacts.models import (
    Channel,
    ContactEvent,
    ContactImport,
    DemandSignal,
    Direction,
    SignalKind,
    SignalSettings,
    Subject,
)
from contacts.rows import MAX_REFERENCE, MAX_SUMMARY, ParsedContact
from contacts.signals import refresh_people
from contacts.store import stored
from contacts.summaries import add_to_summaries, summary_day
from incidents.actions import IncidentReport, report_incident
from incidents.models import Behaviour, Incident
from incidents.models import Channel as IncidentChannel
from people.models import Person

# Each kind of signal is evidence of the policy's own unreasonable demands.
BEHAVIOURS = {
    SignalKind.VOLUME: [Behaviour.HIGH_VOLUME_CONTACT, Behaviour.EXCESSIVE_APPROACHES],
    SignalKind.CONCENTRATION: [Behaviour.ONE_EMPLOYEE_ONLY],
    SignalKind.CHURN: [Behaviour.CHANGING_SUBSTANCE],
    SignalKind.NOT_LANDLORD: [Behaviour.NOT_OUR_RESPONSIBILITY],
}


@dataclass(frozen=True)
class ContactDetails:
    """What a colleague logs. Parsed by the form; validated by the action."""

    occurred_at: datetime
    channel: str
    direction: str
    subject: str
    handled_by: User | None = None
    asked_for: User | None = None
    reference: str = ""
    summary: str = ""
    safety_issue: bool = False


def validate_contact(details: ContactDetails) -> None:
    errors: dict[str, str] = {}
    if details.occurred_at > timezone.now() + timedelta(minutes=5):
        errors["occurred_at"] = "The date and time of the contact must be in the past."
    if details.channel not in Channel.values:
        errors["channel"] = "Select how they made contact."
    if details.direction not in Direction.values:
        errors["direction"] = "Select whether they contacted us or we contacted them."
    if details.subject not in Subject.values:
        errors["subject"] = "Select what the contact was about."
    if len(details.reference.strip()) > MAX_REFERENCE:
        errors["reference"] = f"The reference must be {MAX_REFERENCE} characters or fewer."
    if len(details.summary.strip()) > MAX_SUMMARY:
        errors["summary"] = f"The summary must be {MAX_SUMMARY} characters or fewer."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def log_contact(*, person: Person, details: ContactDetails, by: User) -> ContactEvent:
    """Log one contact; check it against restrictions and bring the person's signals up to date."""
    validate_contact(details)
    as_of = summary_day()
    event = ContactEvent.objects.create(
        person=person,
        occurred_at=details.occurred_at,
        channel=details.channel,
        direction=details.direction,
        handled_by=details.handled_by,
        asked_for=details.asked_for,
        subject=details.subject,
        safety_issue=details.safety_issue,
        reference=details.reference.strip(),
        summary=details.summary.strip(),
        source="",
        source_event_id=None,
        recorded_at=timezone.now(),
        recorded_by=by,
    )
    contact = stored(_as_parsed(event), event.pk)
    rows = add_to_summaries([contact], as_of)
    breaches = record_breaches([contact], by=by)
    if rows:
        refresh_people(
            [person.pk], with_references=[person.pk] if contact.reference else [], rows=rows
        )
    record_event(
        subject=event,
        by=by,
        kind=Event.CONTACT_LOGGED,
        detail={"person": person.pk, "breaches": breaches},
    )
    return event


def _as_parsed(event: ContactEvent) -> ParsedContact:
    return ParsedContact(
        index=0,
        event_id=None,
        person_id=event.person_id,
        occurred_at=event.occurred_at,
        day=timezone.localtime(event.occurred_at).date(),
        channel=event.channel,
        direction=event.direction,
        handled_by_id=event.handled_by_id,
        asked_for_id=event.asked_for_id,
        subject=event.subject,
        reference=event.reference,
        summary=event.summary,
        safety_issue=event.safety_issue,
    )


def read_contact_log(*, person: Person, by: User) -> None:
    """A person's contact log was shown to a colleague (brief point 9: reads are logged)."""
    record_read(subject=person, by=by, kind=Event.CONTACTS_READ)


def _open_case(person_id: int) -> Case | None:
    return Case.objects.filter(person_id=person_id, status=Case.Status.OPEN).first()


def _refuse_unless_raised(signal: DemandSignal) -> None:
    if not signal.is_raised:
        raise ValidationError(
            f"This signal was already {signal.get_status_display().lower()}: nothing to do."
        )


@transaction.atomic
def dismiss_signal(*, signal: DemandSignal, reason: str, by: User) -> DemandSignal:
    """Dismiss a signal with a reason; it stays quiet until the pattern grows past today's."""
    _refuse_unless_raised(signal)
    if not reason.strip():
        raise ValidationError({"reason": "Say why you are dismissing this signal."})
    signal.status = DemandSignal.Status.DISMISSED
    signal.dismissed_at, signal.dismissed_by = timezone.now(), by
    signal.dismiss_reason = reason.strip()
    signal.full_clean()
    signal.save(update_fields=["status", "dismissed_at", "dismissed_by", "dismiss_reason"])
    case = _open_case(signal.person_id)
    if case is not None:
        add_chronology_entry(
            case=case,
            kind=ChronologyEntry.Kind.DEMAND_SIGNAL,
            summary=f"Demand signal dismissed: {signal.get_kind_display()}",
            body=f"{signal.explanation}\n\nReason: {signal.dismiss_reason}",
            by=by,
        )
    record_event(
        subject=signal, by=by, kind=Event.DEMAND_SIGNAL_DISMISSED, detail={"kind": signal.kind}
    )
    return signal


@transaction.atomic
def act_on_signal(*, signal: DemandSignal, description: str, by: User) -> Incident:
    """Turn a signal into an unreasonable-demands incident on the person's case.

    The officer's decision, not the software's: the incident is then assessed on its merits
    like any other (policy: nature, severity and frequency; a proportionate response).
    """
    _refuse_unless_raised(signal)
    if not description.strip():
        raise ValidationError({"description": "Describe the pattern of contact."})
    colleagues: list[User] = [by]
    named = signal.figures.get("colleague_id") if signal.kind == SignalKind.CONCENTRATION else None
    if named:
        colleague = User.objects.filter(pk=named, is_active=True).first()
        if colleague is not None and colleague != by:
            colleagues.insert(0, colleague)
    incident = report_incident(
        report=IncidentReport(
            occurred_at=timezone.now(),
            colleague_at_work=True,
            channel=IncidentChannel.OTHER,
            description=description.strip(),
            behaviours=BEHAVIOURS[SignalKind(signal.kind)],
            affected_colleagues=colleagues,
            responsible_people=[signal.person],
        ),
        by=by,
    )
    signal.status = DemandSignal.Status.ACTED_ON
    signal.acted_on_at, signal.acted_on_by, signal.incident = timezone.now(), by, incident
    signal.save(update_fields=["status", "acted_on_at", "acted_on_by", "incident"])
    if incident.case is not None:
        add_chronology_entry(
            case=incident.case,
            kind=ChronologyEntry.Kind.DEMAND_SIGNAL,
            summary=f"Demand signal turned into {incident.reference}: {signal.get_kind_display()}",
            body=signal.explanation,
            by=by,
        )
    record_event(
        subject=signal,
        by=by,
        kind=Event.DEMAND_SIGNAL_ACTED_ON,
        detail={"kind": signal.kind, "incident": incident.pk},
    )
    return incident


SETTINGS_FIELDS = [
    "volume_7_days",
    "volume_30_days",
    "volume_90_days",
    "volume_percentile",
    "percentile_minimum",
    "concentration_share",
    "concentration_minimum",
    "concentration_days",
    "churn_changes",
    "not_landlord_90_days",
    "regrowth_percent",
]


@transaction.atomic
def change_signal_settings(*, values: dict[str, Any], by: User) -> SignalSettings:
    """New thresholds, as a new row: the thresholds in force at any time stay on record."""
    if by.role != Role.HEAD_OF_SERVICE:
        raise ValidationError("Only the Head of Service changes the signal thresholds.")
    current = SignalSettings.current()
    changed = SignalSettings(
        **{name: values.get(name, getattr(current, name)) for name in SETTINGS_FIELDS},
        changed_at=timezone.now(),
        changed_by=by,
    )
    changed.full_clean()
    changed.save()
    return changed


@transaction.atomic
def start_contact_import(
    *, file_name: str, text: str, source: str, rows: int, by: User, background: bool
) -> ContactImport:
    """Record an import; a large file waits for the background worker."""
    from contacts.tasks import import_contacts_file

    contact_import = ContactImport.objects.create(
        started_by=by,
        started_at=timezone.now(),
        file_name=file_name[:255],
        source=source,
        content=text,
        total_rows=rows,
    )
    if background:
        transaction.on_commit(lambda: import_contacts_file.enqueue(contact_import.pk))
    return contact_import
