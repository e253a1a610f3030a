import random

import pytest

from access.models import User
from conftest import World
from contacts.models import ContactEvent, DemandSignal, RestrictionBreach, SignalKind
from contacts.tests.helpers import restriction
from demo.contacts import seed_contacts

pytestmark = pytest.mark.django_db


def test_the_demo_shows_strong_signals_and_a_breach(
    world: World, personas: dict[str, User], officer: User, head_of_service: User
) -> None:
    restriction(world.south_case, officer, head_of_service, "written_only")
    made = seed_contacts(users=personas, rng=random.Random(1))
    assert made == ContactEvent.objects.count() >= 46
    kinds = set(
        DemandSignal.objects.filter(person=world.north_person).values_list("kind", flat=True)
    )
    assert {SignalKind.VOLUME, SignalKind.CONCENTRATION, SignalKind.CHURN} <= kinds
    assert RestrictionBreach.objects.count() == 1


def test_seeding_without_people_makes_nothing(personas: dict[str, User]) -> None:
    assert seed_contacts(users=personas, rng=random.Random(1)) == 0
