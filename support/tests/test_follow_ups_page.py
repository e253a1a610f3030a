from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from access.models import User
from conftest import World
from support.actions import add_follow_up, record_support
from support.models import SupportFollowUp, SupportOffer

pytestmark = pytest.mark.django_db


@pytest.fixture
def south_follow_up(world: World, head_of_service: User) -> SupportFollowUp:
    """Grace Nwosu (South casework) is line managed by the Head of Service."""
    support = record_support(
        affected=world.south_incident.affected_colleagues.get(),
        discussed_on=timezone.localdate(),
        needs_notes="Fine, wants it noted.",
        offered=[SupportOffer.COUNSELLING],
        offered_other="",
        accepted=[],
        by=head_of_service,
    )
    return add_follow_up(
        support=support,
        due_on=timezone.localdate() + timedelta(days=5),
        notes="Check in",
        by=head_of_service,
    )


def rows(page: str) -> int:
    return page.count('<tr class="govuk-table__row">') - page.count("<thead")


def test_a_line_manager_sees_only_their_team_s_follow_ups_and_overdue_ones_stand_out(
    follow_up: SupportFollowUp,
    overdue_follow_up: SupportFollowUp,
    south_follow_up: SupportFollowUp,
    sign_in: Any,
    world: World,
) -> None:
    page = sign_in("line_manager").get(reverse("support:follow_ups")).content.decode()
    assert "Fatima Rahman" in page
    assert "Grace Nwosu" not in page
    assert world.north_incident.reference in page
    assert world.south_incident.reference not in page
    assert page.count("Overdue") == 1
    assert 'govuk-tag govuk-tag--red">Overdue' in page
    # The overdue one comes first: soonest due at the top.
    assert page.index("Overdue") < page.index(f"{follow_up.due_on:%-d %b %Y}")


def test_head_of_service_sees_every_open_follow_up(
    follow_up: SupportFollowUp, south_follow_up: SupportFollowUp, sign_in: Any
) -> None:
    page = sign_in("head_of_service").get(reverse("support:follow_ups")).content.decode()
    assert "Fatima Rahman" in page and "Grace Nwosu" in page


def test_a_colleague_sees_only_their_own_follow_ups(
    follow_up: SupportFollowUp, south_follow_up: SupportFollowUp, sign_in: Any
) -> None:
    page = sign_in("other_officer").get(reverse("support:follow_ups")).content.decode()
    assert "Grace Nwosu" in page and "Fatima Rahman" not in page


@pytest.mark.parametrize("persona", ["director", "officer", "appeal_reviewer"])
def test_those_with_no_need_to_know_see_no_follow_ups(
    persona: str, follow_up: SupportFollowUp, south_follow_up: SupportFollowUp, sign_in: Any
) -> None:
    page = sign_in(persona).get(reverse("support:follow_ups")).content.decode()
    assert "Fatima Rahman" not in page and "Grace Nwosu" not in page
    assert "There are no open follow-ups." in page


def test_done_follow_ups_leave_the_list(
    follow_up: SupportFollowUp, sign_in: Any, line_manager: User
) -> None:
    from support.actions import complete_follow_up

    complete_follow_up(follow_up=follow_up, outcome_notes="All well", by=line_manager)
    page = sign_in("line_manager").get(reverse("support:follow_ups")).content.decode()
    assert "There are no open follow-ups." in page


def test_a_line_manager_is_prompted_to_talk_to_colleagues_with_no_support_recorded(
    world: World, sign_in: Any
) -> None:
    page = sign_in("line_manager").get(reverse("support:follow_ups")).content.decode()
    assert "Colleagues waiting for a support conversation" in page
    assert "Fatima Rahman" in page
    assert "Grace Nwosu" not in page
