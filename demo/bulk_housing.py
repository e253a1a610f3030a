"""Homes, households, tenancies and people at scale, written in bulk for seed_demo."""

import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction

from access.models import User
from audit.models import AuditEvent, Event
from demo import synthetic
from demo.tables import TableWriter
from people.models import Household, Person, Property, Tenancy


@transaction.atomic
def bulk_housing(
    *, persons: int, rng: random.Random, writer: TableWriter, now: datetime
) -> list[tuple[int, str, str]]:
    """Properties, households, tenancies, people: (person id, full name, postcode) returned."""
    homes = max(1, persons // 2)
    first_property, first_household = writer.next_id(Property), writer.next_id(Household)
    first_tenancy, first_person = writer.next_id(Tenancy), writer.next_id(Person)
    property_rows, household_rows, tenancy_rows, person_rows = [], [], [], []
    postcodes: list[str] = []
    surnames: list[str] = []
    for n in range(homes):
        where = synthetic.address(rng, n)
        property_id = first_property + n
        property_rows.append(
            (
                property_id,
                f"PR{property_id:07d}",
                str(100_000_000_000 + property_id),
                where["address_line_1"],
                where["address_line_2"],
                where["town"],
                where["postcode"],
            )
        )
        postcodes.append(where["postcode"])
        surname = rng.choice(synthetic.LAST_NAMES)
        surnames.append(surname)
        household_rows.append(
            (
                first_household + n,
                f"HH{first_household + n:07d}",
                f"{surname} household",
                property_id,
            )
        )
        tenancy_rows.append(
            (
                first_tenancy + n,
                f"TY{first_tenancy + n:07d}",
                first_household + n,
                property_id,
                "assured",
                (now - timedelta(days=rng.randint(30, 7000))).date(),
            )
        )
    people: list[tuple[int, str, str]] = []
    today = now.date()
    for n in range(persons):
        person_id = first_person + n
        if n < homes:
            kind, home, last = Person.Kind.CUSTOMER, n, surnames[n]
        elif rng.random() < 0.8:
            home = rng.randrange(homes)
            kind, last = Person.Kind.HOUSEHOLD_MEMBER, surnames[home]
        else:
            kind, home = (
                rng.choice([Person.Kind.VISITOR, Person.Kind.ADVOCATE, Person.Kind.PUBLIC]),
                -1,
            )
            last = rng.choice(synthetic.LAST_NAMES)
        first = rng.choice(synthetic.FIRST_NAMES)
        person_rows.append(
            (
                person_id,
                f"PE{person_id:07d}",
                kind,
                first,
                last,
                synthetic.date_of_birth(rng, today),
                first_household + home if home >= 0 else None,
                "",
                f"07700 9{rng.randint(0, 99999):05d}",
            )
        )
        people.append((person_id, f"{first} {last}", postcodes[home] if home >= 0 else ""))
    writer.write(
        Property,
        [
            "id",
            "external_reference",
            "uprn",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
        ],
        property_rows,
    )
    writer.write(Household, ["id", "external_reference", "name", "property_id"], household_rows)
    writer.write(
        Tenancy,
        ["id", "external_reference", "household_id", "property_id", "kind", "start_date"],
        tenancy_rows,
    )
    writer.write(
        Person,
        [
            "id",
            "external_reference",
            "kind",
            "first_name",
            "last_name",
            "date_of_birth",
            "household_id",
            "email",
            "phone",
        ],
        person_rows,
    )
    audit = [
        (
            Event.HOUSING_IMPORT_RUN,
            "people.import.seed",
            "",
            {"created": {"properties": homes, "people": persons}, "bulk": True},
        )
    ]
    _write_audit(writer, audit, actor=None, at=now)
    writer.reset_sequences([Property, Household, Tenancy, Person])
    return people


def _write_audit(
    writer: TableWriter,
    events: Sequence[tuple[str, str, str, dict[str, Any]]],
    *,
    actor: User | None,
    at: datetime,
) -> None:
    start = writer.next_id(AuditEvent)
    writer.write(
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
        [
            (
                start + i,
                at,
                actor.pk if actor else None,
                actor.role if actor else "system",
                kind,
                object_type,
                object_id,
                "",
                detail,
            )
            for i, (kind, object_type, object_id, detail) in enumerate(events)
        ],
    )
