"""Both ways of writing demo data give rows the actions would have written."""

import pytest
from django.core.management import call_command

from cases.models import Case
from demo.invariants import breaches
from incidents.models import Incident, IncidentBehaviour
from people.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


def test_demo_data_through_the_actions_is_sound() -> None:
    call_command("seed_demo", persons=60, incidents=80)
    assert Person.objects.count() == 60
    assert Incident.objects.count() == 80
    assert breaches() == []


def test_bulk_written_demo_data_satisfies_the_same_invariants() -> None:
    call_command("seed_demo", persons=400, bulk=True)
    assert Person.objects.count() == 400
    assert Incident.objects.count() > 1500
    assert Case.objects.filter(status=Case.Status.CLOSED).exists()
    # Every behaviour in the policy appears somewhere, so every page has something to show.
    assert IncidentBehaviour.objects.values("behaviour").distinct().count() == 17
    assert breaches() == []


def test_seeding_twice_with_if_empty_adds_nothing() -> None:
    call_command("seed_demo", persons=20, incidents=5)
    call_command("seed_demo", persons=20, incidents=5, if_empty=True)
    assert Person.objects.count() == 20


def test_the_invariant_check_notices_a_broken_row() -> None:
    call_command("seed_demo", persons=20, incidents=10)
    IncidentBehaviour.objects.filter(incident=Incident.objects.first()).delete()
    assert breaches() == ["1 incidents without a behaviour"]
