"""Demo data built by calling the real actions, as a colleague or the housing system would."""

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest import mock

from django.db import transaction

from access.models import Role, User
from demo import synthetic
from incidents.actions import IncidentReport, WitnessDetails, report_incident
from incidents.models import Behaviour
from people.actions import record_household, record_person, record_property, record_tenancy
from people.models import Person


@contextmanager
def acting_at(moment: datetime) -> Iterator[None]:
    """Run actions as if at `moment`, so three years of history read as they happened."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def extra_colleagues(*, count: int, users: dict[str, User]) -> list[User]:
    """Frontline colleagues beyond the personas, managed by the demo line manager."""
    manager = users["line_manager"]
    colleagues = []
    rng = random.Random(7)
    for number in range(count):
        username = f"colleague{number + 1:03d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            first, last = synthetic.person_name(rng)
            user = User.objects.create_user(
                username=username,
                first_name=first,
                last_name=last,
                role=Role.FRONTLINE,
                job_title="Neighbourhood Housing Officer",
                team=manager.team,
                line_manager=manager,
                email=f"{username}@safecontact.example",
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
        colleagues.append(user)
    return colleagues


def seed_housing(*, persons: int, rng: random.Random, by: User, today: datetime) -> list[Person]:
    people: list[Person] = []
    number = 0
    while len(people) < persons:
        number += 1
        with transaction.atomic():
            home, _ = record_property(
                external_reference=f"PR{number:07d}",
                uprn=str(100_000_000_000 + number),
                by=by,
                **synthetic.address(rng, number),
            )
            first, last = synthetic.person_name(rng)
            household, _ = record_household(
                external_reference=f"HH{number:07d}",
                name=f"{last} household",
                property=home,
                by=by,
            )
            record_tenancy(
                external_reference=f"TY{number:07d}",
                household=household,
                property=home,
                start_date=(today - timedelta(days=rng.randint(30, 7000))).date(),
                by=by,
            )
            members = [(Person.Kind.CUSTOMER, first, last)]
            members += [
                (Person.Kind.HOUSEHOLD_MEMBER, synthetic.person_name(rng)[0], last)
                for _ in range(rng.choice([0, 0, 1, 1, 2]))
            ]
            if rng.random() < 0.08:
                kind = rng.choice([Person.Kind.VISITOR, Person.Kind.ADVOCATE, Person.Kind.PUBLIC])
                members.append((kind, *synthetic.person_name(rng)))
            for index, (kind, given, family) in enumerate(members[: persons - len(people)]):
                person, _ = record_person(
                    external_reference=f"PE{number:07d}{index}",
                    kind=kind,
                    first_name=given,
                    last_name=family,
                    household=household
                    if kind in (Person.Kind.CUSTOMER, Person.Kind.HOUSEHOLD_MEMBER)
                    else None,
                    date_of_birth=synthetic.date_of_birth(rng, today.date()),
                    phone=f"07700 9{rng.randint(0, 99999):05d}",
                    by=by,
                )
                people.append(person)
    return people


def seed_incidents(
    *,
    people: list[Person],
    total: int,
    rng: random.Random,
    reporters: list[User],
    now: datetime,
) -> int:
    responsible = rng.sample(people, max(1, len(people) // 4))
    counts = synthetic.incident_counts(rng, len(responsible), total)
    start = now - timedelta(days=3 * 365)
    made = 0
    for person, count in zip(responsible[: len(counts)], counts, strict=True):
        home = person.household.property if person.household else None
        # Reports arrive in the order things happened, so the case opens at the first.
        moments = sorted(
            synthetic.moment_within(rng, start, now - timedelta(hours=1)) for _ in range(count)
        )
        for occurred in moments:
            reported = min(occurred + timedelta(hours=rng.uniform(0.2, 30)), now)
            reporter = rng.choice(reporters)
            chosen = synthetic.behaviours(rng)
            violent = Behaviour.PHYSICAL_VIOLENCE in chosen
            report = IncidentReport(
                occurred_at=occurred,
                colleague_at_work=rng.random() < 0.95,
                channel=synthetic.channel(rng),
                description=synthetic.description(rng, chosen, person.full_name, occurred),
                behaviours=chosen,
                affected_colleagues=[reporter],
                responsible_people=[person],
                home=home if rng.random() < 0.5 else None,
                exact_words=synthetic.exact_words(rng),
                discrimination_grounds=synthetic.grounds(rng)
                if Behaviour.DEROGATORY_REMARKS in chosen
                else [],
                witnesses=[WitnessDetails(name=" ".join(synthetic.person_name(rng)))]
                if rng.random() < 0.2
                else [],
                injuries=violent and rng.random() < 0.5,
                injury_details="Bruising to the upper arm." if violent else "",
                police_reported=violent or rng.random() < 0.05,
                possible_hate_incident=Behaviour.DEROGATORY_REMARKS in chosen,
            )
            if not report.injuries:
                report = IncidentReport(**{**report.__dict__, "injury_details": ""})
            with acting_at(reported):
                report_incident(report=report, by=reporter)
            made += 1
    return made
