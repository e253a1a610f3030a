from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from access.models import Role, Team, User
from audit.actions import record_event
from audit.models import Event
from cases.concurrency import refuse_if_stale, save_if_version
from cases.models import Case, ChronologyEntry
from notifications.actions import notify
from notifications.models import Notification
from people.models import Person


def casework_team_for(person: Person) -> Team:
    """The casework team whose patch covers the person's home, else the first casework team."""
    teams = list(Team.objects.filter(handles_cases=True).order_by("id"))
    if not teams:
        raise ValidationError("No casework team is set up to take new cases.")
    household = person.household
    postcode = household.property.postcode if household and household.property else ""
    return next((team for team in teams if team.covers_postcode(postcode)), teams[0])


def least_busy_officer(team: Team) -> User | None:
    return (
        User.objects.filter(is_active=True, role=Role.CASE_OFFICER, team=team)
        .annotate(
            open_cases=Count("assigned_cases", filter=Q(assigned_cases__status=Case.Status.OPEN))
        )
        .order_by("open_cases", "id")
        .first()
    )


def open_case_for(*, person: Person, by: User, at: datetime | None = None) -> tuple[Case, bool]:
    """The person's open case, or a new one: (case, opened). Call inside a transaction."""
    # Lock the person so two reports at once cannot open two cases.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    case = Case.objects.filter(person=person, status=Case.Status.OPEN).first()
    if case is not None:
        return case, False
    team = casework_team_for(person)
    officer = least_busy_officer(team)
    now = at or timezone.now()
    case = Case.objects.create(person=person, team=team, assigned_officer=officer, opened_at=now)
    ChronologyEntry.objects.create(
        case=case,
        at=now,
        recorded_at=timezone.now(),
        kind=ChronologyEntry.Kind.OPENED,
        summary=f"Case opened and assigned to {officer.display_name if officer else 'nobody yet'}",
        by=by,
    )
    record_event(subject=case, by=by, kind=Event.CASE_OPENED, detail={"team": team.pk})
    if officer is not None:
        notify(
            recipient=officer,
            kind=Notification.Kind.CASE_ASSIGNED,
            message=f"Case {case.reference} was assigned to you.",
            url=reverse("cases:detail", args=[case.pk]),
        )
    return case, True


@transaction.atomic
def add_case_note(*, case: Case, text: str, by: User) -> ChronologyEntry:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the note."})
    if len(text) > 20000:
        raise ValidationError({"text": "The note must be 20,000 characters or fewer."})
    now = timezone.now()
    entry = ChronologyEntry.objects.create(
        case=case,
        at=now,
        recorded_at=now,
        kind=ChronologyEntry.Kind.NOTE,
        summary=f"Note by {by.display_name}",
        body=text,
        by=by,
    )
    record_event(subject=case, by=by, kind=Event.CASE_NOTE_ADDED, detail={"entry": entry.pk})
    return entry


@transaction.atomic
def assign_case(
    *, case: Case, officer: User, by: User, expected_version: int | None = None
) -> None:
    # Lock the row and read it fresh: the checks below are about the case as it is now.
    current = Case.objects.select_for_update().get(pk=case.pk)
    refuse_if_stale(current, expected_version)
    if (
        officer.role != Role.CASE_OFFICER
        or not officer.is_active
        or officer.team_id != case.team_id
    ):
        raise ValidationError({"officer": "Choose an active case officer in the case's team."})
    if current.assigned_officer_id == officer.pk:
        raise ValidationError(
            {"officer": f"The case is already assigned to {officer.display_name}."}
        )
    previous = current.assigned_officer
    case.assigned_officer = officer
    case.version = save_if_version(
        case, expected_version=current.version, fields=["assigned_officer"]
    )
    now = timezone.now()
    ChronologyEntry.objects.create(
        case=case,
        at=now,
        recorded_at=now,
        kind=ChronologyEntry.Kind.ASSIGNMENT,
        summary=f"Assigned to {officer.display_name}",
        by=by,
    )
    record_event(
        subject=case,
        by=by,
        kind=Event.CASE_ASSIGNED,
        detail={"from": previous.pk if previous else None, "to": officer.pk},
    )
    notify(
        recipient=officer,
        kind=Notification.Kind.CASE_ASSIGNED,
        message=f"Case {case.reference} was assigned to you.",
        url=reverse("cases:detail", args=[case.pk]),
    )


def add_chronology_entry(
    *, case: Case, kind: str, summary: str, by: User, body: str = "", at: datetime | None = None
) -> ChronologyEntry:
    """One line on the case's chronology. Call inside the action's transaction."""
    entry = _entry(case=case, kind=kind, summary=summary, by=by, body=body, at=at)
    entry.save()
    return entry


def add_chronology_entries(
    *, kind: str, by: User | None, lines: list[tuple[Case, str, datetime]]
) -> list[ChronologyEntry]:
    """One line for each (case, summary, at), in one statement: as `add_chronology_entry`,
    for events recorded many at a time (the breaches a batch of contacts brings; `by` is
    None for a batch received from another system)."""
    return ChronologyEntry.objects.bulk_create(
        [_entry(case=case, kind=kind, summary=summary, by=by, at=at) for case, summary, at in lines]
    )


def _entry(
    *, case: Case, kind: str, summary: str, by: User | None, body: str = "", at: datetime | None
) -> ChronologyEntry:
    now = timezone.now()
    return ChronologyEntry(
        case=case,
        at=at or now,
        recorded_at=now,
        kind=kind,
        summary=summary[:300],
        body=body,
        by=by,
    )
