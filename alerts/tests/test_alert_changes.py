"""The change log the feed and webhooks read: one row per real transition, written in the
same transaction as the change, and the daily sweep starting measures whose day has come."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import transaction

from access.models import User
from alerts.changes import sweep_alert_changes
from alerts.models import AlertChange
from alerts.tests.conftest import impose_restriction, raise_flag
from conftest import World
from decisions.actions import overturn_decision, set_next_review, vary_decision
from flags.actions import lift_flag
from restrictions.actions import lift_restriction

pytestmark = pytest.mark.django_db


def log() -> list[tuple[str, str, int]]:
    return list(AlertChange.objects.order_by("id").values_list("kind", "measure", "measure_id"))


def test_approving_a_flag_starts_it_with_its_person_and_home(
    world: World, officer: User, head_of_service: User
) -> None:
    flag = raise_flag(world, officer, head_of_service)
    assert log() == [("started", "warning_flag", flag.pk)]
    row = AlertChange.objects.get()
    assert (row.person_id, row.home_id) == (world.north_person.pk, world.north_home.pk)


def test_a_household_flag_names_its_home_and_no_person(
    world: World, officer: User, head_of_service: User
) -> None:
    raise_flag(world, officer, head_of_service, household=world.north_person.household)
    row = AlertChange.objects.get()
    assert (row.person_id, row.home_id) == (None, world.north_home.pk)


def test_lifting_a_flag_ends_it_once(world: World, officer: User, head_of_service: User) -> None:
    flag = raise_flag(world, officer, head_of_service)
    lift_flag(flag=flag, reason="Reviewed: no longer needed.", by=officer)
    assert log() == [("started", "warning_flag", flag.pk), ("ended", "warning_flag", flag.pk)]


def test_a_new_review_date_or_a_variation_is_a_change(
    world: World, officer: User, head_of_service: User
) -> None:
    flag = raise_flag(world, officer, head_of_service)
    set_next_review(
        decision=flag.decision,
        review_on=date.today() + timedelta(days=120),
        by=officer,
        reason="Continue for now.",
    )
    flag.refresh_from_db()
    varied = vary_decision(decision=flag.decision, by=head_of_service, reason="On appeal.")
    assert [kind for kind, _, _ in log()] == ["started", "changed", "changed"]
    overturn_decision(decision=varied, by=head_of_service, reason="On a second look.")
    assert [kind for kind, _, _ in log()] == ["started", "changed", "changed", "ended"]


def test_a_restriction_starts_and_ends(world: World, officer: User, head_of_service: User) -> None:
    restriction = impose_restriction(world, officer, head_of_service)
    lift_restriction(restriction=restriction, reason="Calls back to normal.", by=officer)
    name = "contact_restriction"
    assert log() == [("started", name, restriction.pk), ("ended", name, restriction.pk)]


def test_a_change_rolled_back_leaves_no_row(
    world: World, officer: User, head_of_service: User
) -> None:
    flag = raise_flag(world, officer, head_of_service)
    with pytest.raises(RuntimeError), transaction.atomic():
        lift_flag(flag=flag, reason="Reviewed.", by=officer)
        raise RuntimeError("the request failed after the lift")
    assert [kind for kind, _, _ in log()] == ["started"]


def test_a_measure_starting_later_starts_in_the_sweep_on_its_day_once(
    world: World, officer: User, head_of_service: User
) -> None:
    start = date.today() + timedelta(days=2)
    flag = raise_flag(world, officer, head_of_service, starts_on=start)
    assert log() == []
    assert sweep_alert_changes() == {"started": 0, "ended": 0}
    with time_machine.travel(start + timedelta(hours=12)):
        assert sweep_alert_changes() == {"started": 1, "ended": 0}
        assert sweep_alert_changes() == {"started": 0, "ended": 0}
    assert log() == [("started", "warning_flag", flag.pk)]


def test_the_sweep_ends_a_measure_the_log_still_shows_in_force(
    world: World, officer: User, head_of_service: User
) -> None:
    flag = raise_flag(world, officer, head_of_service)
    # A bulk correction outside the actions: the sweep brings the log back into step.
    type(flag).objects.filter(pk=flag.pk).update(
        lifted_at=flag.decision.decided_at, lifted_by=officer, lift_reason="Bulk correction."
    )
    assert sweep_alert_changes() == {"started": 0, "ended": 1}
    assert sweep_alert_changes() == {"started": 0, "ended": 0}
