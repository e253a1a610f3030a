from datetime import date, time, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from access.models import User
from conftest import World
from decisions.actions import approve_decision, record_needs_check
from flags.instructions import ALWAYS_ALLOWED, for_people
from restrictions.actions import lift_restriction, propose_restriction
from restrictions.models import ContactRestriction

pytestmark = pytest.mark.django_db


def needs_checked(world: World, officer: User) -> None:
    record_needs_check(
        case=world.north_case,
        by=officer,
        referral_offered=False,
        consent="not_offered",
        expectation_explained=True,
        no_needs_found=True,
    )


def restriction(world: World, officer: User, **details: Any) -> ContactRestriction:
    needs_checked(world, officer)
    return propose_restriction(
        case=world.north_case,
        by=officer,
        starts_on=date.today(),
        review_on=date.today() + timedelta(days=120),
        basis="Forty calls in a week to five different colleagues.",
        **details,
    )


@pytest.mark.parametrize(
    ("details", "expected"),
    [
        ({"kind": "single_point_of_contact"}, "Single point of contact: Owen Price"),
        (
            {
                "kind": "set_call_times",
                "call_days": [1, 3],
                "call_from": time(10),
                "call_to": time(12),
            },
            "Calls only on Tuesday, Thursday, 10:00 to 12:00.",
        ),
        (
            {"kind": "contact_limit", "max_contacts": 3, "period_days": 7},
            "No more than 3 contacts every 7 days.",
        ),
        (
            {"kind": "advocate_only", "advocate_name": "Ms Lee, Citizens Advice"},
            "Contact only through their advocate or representative: Ms Lee, Citizens Advice.",
        ),
    ],
)
def test_each_kind_has_its_parameters_and_plain_instruction(
    world: World, officer: User, head_of_service: User, details: dict[str, Any], expected: str
) -> None:
    if details["kind"] == "single_point_of_contact":
        details = {**details, "single_point_of_contact": officer}
    item = restriction(world, officer, **details)
    approve_decision(decision=item.decision, by=head_of_service)
    [shown] = for_people([world.north_person.pk])[world.north_person.pk]
    assert expected in shown.text


@pytest.mark.parametrize(
    ("details", "field"),
    [
        ({"kind": "single_point_of_contact"}, "single_point_of_contact"),
        ({"kind": "set_call_times", "call_days": [1]}, "call_from"),
        ({"kind": "contact_limit", "max_contacts": 3}, "max_contacts"),
        ({"kind": "advocate_only"}, "advocate_name"),
    ],
)
def test_missing_parameters_are_refused_and_nothing_is_written(
    world: World, officer: User, details: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        restriction(world, officer, **details)
    assert field in refused.value.message_dict
    assert ContactRestriction.objects.count() == 0
    assert world.north_case.decisions.count() == 0


def test_every_screen_with_a_restriction_says_what_can_still_be_raised(
    world: World, officer: User, head_of_service: User, sign_in: Any
) -> None:
    item = restriction(world, officer, kind="written_only")
    approve_decision(decision=item.decision, by=head_of_service)
    client = sign_in("frontline")
    for url in [
        reverse("people:person", args=[world.north_person.pk]),
        reverse("people:search") + "?q=Archer",
        reverse("people:property", args=[world.north_home.pk]),
        reverse("restrictions:detail", args=[item.pk]),
    ]:
        text = client.get(url).content.decode()
        assert "Written contact only" in text, url
        assert ALWAYS_ALLOWED in text, url
        assert "Forty calls" not in text, url


def test_lifting_a_restriction_keeps_its_history(
    world: World, officer: User, head_of_service: User
) -> None:
    item = restriction(world, officer, kind="no_social_media")
    approve_decision(decision=item.decision, by=head_of_service)
    lift_restriction(restriction=item, reason="Contact is back to normal.", by=officer)
    item.refresh_from_db()
    assert item.lifted_by == officer and not item.is_active
    assert for_people([world.north_person.pk]) == {}


def test_proposing_from_the_case_keeps_what_was_typed(
    world: World, sign_in: Any, officer: User
) -> None:
    needs_checked(world, officer)
    response = sign_in("officer").post(
        reverse("restrictions:propose", args=[world.north_case.pk]),
        {
            "kind": "contact_limit",
            "max_contacts": "3",
            "basis": "Too many calls.",
            "starts_on": date.today().isoformat(),
            "review_on": (date.today() + timedelta(days=120)).isoformat(),
        },
    )
    text = response.content.decode()
    assert response.status_code == 422
    assert "Enter how many contacts are allowed and in how many days." in text
    assert "Too many calls." in text
