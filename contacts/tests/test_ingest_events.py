"""The bulk endpoint's function: idempotent on the source's event ids; bad rows reported."""

from typing import Any

import pytest
import time_machine

from access.models import User
from audit.models import AuditEvent, Event
from cases.models import ChronologyEntry
from conftest import World
from contacts.ingest import ingest_events
from contacts.models import ContactEvent, DemandSignal, PersonSummary, RestrictionBreach
from contacts.rows import RowError
from contacts.tests.helpers import NOW, day_ago, restriction, thresholds

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pinned_now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def row(number: int, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "event_id": f"CC-{number}",
        "person_reference": "PE-N1",
        "occurred_at": day_ago(0, 9, number % 60).isoformat(),
        "channel": "phone",
        "direction": "inbound",
        "subject": "rent",
        "handled_by": "frontline",
        "asked_for": "",
        "reference": "",
        "summary": "Called about arrears",
    }
    values.update(changes)
    return values


def test_sending_the_same_batch_twice_adds_nothing(world: World) -> None:
    batch = [row(n) for n in range(5)]
    first = ingest_events(rows=batch, source="contact_centre", by=None)
    second = ingest_events(rows=batch, source="contact_centre", by=None)
    assert (first.received, first.created, first.duplicates) == (5, 5, 0)
    assert (second.received, second.created, second.duplicates) == (5, 0, 5)
    assert ContactEvent.objects.count() == 5
    assert PersonSummary.objects.get().contacts_90 == 5  # the summary did not count twice


def test_a_batch_stored_in_several_slices_is_the_same_as_one(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """On PostgreSQL a batch goes in slices, pipelined; a repeat, a duplicate and bad rows
    in later slices are found as in one statement (on SQLite the slices do not apply). The
    event stored before is in the second slice: the first, already stored without the
    look-up, goes back with the savepoint and is stored once, and counted once."""
    monkeypatch.setattr("contacts.store.SLICE", 2)
    ingest_events(rows=[row(1)], source="contact_centre", by=None)
    batch = [
        row(2),
        row(3, reference="R-1"),
        row(2),  # a repeat of the first row, in the second slice
        row(1),  # stored before
        row(4, person_reference="PE-NOBODY"),
        row(5, channel="pigeon"),
        row(6, person_reference="PE-S1", direction="outbound"),
    ]
    result = ingest_events(rows=batch, source="contact_centre", by=None)
    assert (result.received, result.created, result.duplicates) == (7, 3, 2)
    assert [e.index for e in result.errors] == [4, 5]
    assert set(ContactEvent.objects.values_list("source_event_id", flat=True)) == {
        "CC-1",
        "CC-2",
        "CC-3",
        "CC-6",
    }
    north = PersonSummary.objects.get(person=world.north_person)
    assert (north.contacts_90, north.referenced_90) == (3, 1)
    assert not PersonSummary.objects.filter(person=world.south_person).exists()  # outbound
    assert not [r for r in caplog.records if r.levelname in ("WARNING", "ERROR")]


def test_a_long_batch_holding_an_event_stored_before_goes_in_once_and_quietly(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Many slices after the refused one: PostgreSQL refuses the first while later ones are
    still being sent, and the batch is stored again from its savepoint, with no warning."""
    monkeypatch.setattr("contacts.store.SLICE", 1)
    ingest_events(rows=[row(0)], source="contact_centre", by=None)
    result = ingest_events(rows=[row(n) for n in range(300)], source="contact_centre", by=None)
    assert (result.created, result.duplicates, result.errors) == (299, 1, [])
    assert ContactEvent.objects.count() == 300
    assert PersonSummary.objects.get(person=world.north_person).contacts_90 == 300
    assert not [r for r in caplog.records if r.levelname in ("WARNING", "ERROR")]


def test_the_same_event_id_from_another_system_is_another_event(world: World) -> None:
    ingest_events(rows=[row(1)], source="contact_centre", by=None)
    ingest_events(rows=[row(1)], source="web_portal", by=None)
    assert ContactEvent.objects.count() == 2


def test_a_repeat_inside_one_batch_counts_once(world: World) -> None:
    result = ingest_events(rows=[row(1), row(1)], source="contact_centre", by=None)
    assert (result.created, result.duplicates) == (1, 1)


def test_bad_rows_are_reported_by_index_and_the_rest_go_in(world: World) -> None:
    batch = [
        row(0),
        row(1, person_reference="PE-NOBODY"),
        row(2, occurred_at="yesterday"),
        row(3, channel="carrier pigeon"),
        row(4, event_id=""),
        row(5, handled_by="no_such_colleague"),
        row(6, occurred_at="2026-03-11T09:00:00"),
        row(7),
    ]
    result = ingest_events(rows=batch, source="contact_centre", by=None)
    assert result.created == 2
    assert result.errors == [
        RowError(1, "person_reference 'PE-NOBODY' is not a known person"),
        RowError(
            2, "occurred_at 'yesterday' is not a date and time like 2026-03-02T09:15:00+00:00"
        ),
        RowError(
            3,
            "channel 'carrier pigeon' must be one of: phone, email, letter, in_person, portal, "
            "social_media, other",
        ),
        RowError(4, "event_id is missing"),
        RowError(5, "handled_by 'no_such_colleague' is not a known colleague"),
        RowError(6, "occurred_at '2026-03-11T09:00:00' needs a UTC offset, like +00:00"),
    ]


def test_receiving_is_audited_with_the_counts(world: World) -> None:
    ingest_events(rows=[row(1), row(2, channel="fax")], source="contact_centre", by=None)
    audit = AuditEvent.objects.get(kind=Event.CONTACTS_RECEIVED)
    assert audit.actor is None and audit.actor_role == "system"
    assert audit.detail == {
        "source": "contact_centre",
        "received": 2,
        "created": 1,
        "duplicates": 0,
        "errors": 1,
        "breaches": 0,
    }


def test_a_batch_raises_signals_and_records_breaches_in_the_same_work(
    world: World, officer: User, head_of_service: User
) -> None:
    thresholds(head_of_service, volume_7_days=4)
    restriction(world.north_case, officer, head_of_service, "written_only")
    batch = [row(n) for n in range(4)] + [row(9, subject="repair")]
    result = ingest_events(rows=batch, source="contact_centre", by=None)
    assert result.breaches == 4
    assert RestrictionBreach.objects.count() == 4
    signal = DemandSignal.objects.get(person=world.north_person)
    assert signal.figures["contacts_7"] == 5


def test_each_breach_in_a_batch_has_its_chronology_line_and_audit_row(
    world: World, officer: User, head_of_service: User
) -> None:
    restriction(world.north_case, officer, head_of_service, "written_only")
    ingest_events(rows=[row(1), row(2), row(3, subject="repair")], source="cc", by=None)
    breaches = list(RestrictionBreach.objects.order_by("pk"))
    assert len(breaches) == 2
    lines = ChronologyEntry.objects.filter(
        case=world.north_case, kind=ChronologyEntry.Kind.BREACH
    ).order_by("at")
    assert [(line.at, line.by) for line in lines] == [
        (breach.event.occurred_at, None) for breach in breaches
    ]
    assert all("Contact by phone" in line.summary for line in lines)
    audit = AuditEvent.objects.filter(kind=Event.BREACH_RECORDED).order_by("pk")
    assert [(a.object_type, a.object_id, a.actor_role) for a in audit] == [
        ("contacts.restrictionbreach", str(breach.pk), "system") for breach in breaches
    ]
    assert [a.detail["event"] for a in audit] == [breach.event_id for breach in breaches]


def test_contact_limits_of_two_people_in_one_batch_count_each_over_their_own_period(
    world: World, officer: User, head_of_service: User
) -> None:
    restriction(
        world.north_case, officer, head_of_service, "contact_limit", max_contacts=2, period_days=7
    )
    restriction(
        world.south_case, officer, head_of_service, "contact_limit", max_contacts=3, period_days=30
    )
    # Ten days ago: inside the south's 30 days, outside the north's 7.
    early = [row(90, occurred_at=day_ago(10, 9).isoformat())]
    early.append(row(91, person_reference="PE-S1", occurred_at=day_ago(10, 9).isoformat()))
    ingest_events(rows=early, source="cc", by=None)
    today = [row(n) for n in range(1, 4)] + [row(n, person_reference="PE-S1") for n in range(4, 7)]
    result = ingest_events(rows=today, source="cc", by=None)
    assert result.breaches == 2
    details = sorted(RestrictionBreach.objects.values_list("detail", flat=True))
    assert details == [
        "Contact 3 in 7 days: the limit is 2",
        "Contact 4 in 30 days: the limit is 3",
    ]


def test_with_a_real_queue_breaches_are_recorded_at_once_and_signals_by_the_worker(
    world: World, officer: User, head_of_service: User, settings: Any
) -> None:
    from django.tasks import default_task_backend

    from contacts.tasks import refresh_signals

    thresholds(head_of_service, volume_7_days=4)
    restriction(world.north_case, officer, head_of_service, "written_only")
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    batch = [row(n) for n in range(4)] + [row(9, reference="REP-1")]
    result = ingest_events(rows=batch, source="contact_centre", by=None)
    # Evidence goes in with the contacts; the signal list waits for the worker.
    assert result.breaches == 5
    assert RestrictionBreach.objects.count() == 5
    assert not DemandSignal.objects.exists()
    (queued,) = default_task_backend.results  # type: ignore[attr-defined]
    assert queued.task.name == refresh_signals.name
    assert queued.args == [[world.north_person.pk], [world.north_person.pk]]
    refresh_signals.call(*queued.args)
    signal = DemandSignal.objects.get(person=world.north_person)
    assert signal.figures["contacts_7"] == 5


def test_parsed_datetimes_from_the_api_are_taken_as_they_are(world: World) -> None:
    result = ingest_events(rows=[row(1, occurred_at=day_ago(0, 9))], source="api", by=None)
    assert result.created == 1 and result.errors == []
