"""Concentration on one colleague, churn of one request's subject, not-our-responsibility."""

from typing import Any

import pytest
import time_machine

from access.models import User
from conftest import World
from contacts.models import DemandSignal, SignalKind
from contacts.tests.helpers import NOW, contact, contacts, day_ago, thresholds

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pinned_now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def only_the_signal_under_test(head_of_service: User) -> None:
    thresholds(head_of_service, volume_7_days=0, volume_30_days=0, volume_90_days=0)


def signal(world: World, kind: str) -> DemandSignal | None:
    return DemandSignal.objects.filter(person=world.north_person, kind=kind).first()


def test_asking_for_one_colleague_again_and_again_raises_concentration(
    world: World, frontline: User, officer: User, head_of_service: User
) -> None:
    thresholds(head_of_service, concentration_minimum=4, concentration_share=60)
    contacts(world.north_person, frontline, 3, days=2, asked_for=officer)
    contacts(world.north_person, frontline, 2, days=2)
    assert signal(world, SignalKind.CONCENTRATION) is None  # 3 of 5: under the minimum
    contact(world.north_person, frontline, day_ago(1), asked_for=officer)
    found = signal(world, SignalKind.CONCENTRATION)
    assert found is not None
    assert found.figures["count"] == 4 and found.figures["contacts"] == 6
    assert found.figures["colleague_id"] == officer.pk
    assert "4 of 6 contacts in 30 days (67%) asked for one colleague, Owen Price" in (
        found.explanation
    )


def test_being_handled_by_one_colleague_raises_concentration_in_the_full_recomputation(
    world: World, frontline: User, officer: User, head_of_service: User
) -> None:
    """The full recomputation reads who handled the contacts only where the summary's bounds
    leave it possible; here they do, and the colleague is found."""
    from contacts.signals import recompute_all

    thresholds(head_of_service, concentration_minimum=4, concentration_share=60)
    contacts(world.north_person, frontline, 5, days=2, handled_by=officer)
    contacts(world.north_person, frontline, 1, days=2)
    DemandSignal.objects.all().delete()
    recompute_all()
    found = signal(world, SignalKind.CONCENTRATION)
    assert found is not None
    assert (found.figures["measure"], found.figures["colleague_id"]) == ("handled", officer.pk)
    assert "5 of 6 contacts in 30 days (83%) were handled by one colleague" in found.explanation


def test_a_share_under_the_threshold_raises_nothing(
    world: World, frontline: User, officer: User, head_of_service: User
) -> None:
    thresholds(head_of_service, concentration_minimum=4, concentration_share=60)
    contacts(world.north_person, frontline, 3, days=2)
    contacts(world.north_person, frontline, 4, days=2, asked_for=officer)
    assert signal(world, SignalKind.CONCENTRATION) is None  # 4 of 7 is 57%


def test_changing_the_subject_of_one_request_raises_churn(
    world: World, frontline: User, head_of_service: User
) -> None:
    thresholds(head_of_service, churn_changes=3)
    for days, subject in [(9, "repair"), (8, "repair"), (7, "rent"), (6, "complaint")]:
        contact(world.north_person, frontline, day_ago(days), subject=subject, reference="REQ-7")
    assert signal(world, SignalKind.CHURN) is None  # two changes
    contact(world.north_person, frontline, day_ago(5), subject="repair", reference="REQ-7")
    found = signal(world, SignalKind.CHURN)
    assert found is not None and found.figures["changes"] == 3
    assert "REQ-7 changed 3 times over 5 contacts (repair → rent → complaint → repair" in (
        found.explanation
    )


def test_a_late_contact_is_replayed_in_time_order(
    world: World, frontline: User, head_of_service: User
) -> None:
    thresholds(head_of_service, churn_changes=2)
    contact(world.north_person, frontline, day_ago(9), subject="repair", reference="REQ-8")
    contact(world.north_person, frontline, day_ago(5), subject="repair", reference="REQ-8")
    # Arrives late but happened in between: repair → rent → repair is two changes.
    contact(world.north_person, frontline, day_ago(7), subject="rent", reference="REQ-8")
    found = signal(world, SignalKind.CHURN)
    assert found is not None and found.figures["subjects"] == ["repair", "rent", "repair"]


def test_matters_not_ours_count_over_90_days(
    world: World, frontline: User, head_of_service: User
) -> None:
    thresholds(head_of_service, not_landlord_90_days=3)
    contacts(world.north_person, frontline, 2, days=89, subject="not_landlord")
    contacts(world.north_person, frontline, 1, days=90, subject="not_landlord")
    assert signal(world, SignalKind.NOT_LANDLORD) is None
    contacts(world.north_person, frontline, 1, days=0, subject="not_landlord")
    found = signal(world, SignalKind.NOT_LANDLORD)
    assert found is not None
    assert found.explanation.startswith("3 contacts in 90 days about matters that are not our")


def test_reading_the_log_for_concentration_waits_for_the_worker(
    world: World, frontline: User, officer: User, head_of_service: User, settings: Any
) -> None:
    """With a real queue the contact is stored at once; the person's log is read by the worker."""
    from django.tasks import default_task_backend

    from contacts.tasks import refresh_signals

    thresholds(head_of_service, concentration_minimum=4, concentration_share=60)
    contacts(world.north_person, frontline, 3, days=2, asked_for=officer)
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    contact(world.north_person, frontline, day_ago(1), asked_for=officer)
    assert signal(world, SignalKind.CONCENTRATION) is None
    (queued,) = default_task_backend.results  # type: ignore[attr-defined]
    assert queued.task.name == refresh_signals.name
    assert queued.args == [[world.north_person.pk], []]
    refresh_signals.call(*queued.args)
    found = signal(world, SignalKind.CONCENTRATION)
    assert found is not None and found.figures["count"] == 4


def test_a_signal_goes_to_the_open_case_team_else_the_patch_team(
    world: World, personas: dict[str, User]
) -> None:
    """Whose officers see a raised signal: the open case's team; with no open case, the team
    whose patch covers the person's postcode (the first team that handles cases if none)."""
    from access.models import Team
    from conftest import make_person
    from contacts.signals import teams_for

    patched = Team.objects.filter(handles_cases=True).exclude(patch_postcodes="").first()
    assert patched is not None
    postcode = patched.patch_postcodes.split(",")[0].strip() + " 1AA"
    no_case = make_person(
        by=personas["admin"], reference="X1", first="Ann", last="Lee", postcode=postcode
    )
    nowhere = make_person(
        by=personas["admin"], reference="X2", first="Bo", last="Ng", postcode="ZZ9 9ZZ"
    )
    first = Team.objects.filter(handles_cases=True).order_by("id").first()
    assert first is not None
    found = teams_for({world.north_person.pk, no_case.pk, nowhere.pk, 10**9})
    assert found == {
        world.north_person.pk: world.north_case.team_id,
        no_case.pk: patched.pk,
        nowhere.pk: first.pk,
    }
