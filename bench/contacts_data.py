"""The contacts benchmark's data: people, colleagues and contact events, written with COPY.

Not through the actions (that would take hours at this size): people and events are copied
in, then the per-person summaries the actions keep are rebuilt from the events in one
statement (`rebuild_summaries`), as if every event had arrived through the app.

Skew, as a landlord sees it: 90% of people contact rarely (a few times in two years), 9%
now and then, 0.9% often, and 0.1% constantly (several times a day), each group bringing
about a quarter of all contacts. The constant few mostly ask for the same colleague.
"""

import time
from typing import Any

import numpy as np
from django.db import connection

from access.models import Role, User

DAYS = 730
CHANNELS = np.array(["phone", "email", "letter", "in_person", "portal", "social_media", "other"])
CHANNEL_P = [0.55, 0.2, 0.05, 0.05, 0.1, 0.03, 0.02]
SUBJECTS = np.array(["repair", "rent", "complaint", "asb", "other", "not_landlord"])
SUBJECT_P = [0.35, 0.2, 0.1, 0.05, 0.25, 0.05]
COLLEAGUES = 200


def person_weights(people: int, rng: np.random.Generator) -> np.ndarray:
    groups = rng.choice(4, size=people, p=[0.9, 0.09, 0.009, 0.001])
    return np.array([1.0, 10.0, 100.0, 1000.0])[groups]


def ensure_colleagues() -> list[tuple[int, str]]:
    missing = [
        User(
            username=f"bench{number:03d}",
            first_name="Bench",
            last_name=f"Colleague {number}",
            role=Role.FRONTLINE,
        )
        for number in range(COLLEAGUES)
        if not User.objects.filter(username=f"bench{number:03d}").exists()
    ]
    User.objects.bulk_create(missing)
    return list(
        User.objects.filter(username__startswith="bench")
        .order_by("pk")
        .values_list("pk", "username")
    )


def copy_people(people: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM people_person")
        start = cursor.fetchone()[0] + 1
        with cursor.cursor.copy(
            "COPY people_person (id, external_reference, kind, first_name, last_name, email, "
            "phone) FROM STDIN"
        ) as copy:
            block = 100_000
            for first in range(0, people, block):
                ids = range(start + first, start + min(first + block, people))
                copy.write(
                    "".join(f"{i}\tBP{i:07d}\tcustomer\tBench\tPerson {i}\t\t\n" for i in ids)
                )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('people_person', 'id'), MAX(id)) "
            "FROM people_person"
        )


def copy_events(
    events: int, person_ids: np.ndarray, colleagues: list[tuple[int, str]], now: Any, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    weights = person_weights(len(person_ids), rng)
    who = rng.choice(person_ids, size=events, p=weights / weights.sum())
    seconds = np.sort(rng.integers(0, DAYS * 86400, size=events))
    base = np.datetime64(now.replace(tzinfo=None), "s") - np.timedelta64(DAYS * 86400, "s")
    stamps = np.datetime_as_string(base + seconds.astype("timedelta64[s]"), unit="s")
    inbound = rng.random(events) < 0.85
    channel = rng.choice(CHANNELS, size=events, p=CHANNEL_P)
    subject = rng.choice(SUBJECTS, size=events, p=SUBJECT_P)
    staff = np.array([pk for pk, _ in colleagues])
    handled = rng.choice(staff, size=events)
    # The constant few ask for "their" colleague most of the time.
    favourite = staff[who % len(staff)]
    heavy = weights[np.searchsorted(person_ids, who)] >= 1000
    asked = np.where(
        heavy & (rng.random(events) < 0.6),
        favourite,
        np.where(rng.random(events) < 0.1, rng.choice(staff, size=events), 0),
    )
    has_reference = rng.random(events) < 0.3
    reference_number = rng.integers(1, 4, size=events)
    # A request keeps its subject; rarely (1 contact in 50) the customer changes it.
    kept = SUBJECTS[(who + reference_number) % len(SUBJECTS)]
    subject = np.where(has_reference & (rng.random(events) > 0.02), kept, subject)
    reference = np.where(
        has_reference,
        np.char.add(
            np.char.add(np.char.add("R", who.astype(str)), "-"), reference_number.astype(str)
        ),
        "",
    )
    columns = [
        who.astype(str),
        np.char.add(stamps, "+00"),
        channel,
        np.where(inbound, "inbound", "outbound"),
        handled.astype(str),
        np.where(asked > 0, asked.astype(str), "\\N"),
        subject,
        np.full(events, "f"),
        reference,
        np.full(events, ""),
        np.full(events, "bench"),
        np.arange(events).astype(str),
        np.char.add(stamps, "+00"),
    ]
    # The generated rows point only at rows that exist: foreign-key triggers are skipped for
    # this load alone (the measurements pay them, as the app does).
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        with cursor.cursor.copy(
            "COPY contacts_contactevent (person_id, occurred_at, channel, direction, "
            "handled_by_id, asked_for_id, subject, safety_issue, reference, summary, source, "
            "source_event_id, recorded_at) FROM STDIN"
        ) as copy:
            block = 500_000
            for first in range(0, events, block):
                lines = columns[0][first : first + block]
                for column in columns[1:]:
                    lines = np.char.add(np.char.add(lines, "\t"), column[first : first + block])
                copy.write("\n".join(lines.tolist()) + "\n")
        cursor.execute("SET session_replication_role = DEFAULT")


def add_restrictions(count: int, seed: int) -> int:
    """~`count` active contact restrictions for people who contact us, so breaches are checked.

    Written in bulk (cases, decisions, restrictions), as if approved a month ago. Idempotent:
    people who already have a bench restriction are skipped.
    """
    from datetime import time as clock
    from datetime import timedelta

    from django.utils import timezone

    from access.models import Team
    from cases.models import Case
    from contacts.models import PersonSummary
    from decisions.models import Decision, Response, RestrictionKind
    from restrictions.models import ContactRestriction

    if ContactRestriction.objects.filter(decision__basis="bench").exists():
        return 0
    rng = np.random.default_rng(seed)
    people = list(
        PersonSummary.objects.filter(contacts_30__gt=0)
        .exclude(person__cases__status=Case.Status.OPEN)
        .values_list("person_id", flat=True)[: count * 5]
    )
    chosen = rng.choice(people, size=min(count, len(people)), replace=False).tolist()
    officer = User.objects.get(username="officer")
    head = User.objects.get(username="head_of_service")
    team = Team.objects.filter(handles_cases=True).order_by("pk").first()
    now = timezone.now()
    starts = timezone.localdate() - timedelta(days=30)
    cases = Case.objects.bulk_create(
        Case(person_id=p, team=team, assigned_officer=officer, opened_at=now) for p in chosen
    )
    kinds = [
        RestrictionKind.WRITTEN_ONLY,
        RestrictionKind.NO_SOCIAL_MEDIA,
        RestrictionKind.SINGLE_POINT_OF_CONTACT,
        RestrictionKind.SET_CALL_TIMES,
        RestrictionKind.CONTACT_LIMIT,
    ]
    picked = [kinds[int(k)] for k in rng.integers(0, len(kinds), size=len(cases))]
    decisions = Decision.objects.bulk_create(
        Decision(
            case=case,
            response=Response.CONTACT_RESTRICTION,
            restriction_kind=kind,
            basis="bench",
            status=Decision.Status.IN_FORCE,
            starts_on=starts,
            review_on=starts + timedelta(days=180),
            proposed_by=officer,
            proposed_at=now,
            approved_by=head,
            approved_at=now,
        )
        for case, kind in zip(cases, picked, strict=True)
    )
    ContactRestriction.objects.bulk_create(
        ContactRestriction(
            decision=decision,
            case=decision.case,
            person_id=decision.case.person_id,
            kind=kind,
            single_point_of_contact=officer
            if kind == RestrictionKind.SINGLE_POINT_OF_CONTACT
            else None,
            call_days=[0, 1, 2, 3, 4] if kind == RestrictionKind.SET_CALL_TIMES else [],
            call_from=clock(10) if kind == RestrictionKind.SET_CALL_TIMES else None,
            call_to=clock(12) if kind == RestrictionKind.SET_CALL_TIMES else None,
            max_contacts=3 if kind == RestrictionKind.CONTACT_LIMIT else None,
            period_days=7 if kind == RestrictionKind.CONTACT_LIMIT else None,
            proposed_by=officer,
            proposed_at=now,
        )
        for decision, kind in zip(decisions, picked, strict=True)
    )
    return len(decisions)


def generate(*, people: int, events: int, now: Any, seed: int, say: Any) -> None:
    started = time.monotonic()
    colleagues = ensure_colleagues()
    copy_people(people)
    say(f"{people:,} people copied in {time.monotonic() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM people_person ORDER BY id")
        person_ids = np.array([row[0] for row in cursor.fetchall()])
    copy_events(events, person_ids, colleagues, now, seed)
    say(f"{events:,} contact events copied in {time.monotonic() - started:.0f} s")
    from contacts.summaries import rebuild_summaries

    rebuild_summaries()
    say(f"summaries built in {time.monotonic() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    say(f"vacuumed and analysed in {time.monotonic() - started:.0f} s")
