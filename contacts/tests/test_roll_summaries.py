"""The per-person summary: the daily roll at window edges, and agreement with the log."""

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from access.models import User
from conftest import World
from contacts.ingest import ingest_events
from contacts.models import ContactEvent, PersonSummary, SummaryState
from contacts.summaries import (
    SUMMARY_COLUMNS,
    WINDOWS,
    Summary,
    roll_summaries,
    summaries_for,
    window_start,
)
from contacts.tests.helpers import LONDON, NOW, contact, day_ago

pytestmark = pytest.mark.django_db


def counts(world: World) -> tuple[int, int, int] | None:
    row = PersonSummary.objects.filter(person=world.north_person).first()
    return None if row is None else (row.contacts_7, row.contacts_30, row.contacts_90)


def from_the_log(world: World) -> tuple[int, int, int] | None:
    """The same windows counted straight from the log: what the summary must equal."""
    today = SummaryState.objects.get().rolled_to
    found = tuple(
        ContactEvent.objects.filter(
            person=world.north_person,
            direction="inbound",
            occurred_at__gte=window_start(today, w),
        ).count()
        for w in WINDOWS
    )
    return None if found == (0, 0, 0) else found  # type: ignore[return-value]


def test_a_contact_leaves_the_7_day_count_on_the_day_it_turns_7_days_old(
    world: World, frontline: User
) -> None:
    with time_machine.travel(NOW, tick=False):
        contact(world.north_person, frontline, day_ago(6, 23, 30))  # 6 days ago, late evening
        assert counts(world) == (1, 1, 1)
    with time_machine.travel(NOW + timedelta(days=1), tick=False), transaction.atomic():
        assert roll_summaries() == 1
        assert counts(world) == (0, 1, 1)  # now 7 days old: out of the 7-day window only


def test_rolling_twice_changes_nothing(world: World, frontline: User) -> None:
    with time_machine.travel(NOW, tick=False):
        contact(world.north_person, frontline, day_ago(29))
        contact(world.north_person, frontline, day_ago(3))
    with time_machine.travel(NOW + timedelta(days=1), tick=False), transaction.atomic():
        roll_summaries()
        once = counts(world)
        assert roll_summaries() == 0
        assert counts(world) == once == (1, 1, 2)


def test_after_90_days_the_person_has_no_summary_row(world: World, frontline: User) -> None:
    with time_machine.travel(NOW, tick=False):
        contact(world.north_person, frontline, day_ago(0))
    with time_machine.travel(NOW + timedelta(days=89), tick=False), transaction.atomic():
        roll_summaries()
        assert counts(world) == (0, 0, 1)
    with time_machine.travel(NOW + timedelta(days=90), tick=False), transaction.atomic():
        roll_summaries()
        assert counts(world) is None


def test_a_contact_older_than_90_days_counts_in_no_window(world: World, frontline: User) -> None:
    with time_machine.travel(NOW, tick=False):
        contact(world.north_person, frontline, day_ago(90))
        assert counts(world) is None
        contact(world.north_person, frontline, day_ago(89))
        assert counts(world) == (0, 0, 1)


def test_a_duplicate_batch_adds_nothing_to_the_summary(world: World) -> None:
    with time_machine.travel(NOW, tick=False):
        batch = [
            {
                "event_id": f"D-{n}",
                "person_reference": "PE-N1",
                "occurred_at": day_ago(n).isoformat(),
                "channel": "phone",
                "direction": "inbound",
                "subject": "rent",
            }
            for n in range(3)
        ]
        ingest_events(rows=batch, source="contact_centre", by=None)
        ingest_events(rows=batch, source="contact_centre", by=None)
        assert counts(world) == (3, 3, 3)


# Each step: days ago the contact happened, inbound or not, whether it arrives by the bulk
# endpoint, and how many days pass before the next step.
STEPS = st.lists(
    st.tuples(st.integers(0, 100), st.booleans(), st.booleans(), st.integers(0, 3)),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps=STEPS)
def test_the_summary_equals_the_counts_from_the_log_after_any_sequence(
    world: World, frontline: User, steps: list[tuple[int, bool, bool, int]]
) -> None:
    moment = NOW
    with transaction.atomic():
        for number, (days, inbound, bulk, wait) in enumerate(steps):
            with time_machine.travel(moment, tick=False):
                _arrive(world, frontline, number, days, inbound=inbound, bulk=bulk)
                assert counts(world) == from_the_log(world)
            moment += timedelta(days=wait)
            with time_machine.travel(moment, tick=False):
                roll_summaries()
                assert counts(world) == from_the_log(world)
        transaction.set_rollback(True)


def _arrive(
    world: World, frontline: User, number: int, days: int, *, inbound: bool, bulk: bool
) -> Any:
    at = day_ago(days, 8 + number % 12)
    direction = "inbound" if inbound else "outbound"
    if not bulk:
        return contact(world.north_person, frontline, at, direction=direction)
    return ingest_events(
        rows=[
            {
                "event_id": f"H-{number}-{at.isoformat()}",
                "person_reference": "PE-N1",
                "occurred_at": at.isoformat(),
                "channel": "phone",
                "direction": direction,
                "subject": "rent",
            }
        ],
        source="hypothesis",
        by=None,
    )


def test_window_edges_are_local_midnights() -> None:
    start = window_start(NOW.date(), 7)
    assert start == datetime(2026, 3, 5, 0, 0, tzinfo=LONDON)


def test_plain_summary_rows_are_the_table_columns_in_order(world: World, frontline: User) -> None:
    """Signals read summary rows as plain `Summary` values, built by position."""
    assert list(Summary.__dataclass_fields__) == SUMMARY_COLUMNS
    contact(world.north_person, frontline, day_ago(1), asked_for=frontline, reference="R1")
    stored = PersonSummary.objects.get(person=world.north_person)
    plain = summaries_for([world.north_person.pk])[world.north_person.pk]
    assert all(getattr(plain, name) == getattr(stored, name) for name in SUMMARY_COLUMNS)
