"""Breaches of active contact restrictions, found as contacts arrive."""

from datetime import time
from typing import Any

import pytest
import time_machine

from access.models import User
from cases.models import ChronologyEntry
from conftest import World
from contacts.models import BreachKind, RestrictionBreach
from contacts.tests.helpers import NOW, contact, day_ago, restriction
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pinned_now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def breaches() -> list[str]:
    return list(RestrictionBreach.objects.order_by("pk").values_list("breached", flat=True))


def test_a_phone_call_breaks_written_contact_only_and_goes_on_the_chronology(
    world: World, frontline: User, officer: User, head_of_service: User
) -> None:
    restriction(world.north_case, officer, head_of_service, "written_only")
    contact(world.north_person, frontline, day_ago(0, 10), channel="email")
    assert breaches() == []
    contact(world.north_person, frontline, day_ago(0, 11), channel="phone")
    assert breaches() == [BreachKind.CHANNEL]
    entry = ChronologyEntry.objects.get(case=world.north_case, kind=ChronologyEntry.Kind.BREACH)
    assert "Contact by phone: written contact only" in entry.summary
    notice = Notification.objects.get(kind=Notification.Kind.RESTRICTION_BREACHED)
    assert notice.recipient == world.north_case.assigned_officer


@pytest.mark.parametrize("subject", ["repair", "complaint"])
def test_a_new_repair_or_a_complaint_is_never_a_breach(
    world: World, frontline: User, officer: User, head_of_service: User, subject: str
) -> None:
    restriction(world.north_case, officer, head_of_service, "written_only")
    contact(world.north_person, frontline, day_ago(0, 11), channel="phone", subject=subject)
    assert breaches() == []


def test_a_safety_issue_is_never_a_breach(
    world: World, frontline: User, officer: User, head_of_service: User
) -> None:
    restriction(world.north_case, officer, head_of_service, "written_only")
    contact(world.north_person, frontline, day_ago(0, 11), channel="phone", safety_issue=True)
    assert breaches() == []


def test_our_own_call_is_never_the_customers_breach(
    world: World, frontline: User, officer: User, head_of_service: User
) -> None:
    restriction(world.north_case, officer, head_of_service, "written_only")
    contact(world.north_person, frontline, day_ago(0, 11), direction="outbound")
    assert breaches() == []


def test_a_contact_before_the_restriction_began_is_not_a_breach(
    world: World, frontline: User, officer: User, head_of_service: User
) -> None:
    restriction(world.north_case, officer, head_of_service, "written_only")
    contact(world.north_person, frontline, day_ago(8, 11), channel="phone")
    assert breaches() == []
    contact(world.north_person, frontline, day_ago(7, 11), channel="phone")
    assert breaches() == [BreachKind.CHANNEL]


def test_dealing_with_someone_other_than_the_single_point_of_contact_is_a_breach(
    world: World, frontline: User, officer: User, other_officer: User, head_of_service: User
) -> None:
    restriction(
        world.north_case,
        officer,
        head_of_service,
        "single_point_of_contact",
        single_point_of_contact=officer,
        deputy=other_officer,
    )
    contact(world.north_person, frontline, day_ago(0, 9), handled_by=officer)
    contact(world.north_person, frontline, day_ago(0, 10), handled_by=other_officer)
    assert breaches() == []
    contact(world.north_person, frontline, day_ago(0, 11), handled_by=frontline)
    assert breaches() == [BreachKind.SINGLE_POINT_OF_CONTACT]


def test_calls_count_against_set_times_inclusive_of_their_edges(
    world: World, frontline: User, officer: User, head_of_service: User
) -> None:
    # NOW is a Wednesday (weekday 2); calls on Wednesdays, 10:00 to 12:00.
    restriction(
        world.north_case,
        officer,
        head_of_service,
        "set_call_times",
        call_days=[2],
        call_from=time(10, 0),
        call_to=time(12, 0),
    )
    contact(world.north_person, frontline, day_ago(0, 10, 0))
    contact(world.north_person, frontline, day_ago(0, 12, 0))
    contact(world.north_person, frontline, day_ago(0, 9, 59), channel="email")
    assert breaches() == []
    contact(world.north_person, frontline, day_ago(0, 12, 1))
    contact(world.north_person, frontline, day_ago(1, 11, 0))  # a Tuesday
    assert breaches() == [BreachKind.CALL_TIMES, BreachKind.CALL_TIMES]
    details = list(RestrictionBreach.objects.order_by("pk").values_list("detail", flat=True))
    assert details == [
        "Contact by phone at 12:01: set times are 10:00 to 12:00",
        "Contact by phone on a Tuesday: not a set day",
    ]


def test_each_contact_beyond_the_limit_in_the_rolling_period_is_a_breach(
    world: World, frontline: User, officer: User, head_of_service: User
) -> None:
    restriction(
        world.north_case, officer, head_of_service, "contact_limit", max_contacts=2, period_days=7
    )
    contact(world.north_person, frontline, day_ago(7, 10))  # exactly 7 days before: outside
    contact(world.north_person, frontline, day_ago(6, 11))
    contact(world.north_person, frontline, day_ago(0, 10, 59), subject="repair")  # not counted
    contact(world.north_person, frontline, day_ago(0, 10))
    assert breaches() == []
    contact(world.north_person, frontline, day_ago(0, 11))
    assert breaches() == [BreachKind.CONTACT_LIMIT]
    assert RestrictionBreach.objects.get().detail == "Contact 3 in 7 days: the limit is 2"
