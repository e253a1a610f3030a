from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from access.models import Role, User
from audit.actions import record_event
from audit.models import Event
from cases.actions import open_case_for
from cases.models import ChronologyEntry
from incidents.evidence import CheckedFile, delete_stored_files, store_evidence_file
from incidents.models import (
    AffectedColleague,
    Behaviour,
    Channel,
    DiscriminationGround,
    Evidence,
    Incident,
    IncidentBehaviour,
    IncidentPerson,
    Witness,
)
from notifications.actions import notify
from notifications.models import Notification
from people.models import Person, Property


@dataclass(frozen=True)
class WitnessDetails:
    name: str
    contact_details: str = ""
    colleague: User | None = None


@dataclass(frozen=True)
class IncidentReport:
    """What a colleague reports. Parsed by the form or the API; validated by the action."""

    occurred_at: datetime
    colleague_at_work: bool
    channel: str
    description: str
    behaviours: Sequence[str]
    affected_colleagues: Sequence[User]
    responsible_people: Sequence[Person] = ()
    unknown_people: Sequence[str] = ()
    involved_people: Sequence[Person] = ()
    location: str = ""
    home: Property | None = None
    exact_words: str = ""
    discrimination_grounds: Sequence[str] = ()
    discrimination_grounds_other: str = ""
    witnesses: Sequence[WitnessDetails] = ()
    injuries: bool = False
    injury_details: str = ""
    police_attended: bool = False
    police_reported: bool = False
    crime_reference: str = ""
    possible_antisocial_behaviour: bool = False
    possible_hate_incident: bool = False
    evidence: Sequence[CheckedFile] = field(default_factory=tuple)


def validate_report(report: IncidentReport) -> None:
    errors: dict[str, str] = {}
    if report.occurred_at > timezone.now() + timedelta(minutes=5):
        errors["occurred_at"] = "The date and time it happened must be in the past."
    if report.channel not in Channel.values:
        errors["channel"] = "Select how the behaviour happened."
    if not report.description.strip():
        errors["description"] = "Describe what happened."
    if not report.behaviours:
        errors["behaviours"] = "Select at least one kind of behaviour."
    elif any(b not in Behaviour.values for b in report.behaviours):
        errors["behaviours"] = "Select kinds of behaviour from the list."
    if Behaviour.DEROGATORY_REMARKS in report.behaviours and not report.discrimination_grounds:
        errors["discrimination_grounds"] = (
            "Select the grounds of the derogatory or discriminatory remarks."
        )
    if any(g not in DiscriminationGround.values for g in report.discrimination_grounds):
        errors["discrimination_grounds"] = "Select grounds from the list."
    if not report.responsible_people and not any(d.strip() for d in report.unknown_people):
        errors["responsible"] = (
            "Select the person responsible, or describe them if they are not known."
        )
    if not report.affected_colleagues:
        errors["affected_colleagues"] = "Say which colleagues it was directed at."
    if report.injuries and not report.injury_details.strip():
        errors["injury_details"] = "Describe the injuries."
    if errors:
        raise ValidationError(errors)


def report_incident(*, report: IncidentReport, by: User) -> Incident:
    """Record an incident, attach it to the responsible person's case, tell line managers.

    NHS Violence Prevention and Reduction Standard: every incident is reported and the
    affected colleague's manager is told at once so support can be offered.
    """
    validate_report(report)
    stored: list[tuple[str, str]] = []
    try:
        for checked in report.evidence:
            stored.append(store_evidence_file(checked))
        return _record_incident(report=report, by=by, stored=stored)
    except BaseException:
        # The transaction rolled back: no row points at these files, so remove them.
        delete_stored_files([name for name, _sha in stored])
        raise


@transaction.atomic
def _record_incident(
    *, report: IncidentReport, by: User, stored: list[tuple[str, str]]
) -> Incident:
    now = timezone.now()
    incident = Incident.objects.create(
        reported_by=by,
        reported_at=now,
        occurred_at=report.occurred_at,
        colleague_at_work=report.colleague_at_work,
        channel=report.channel,
        location=report.location.strip(),
        home=report.home,
        description=report.description.strip(),
        exact_words=report.exact_words.strip(),
        discrimination_grounds=sorted(set(report.discrimination_grounds)),
        discrimination_grounds_other=report.discrimination_grounds_other.strip(),
        injuries=report.injuries,
        injury_details=report.injury_details.strip() if report.injuries else "",
        police_attended=report.police_attended,
        police_reported=report.police_reported,
        crime_reference=report.crime_reference.strip(),
        possible_antisocial_behaviour=report.possible_antisocial_behaviour,
        possible_hate_incident=report.possible_hate_incident,
    )
    IncidentBehaviour.objects.bulk_create(
        IncidentBehaviour(incident=incident, behaviour=b) for b in sorted(set(report.behaviours))
    )
    _link_people(incident=incident, report=report)
    for witness in report.witnesses:
        Witness.objects.create(
            incident=incident,
            name=witness.name.strip()[:200],
            contact_details=witness.contact_details.strip()[:300],
            colleague=witness.colleague,
        )
    for checked, (stored_name, sha256) in zip(report.evidence, stored, strict=True):
        evidence = Evidence.objects.create(
            incident=incident,
            stored_name=stored_name,
            original_name=checked.original_name,
            content_type=checked.content_type,
            size_bytes=checked.size_bytes,
            sha256=sha256,
            uploaded_by=by,
            uploaded_at=now,
        )
        record_event(
            subject=evidence, by=by, kind=Event.EVIDENCE_ADDED, detail={"incident": incident.pk}
        )
    record_event(subject=incident, by=by, kind=Event.INCIDENT_REPORTED)
    _attach_to_cases(incident=incident, report=report, by=by)
    _tell_line_managers(incident=incident, colleagues=report.affected_colleagues, by=by)
    return incident


def _link_people(*, incident: Incident, report: IncidentReport) -> None:
    links = [
        IncidentPerson(incident=incident, person=p, role=IncidentPerson.Role.RESPONSIBLE)
        for p in dict.fromkeys(report.responsible_people)
    ]
    links += [
        IncidentPerson(
            incident=incident,
            unknown_description=d.strip()[:300],
            role=IncidentPerson.Role.RESPONSIBLE,
        )
        for d in report.unknown_people
        if d.strip()
    ]
    links += [
        IncidentPerson(incident=incident, person=p, role=IncidentPerson.Role.INVOLVED)
        for p in dict.fromkeys(report.involved_people)
        if p not in report.responsible_people
    ]
    IncidentPerson.objects.bulk_create(links)


def _attach_to_cases(*, incident: Incident, report: IncidentReport, by: User) -> None:
    """Each known person responsible gets the incident on their open case (opened if need be)."""
    summary = ", ".join(Behaviour(b).label for b in sorted(set(report.behaviours)))[:300]
    for number, person in enumerate(dict.fromkeys(report.responsible_people)):
        case, _opened = open_case_for(person=person, by=by, at=incident.reported_at)
        if number == 0:
            incident.case = case
            incident.save(update_fields=["case"])
        ChronologyEntry.objects.create(
            case=case,
            at=incident.occurred_at,
            recorded_at=incident.reported_at,
            kind=ChronologyEntry.Kind.INCIDENT,
            summary=summary,
            incident=incident,
            by=by,
        )


def _tell_line_managers(*, incident: Incident, colleagues: Sequence[User], by: User) -> None:
    now = timezone.now()
    url = reverse("incidents:detail", args=[incident.pk])
    for colleague in dict.fromkeys(colleagues):
        managers = (
            [colleague.line_manager]
            if colleague.line_manager_id
            else list(
                # No line manager on record: the Head of Service is told instead,
                # so nobody is missed.
                User.objects.filter(role=Role.HEAD_OF_SERVICE, is_active=True)
            )
        )
        AffectedColleague.objects.create(
            incident=incident,
            colleague=colleague,
            line_manager=colleague.line_manager,
            line_manager_notified_at=now if managers else None,
        )
        for manager in managers:
            if manager is None or not manager.is_active:
                continue
            notify(
                recipient=manager,
                kind=Notification.Kind.TEAM_MEMBER_AFFECTED,
                message=(
                    f"{colleague.display_name} was affected by an incident on "
                    f"{timezone.localtime(incident.occurred_at):%d %B %Y at %H:%M} "
                    f"({incident.reference}). Talk to them about support."
                ),
                url=url,
            )
            record_event(
                subject=incident,
                by=by,
                kind=Event.LINE_MANAGER_NOTIFIED,
                detail={"colleague": colleague.pk, "manager": manager.pk},
            )
