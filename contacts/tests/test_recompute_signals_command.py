from io import StringIO

import pytest
from django.core.management import call_command

from access.models import User
from conftest import World
from contacts.models import DemandSignal, SignalPopulation
from contacts.tests.helpers import contacts, thresholds

pytestmark = pytest.mark.django_db


def test_the_command_recomputes_and_running_it_twice_changes_nothing(
    world: World, frontline: User, head_of_service: User
) -> None:
    thresholds(head_of_service, volume_7_days=3)
    contacts(world.north_person, frontline, 3, days=1)
    out = StringIO()
    call_command("recompute_signals", stdout=out)
    call_command("recompute_signals", stdout=out)
    assert "1 met a threshold, 0 signals raised, 1 brought up to date" in out.getvalue()
    assert DemandSignal.objects.count() == 1
    population = SignalPopulation.objects.get()
    assert population.people == 2 and population.histogram == {"3": 1}
