"""Demo equality monitoring details, so the equality monitoring page has something to compare.

Call from seed_demo after people exist: `seed_equality(rng=rng, by=users["officer"])`. Below
BULK_FROM customers it goes through the real action; above, it writes rows in bulk with one
audit row for the batch. Proportions follow the 2021 Census for England and Wales, with more
disabled people, as among social housing tenants; about one customer in four is not asked.
"""

import random
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from access.models import User
from audit.actions import record_event
from audit.models import Event
from governance.actions import record_equality_details
from governance.models import Disability, EqualityProfile, Ethnicity, Sex
from people.models import Person

BULK_FROM = 3000
ASKED_SHARE = 0.75
BATCH = 5000

# Per cent of people, 2021 Census, England and Wales (rounded).
ETHNICITY_WEIGHTS = {
    Ethnicity.WHITE_BRITISH: 74.4,
    Ethnicity.WHITE_IRISH: 0.9,
    Ethnicity.GYPSY_OR_IRISH_TRAVELLER: 0.1,
    Ethnicity.ROMA: 0.2,
    Ethnicity.OTHER_WHITE: 6.2,
    Ethnicity.WHITE_AND_BLACK_CARIBBEAN: 0.9,
    Ethnicity.WHITE_AND_BLACK_AFRICAN: 0.4,
    Ethnicity.WHITE_AND_ASIAN: 0.8,
    Ethnicity.OTHER_MIXED: 0.8,
    Ethnicity.INDIAN: 3.1,
    Ethnicity.PAKISTANI: 2.7,
    Ethnicity.BANGLADESHI: 1.1,
    Ethnicity.CHINESE: 0.7,
    Ethnicity.OTHER_ASIAN: 1.6,
    Ethnicity.AFRICAN: 2.5,
    Ethnicity.CARIBBEAN: 1.0,
    Ethnicity.OTHER_BLACK: 0.5,
    Ethnicity.ARAB: 0.6,
    Ethnicity.ANY_OTHER: 1.6,
    Ethnicity.PREFER_NOT_TO_SAY: 2.0,
}
SEX_WEIGHTS = {Sex.FEMALE: 50.5, Sex.MALE: 47.5, Sex.PREFER_NOT_TO_SAY: 2.0}
DISABILITY_WEIGHTS = {Disability.YES: 30.0, Disability.NO: 66.0, Disability.PREFER_NOT_TO_SAY: 4.0}


def _pick[T](rng: random.Random, weights: dict[T, float]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _answers(rng: random.Random) -> tuple[str, str, str]:
    return (
        _pick(rng, SEX_WEIGHTS),
        _pick(rng, ETHNICITY_WEIGHTS),
        _pick(rng, DISABILITY_WEIGHTS),
    )


def seed_equality(*, rng: random.Random, by: User) -> int:
    """Record details for about three customers in four who have none; returns how many."""
    people = list(
        Person.objects.filter(
            kind__in=[Person.Kind.CUSTOMER, Person.Kind.HOUSEHOLD_MEMBER],
            equality_profile__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    chosen = [pk for pk in people if rng.random() < ASKED_SHARE]
    if len(people) < BULK_FROM:
        for person in Person.objects.filter(pk__in=chosen).order_by("pk"):
            sex, ethnicity, disability = _answers(rng)
            record_equality_details(
                person=person, sex=sex, ethnicity=ethnicity, disability=disability, by=by
            )
        return len(chosen)
    return _bulk(chosen, rng=rng, by=by, now=timezone.now())


@transaction.atomic
def _bulk(person_ids: list[int], *, rng: random.Random, by: User, now: datetime) -> int:
    today = timezone.localdate(now)
    for start in range(0, len(person_ids), BATCH):
        rows = []
        for person_id in person_ids[start : start + BATCH]:
            sex, ethnicity, disability = _answers(rng)
            rows.append(
                EqualityProfile(
                    person_id=person_id,
                    sex=sex,
                    ethnicity=ethnicity,
                    ethnic_group=Ethnicity(ethnicity).group,
                    disability=disability,
                    recorded_on=today,
                    recorded_by=by,
                    updated_at=now,
                )
            )
        EqualityProfile.objects.bulk_create(rows)
    record_event(
        subject="demo.equality",
        by=by,
        kind=Event.EQUALITY_RECORDED,
        detail={"people": len(person_ids), "bulk": True},
    )
    return len(person_ids)
