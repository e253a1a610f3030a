"""Demo contacts through the real actions: a realistic skew, strong signals and a breach.

`seed_contacts` runs after the casework (so a contact restriction is in force) and makes a
few hundred contacts over the last 90 days: most people rarely in touch, a few often, and
one who calls every day asking for the same officer, changing what one complaint is about,
and raising matters that are not ours. One contact breaks a restriction in force.
"""

import random
from datetime import datetime, timedelta

from django.utils import timezone

from access.models import Role, User
from contacts.actions import ContactDetails, log_contact
from contacts.models import Channel, Subject
from contacts.signals import recompute_all
from people.models import Person
from restrictions.models import ContactRestriction, active_restriction_conditions

EVERYDAY_SUBJECTS = [Subject.REPAIR, Subject.RENT, Subject.OTHER, Subject.ASB, Subject.COMPLAINT]
EVERYDAY_CHANNELS = [Channel.PHONE, Channel.PHONE, Channel.EMAIL, Channel.PORTAL, Channel.LETTER]


def _moment(rng: random.Random, now: datetime, days: float) -> datetime:
    return now - timedelta(days=rng.uniform(0, days), hours=rng.uniform(0, 2))


def _log(person: Person, by: User, at: datetime, **values: object) -> None:
    details: dict[str, object] = {
        "channel": Channel.PHONE,
        "direction": "inbound",
        "subject": Subject.REPAIR,
    }
    details.update(values)
    log_contact(person=person, details=ContactDetails(occurred_at=at, **details), by=by)  # type: ignore[arg-type]


def _everyday(people: list[Person], staff: list[User], rng: random.Random, now: datetime) -> int:
    made = 0
    for person in people:
        # Most people rarely contact us; a few do often (a long tail).
        for _ in range(min(int(rng.paretovariate(1.6)) - 1, 12)):
            _log(
                person,
                rng.choice(staff),
                _moment(rng, now, 90),
                channel=rng.choice(EVERYDAY_CHANNELS),
                subject=rng.choice(EVERYDAY_SUBJECTS),
                direction="inbound" if rng.random() < 0.85 else "outbound",
                handled_by=rng.choice(staff),
            )
            made += 1
    return made


def _constant_caller(
    person: Person, users: dict[str, User], rng: random.Random, now: datetime
) -> int:
    officer, frontline = users["officer"], users["frontline"]
    subjects = [Subject.REPAIR, Subject.RENT, Subject.COMPLAINT, Subject.REPAIR, Subject.OTHER]
    made = 0
    for number in range(40):
        days = 6.5 if number < 30 else 28
        _log(
            person,
            frontline,
            _moment(rng, now, days),
            asked_for=officer,
            handled_by=frontline,
            subject=Subject.NOT_LANDLORD if number % 5 == 4 else Subject.OTHER,
        )
        made += 1
    for number, subject in enumerate(subjects):
        _log(
            person,
            frontline,
            now - timedelta(days=20 - 3 * number),
            subject=subject,
            reference="CMP-0042",
            handled_by=frontline,
        )
        made += 1
    return made


def _breach(users: dict[str, User], now: datetime) -> int:
    """A call, just now, to someone other than the single point of contact (or by a channel
    the restriction does not allow): recorded as a breach on the case."""
    restriction = (
        ContactRestriction.objects.filter(active_restriction_conditions())
        .select_related("person")
        .first()
    )
    if restriction is None:
        return 0
    _log(
        restriction.person,
        users["frontline"],
        now - timedelta(minutes=1),
        channel=Channel.SOCIAL_MEDIA,
        handled_by=users["frontline"],
        subject=Subject.RENT,
        summary="Messaged the neighbourhood officer about the rent statement.",
    )
    return 1


def seed_contacts(*, users: dict[str, User], rng: random.Random) -> int:
    """A few hundred contacts through `log_contact`, then a full recomputation of signals."""
    now = timezone.now()
    staff = list(User.objects.filter(is_active=True, role=Role.FRONTLINE)[:20]) or [
        users["frontline"]
    ]
    people = list(Person.objects.order_by("pk")[:300])
    if not people:
        return 0
    made = _everyday(people[1:], staff, rng, now)
    made += _constant_caller(people[0], users, rng, now)
    made += _breach(users, now)
    recompute_all()
    return made
