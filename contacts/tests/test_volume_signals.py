"""Volume signals against hand-computed figures on small data, window edges included."""

from typing import Any

import pytest
import time_machine

from access.models import User
from conftest import World
from contacts.actions import dismiss_signal
from contacts.models import DemandSignal, SignalKind
from contacts.signals import recompute_all
from contacts.tests.helpers import NOW, contacts, thresholds

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pinned_now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def volume(world: World) -> DemandSignal | None:
    return DemandSignal.objects.filter(person=world.north_person, kind=SignalKind.VOLUME).first()


def test_a_contact_six_days_ago_is_inside_the_7_day_window(
    world: World, frontline: User, head_of_service: User
) -> None:
    thresholds(head_of_service, volume_7_days=5, volume_30_days=0, volume_90_days=0)
    contacts(world.north_person, frontline, 4, days=0)
    assert volume(world) is None
    contacts(world.north_person, frontline, 1, days=6)
    signal = volume(world)
    assert signal is not None
    assert signal.figures["contacts_7"] == 5
    assert "5 contacts in 7 days (threshold 5)" in signal.explanation


def test_a_contact_seven_days_ago_is_outside_the_7_day_window(
    world: World, frontline: User, head_of_service: User
) -> None:
    thresholds(head_of_service, volume_7_days=5, volume_30_days=0, volume_90_days=0)
    contacts(world.north_person, frontline, 4, days=0)
    contacts(world.north_person, frontline, 1, days=7)
    assert volume(world) is None


def test_the_90_day_window_runs_from_89_days_ago(
    world: World, frontline: User, head_of_service: User
) -> None:
    thresholds(head_of_service, volume_7_days=0, volume_30_days=0, volume_90_days=3)
    contacts(world.north_person, frontline, 1, days=90)
    contacts(world.north_person, frontline, 2, days=1)
    assert volume(world) is None
    contacts(world.north_person, frontline, 1, days=89)
    signal = volume(world)
    assert signal is not None and signal.figures["contacts_90"] == 3


def test_the_percentile_compares_with_everyone_on_record(
    world: World, frontline: User, head_of_service: User
) -> None:
    # Two people on record; north has 10 contacts in 30 days, south 1. North is above
    # half of everyone (the south person), so at the 50th percentile.
    thresholds(
        head_of_service,
        volume_7_days=0,
        volume_30_days=0,
        volume_90_days=0,
        volume_percentile=50,
        percentile_minimum=10,
    )
    contacts(world.north_person, frontline, 10, days=3)
    contacts(world.south_person, frontline, 1, days=3)
    assert volume(world) is None  # no population yet: the percentile needs a recomputation
    recompute_all()
    signal = volume(world)
    assert signal is not None
    assert signal.figures["percentile_30"] == 50.0
    assert "50th percentile of everyone's contacts over 30 days" in signal.explanation


def test_a_raised_signal_is_kept_up_to_date_not_raised_twice(
    world: World, frontline: User, head_of_service: User
) -> None:
    thresholds(head_of_service, volume_7_days=3, volume_30_days=0, volume_90_days=0)
    contacts(world.north_person, frontline, 4, days=1)
    signal = volume(world)
    assert signal is not None and signal.figures["contacts_7"] == 4
    signal.refresh_from_db()
    assert DemandSignal.objects.filter(person=world.north_person).count() == 1


def test_a_dismissed_signal_stays_quiet_until_the_pattern_grows_by_a_quarter(
    world: World, frontline: User, officer: User, head_of_service: User
) -> None:
    thresholds(head_of_service, volume_7_days=8, volume_30_days=0, volume_90_days=0)
    contacts(world.north_person, frontline, 8, days=1)
    signal = volume(world)
    assert signal is not None
    dismiss_signal(signal=signal, reason="Leak not yet fixed; calls were fair.", by=officer)
    # 8 dismissed: quiet up to 9 (8 + 25% rounded up is 10).
    contacts(world.north_person, frontline, 1, days=0)
    recompute_all()
    assert not DemandSignal.objects.filter(status=DemandSignal.Status.RAISED).exists()
    contacts(world.north_person, frontline, 1, days=0)
    raised = DemandSignal.objects.get(status=DemandSignal.Status.RAISED)
    assert raised.figures["contacts_7"] == 10


def test_recomputing_everything_raises_what_arriving_contacts_raised(
    world: World, frontline: User, head_of_service: User
) -> None:
    thresholds(head_of_service, volume_7_days=3)
    contacts(world.north_person, frontline, 3, days=2)
    before = list(DemandSignal.objects.values_list("person_id", "kind", "figures"))
    DemandSignal.objects.all().delete()
    result = recompute_all()
    assert result.raised == 1
    after = list(DemandSignal.objects.values_list("person_id", "kind", "figures"))
    assert [(p, k) for p, k, _ in after] == [(p, k) for p, k, _ in before]
    assert after[0][2]["contacts_7"] == before[0][2]["contacts_7"] == 3
