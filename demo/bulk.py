"""Demo data at housing-association scale, written in bulk.

The rows written here must satisfy what the actions enforce (demo/invariants.py checks both
paths): every incident has a behaviour and an affected colleague whose line manager was
told; an incident with a known person responsible sits on that person's case and its
chronology; one open case per person; every change has its audit row.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import models, transaction

from access.models import Role, Team, User
from audit.models import AuditEvent, Event
from cases.models import Case, ChronologyEntry
from demo import synthetic
from demo.tables import TableWriter
from incidents.models import (
    AffectedColleague,
    Behaviour,
    Incident,
    IncidentBehaviour,
    IncidentPerson,
)
from notifications.models import Notification

CHUNK_PEOPLE = 2000  # responsible people per transaction in the incident phase


@dataclass
class Staff:
    reporters: list[User]
    officers_by_team: dict[int, list[User]]
    teams: list[Team]
    admin: User
    next_officer: dict[int, int] = field(default_factory=lambda: defaultdict(int))

    def officer_for(self, team: Team) -> User | None:
        officers = self.officers_by_team.get(team.pk) or []
        if not officers:
            return None
        self.next_officer[team.pk] += 1
        return officers[self.next_officer[team.pk] % len(officers)]

    def team_for(self, postcode: str) -> Team:
        return next((t for t in self.teams if t.covers_postcode(postcode)), self.teams[0])


def bulk_colleagues(*, persons: int, users: dict[str, User], rng: random.Random) -> Staff:
    """Enough colleagues for the size of the landlord: about one frontline colleague per 500."""
    manager_count = max(2, persons // 5000)
    frontline_count = max(10, persons // 500)
    officer_count = max(2, persons // 10000)
    teams = list(Team.objects.filter(handles_cases=True).order_by("id"))
    contact_team = users["frontline"].team
    made: list[User] = []
    managers = [users["line_manager"]]
    for number in range(manager_count):
        managers.append(
            _colleague(
                f"manager{number + 1:03d}",
                Role.LINE_MANAGER,
                contact_team,
                users["head_of_service"],
                rng,
                made,
            )
        )
    reporters = [users["frontline"]]
    for number in range(frontline_count):
        reporters.append(
            _colleague(
                f"colleague{number + 1:04d}",
                Role.FRONTLINE,
                contact_team,
                managers[number % len(managers)],
                rng,
                made,
            )
        )
    officers: dict[int, list[User]] = defaultdict(list)
    officers[users["officer"].team_id].append(users["officer"])  # type: ignore[index]
    officers[users["other_officer"].team_id].append(users["other_officer"])  # type: ignore[index]
    for number in range(officer_count):
        team = teams[number % len(teams)]
        officers[team.pk].append(
            _colleague(
                f"caseofficer{number + 1:03d}",
                Role.CASE_OFFICER,
                team,
                users["head_of_service"],
                rng,
                made,
            )
        )
    return Staff(
        reporters=reporters, officers_by_team=dict(officers), teams=teams, admin=users["admin"]
    )


def _colleague(
    username: str,
    role: Role,
    team: Team | None,
    manager: User,
    rng: random.Random,
    made: list[User],
) -> User:
    existing = User.objects.filter(username=username).first()
    if existing:
        return existing
    first, last = synthetic.person_name(rng)
    user = User(
        username=username,
        first_name=first,
        last_name=last,
        role=role,
        team=team,
        line_manager=manager,
        email=f"{username}@safecontact.example",
        job_title=role.label,
    )
    user.set_unusable_password()
    user.save()
    made.append(user)
    return user


def _reload(staff: Staff) -> Staff:
    """Read the colleagues back with their line managers, so no row costs a query."""
    by_name = {u.username: u for u in User.objects.select_related("line_manager")}
    staff.reporters = [by_name[u.username] for u in staff.reporters]
    staff.officers_by_team = {
        team: [by_name[u.username] for u in people]
        for team, people in staff.officers_by_team.items()
    }
    return staff


class IncidentBatch:
    """Rows for one chunk of people responsible, with keys allotted up front."""

    def __init__(self, writer: TableWriter) -> None:
        self.writer = writer
        self.ids: dict[type[models.Model], int] = {
            model: writer.next_id(model)
            for model in (
                Case,
                Incident,
                IncidentBehaviour,
                IncidentPerson,
                AffectedColleague,
                ChronologyEntry,
                AuditEvent,
                Notification,
            )
        }
        self.rows: dict[type[models.Model], list[tuple[Any, ...]]] = defaultdict(list)

    def add(self, model: type[models.Model], *values: Any) -> int:
        key = self.ids[model]
        self.ids[model] += 1
        self.rows[model].append((key, *values))
        return key

    def flush(self) -> None:
        w, r = self.writer, self.rows
        w.write(
            Case,
            [
                "id",
                "person_id",
                "team_id",
                "assigned_officer_id",
                "status",
                "opened_at",
                "closed_at",
                "closure_reason",
                "version",
            ],
            r[Case],
        )
        w.write(Incident, INCIDENT_COLUMNS, r[Incident])
        w.write(IncidentBehaviour, ["id", "incident_id", "behaviour"], r[IncidentBehaviour])
        w.write(
            IncidentPerson,
            ["id", "incident_id", "person_id", "unknown_description", "role"],
            r[IncidentPerson],
        )
        w.write(
            AffectedColleague,
            ["id", "incident_id", "colleague_id", "line_manager_id", "line_manager_notified_at"],
            r[AffectedColleague],
        )
        w.write(
            ChronologyEntry,
            [
                "id",
                "case_id",
                "at",
                "recorded_at",
                "kind",
                "summary",
                "body",
                "incident_id",
                "by_id",
            ],
            r[ChronologyEntry],
        )
        w.write(
            Notification,
            ["id", "recipient_id", "kind", "message", "url", "created_at", "read_at", "emailed_at"],
            r[Notification],
        )
        w.write(
            AuditEvent,
            [
                "id",
                "at",
                "actor_id",
                "actor_role",
                "kind",
                "object_type",
                "object_id",
                "path",
                "detail",
            ],
            r[AuditEvent],
        )


INCIDENT_COLUMNS = [
    "id",
    "case_id",
    "reported_by_id",
    "reported_at",
    "occurred_at",
    "colleague_at_work",
    "channel",
    "location",
    "home_id",
    "description",
    "exact_words",
    "discrimination_grounds",
    "discrimination_grounds_other",
    "injuries",
    "injury_details",
    "police_attended",
    "police_reported",
    "crime_reference",
    "possible_antisocial_behaviour",
    "possible_hate_incident",
]


def bulk_incidents(
    *,
    people: list[tuple[int, str, str]],
    total: int,
    rng: random.Random,
    staff: Staff,
    writer: TableWriter,
    now: datetime,
) -> int:
    staff = _reload(staff)
    responsible = rng.sample(people, max(1, len(people) * 3 // 10))
    counts = synthetic.incident_counts(rng, len(responsible), int(total * 0.97))
    made = 0
    for start in range(0, len(counts), CHUNK_PEOPLE):
        with transaction.atomic():
            batch = IncidentBatch(writer)
            for person, count in zip(
                responsible[start : start + CHUNK_PEOPLE],
                counts[start : start + CHUNK_PEOPLE],
                strict=False,
            ):
                made += _person_history(batch, person, count, rng, staff, now)
            # About 3% of incidents are by someone nobody could identify: no case to join.
            for _ in range(round(sum(counts[start : start + CHUNK_PEOPLE]) * 0.03)):
                made += _incident(batch, None, rng, staff, now, None)
            batch.flush()
    writer.reset_sequences(
        [
            Case,
            Incident,
            IncidentBehaviour,
            IncidentPerson,
            AffectedColleague,
            ChronologyEntry,
            AuditEvent,
            Notification,
        ]
    )
    return made


def _person_history(
    batch: IncidentBatch,
    person: tuple[int, str, str],
    count: int,
    rng: random.Random,
    staff: Staff,
    now: datetime,
) -> int:
    start = now - timedelta(days=3 * 365)
    moments = sorted(
        synthetic.moment_within(rng, start, now - timedelta(hours=1)) for _ in range(count)
    )
    first_reported = min(moments[0] + timedelta(hours=rng.uniform(0.2, 30)), now)
    last = moments[-1]
    team = staff.team_for(person[2])
    officer = staff.officer_for(team)
    closed = last < now - timedelta(days=365)
    closed_at = last + timedelta(days=rng.randint(30, 120)) if closed else None
    case_id = batch.add(
        Case,
        person[0],
        team.pk,
        officer.pk if officer else None,
        "closed" if closed else "open",
        first_reported,
        closed_at,
        "No further incidents; the behaviour stopped." if closed else "",
        1,
    )
    opener = rng.choice(staff.reporters)
    if officer:
        batch.add(
            Notification,
            officer.pk,
            Notification.Kind.CASE_ASSIGNED,
            f"Case CASE-{case_id:06d} was assigned to you.",
            f"/cases/{case_id}/",
            first_reported,
            first_reported,
            first_reported,
        )
    batch.add(
        ChronologyEntry,
        case_id,
        first_reported,
        first_reported,
        "opened",
        f"Case opened and assigned to {officer.display_name if officer else 'nobody yet'}",
        "",
        None,
        opener.pk,
    )
    batch.add(
        AuditEvent,
        first_reported,
        opener.pk,
        opener.role,
        Event.CASE_OPENED,
        "cases.case",
        str(case_id),
        "",
        {"team": team.pk, "bulk": True},
    )
    if closed_at:
        batch.add(
            ChronologyEntry,
            case_id,
            closed_at,
            closed_at,
            "closed",
            "Case closed",
            "No further incidents; the behaviour stopped.",
            None,
            officer.pk if officer else None,
        )
        batch.add(
            AuditEvent,
            closed_at,
            officer.pk if officer else None,
            officer.role if officer else "system",
            Event.CASE_CLOSED,
            "cases.case",
            str(case_id),
            "",
            {"bulk": True},
        )
    for moment in moments:
        _incident(batch, person, rng, staff, now, (case_id, moment))
    return count


def _incident(
    batch: IncidentBatch,
    person: tuple[int, str, str] | None,
    rng: random.Random,
    staff: Staff,
    now: datetime,
    on_case: tuple[int, datetime] | None,
) -> int:
    if on_case:
        case_id: int | None = on_case[0]
        occurred = on_case[1]
    else:
        case_id = None
        occurred = synthetic.moment_within(rng, now - timedelta(days=3 * 365), now)
    reported = min(occurred + timedelta(hours=rng.uniform(0.2, 30)), now)
    reporter = rng.choice(staff.reporters)
    chosen = synthetic.behaviours(rng)
    violent = Behaviour.PHYSICAL_VIOLENCE in chosen
    injuries = violent and rng.random() < 0.5
    derogatory = Behaviour.DEROGATORY_REMARKS in chosen
    name = person[1] if person else "The person"
    incident_id = batch.add(
        Incident,
        case_id,
        reporter.pk,
        reported,
        occurred,
        rng.random() < 0.95,
        synthetic.channel(rng),
        "",
        None,
        synthetic.description(rng, chosen, name, occurred),
        synthetic.exact_words(rng),
        synthetic.grounds(rng) if derogatory else [],
        "",
        injuries,
        "Bruising to the upper arm." if injuries else "",
        False,
        violent or rng.random() < 0.05,
        "",
        False,
        derogatory,
    )
    for kind in chosen:
        batch.add(IncidentBehaviour, incident_id, kind)
    if person:
        batch.add(IncidentPerson, incident_id, person[0], "", "responsible")
    else:
        batch.add(
            IncidentPerson, incident_id, None, "Man in his forties, gave no name", "responsible"
        )
    manager = reporter.line_manager
    batch.add(
        AffectedColleague,
        incident_id,
        reporter.pk,
        manager.pk if manager else None,
        reported if manager else None,
    )
    if case_id:
        summary = ", ".join(Behaviour(b).label for b in chosen)[:300]
        batch.add(
            ChronologyEntry,
            case_id,
            occurred,
            reported,
            "incident",
            summary,
            "",
            incident_id,
            reporter.pk,
        )
    batch.add(
        AuditEvent,
        reported,
        reporter.pk,
        reporter.role,
        Event.INCIDENT_REPORTED,
        "incidents.incident",
        str(incident_id),
        "",
        {"bulk": True},
    )
    if manager:
        batch.add(
            Notification,
            manager.pk,
            Notification.Kind.TEAM_MEMBER_AFFECTED,
            f"{reporter.display_name} was affected by an incident (INC-{incident_id:07d}). "
            f"Talk to them about support.",
            f"/incidents/{incident_id}/",
            reported,
            reported,
            reported,
        )
        batch.add(
            AuditEvent,
            reported,
            reporter.pk,
            reporter.role,
            Event.LINE_MANAGER_NOTIFIED,
            "incidents.incident",
            str(incident_id),
            "",
            {"colleague": reporter.pk, "manager": manager.pk, "bulk": True},
        )
    return 1
