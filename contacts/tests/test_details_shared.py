"""On PostgreSQL a full recomputation chooses whom to read in detail and reads the log on two
connections of its own at once; together they find exactly what one connection finds, and
the signals are the same."""

from typing import Any

import pytest
import time_machine
from django.utils import timezone

from access.models import User
from conftest import World
from contacts import details
from contacts.models import DemandSignal, SignalSettings
from contacts.signals import detail_choice, recompute_all
from contacts.tests.helpers import NOW, contact, contacts, day_ago, thresholds

# Committed data: the second connection sees nothing of a test's open transaction.
pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def pinned_now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def test_two_connections_read_what_one_reads(
    world: World, frontline: User, officer: User, head_of_service: User, monkeypatch: Any
) -> None:
    thresholds(head_of_service, concentration_minimum=3, concentration_share=50, churn_changes=2)
    for person in (world.north_person, world.south_person):
        contacts(person, frontline, 4, days=2, asked_for=officer)
        contact(person, frontline, day_ago(6), reference="R-1", subject="repair")
        contact(person, frontline, day_ago(4), reference="R-1", subject="complaint")
        contact(person, frontline, day_ago(3), reference="R-1", subject="rent")
    contacts(world.south_person, frontline, 2, days=1)
    people = {world.north_person.pk, world.south_person.pk}
    settings = SignalSettings.current()
    alone = details.read_details(
        people, timezone.localdate(), settings, handled=people, churn=people
    )

    shared_reads: list[int] = []
    real = details._details_in_sql

    def counted(person_ids: set[int], *args: Any) -> dict[int, details.Detail]:
        shared_reads.append(len(person_ids))
        return real(person_ids, *args)

    monkeypatch.setattr(details, "SHARED_FROM", 2)
    monkeypatch.setattr(details, "_details_in_sql", counted)
    reading = details.read_details_soon(detail_choice(settings), timezone.localdate(), settings)
    assert reading is not None
    chosen, together = reading.result()
    # Nobody handled these contacts (handled_by is empty): no concentration to work out there.
    assert chosen == details.Chosen(people=people, handled=set(), churn=people)
    assert sorted(shared_reads) == [1, 1]  # one person on each connection
    assert together == alone
    assert alone[world.south_person.pk].concentration_contacts == 9
    assert alone[world.north_person.pk].most_changes == 2

    # The full recomputation reads apart outside a transaction, with the same result.
    shared_reads.clear()
    recompute_all()
    assert sorted(shared_reads) == [1, 1]
    kinds = set(DemandSignal.objects.values_list("person_id", "kind"))
    assert kinds == {(p, k) for p in people for k in ("concentration", "churn")}
