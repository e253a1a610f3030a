from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from access.models import User
from appeals.actions import assign_reviewer
from appeals.models import Appeal
from appeals.tests.helpers import lodge
from conftest import World
from decisions.actions import propose_decision, record_needs_check
from decisions.models import Decision, NeedsCheck, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def south_appeal(
    world: World, other_officer: User, head_of_service: User, director: User
) -> Appeal:
    record_needs_check(
        case=world.south_case,
        by=other_officer,
        referral_offered=False,
        consent=NeedsCheck.Consent.NOT_OFFERED,
        expectation_explained=True,
        no_needs_found=True,
    )
    decision = propose_decision(
        case=world.south_case,
        response=Response.WARNING_LETTER,
        basis="Abusive emails to the repairs team.",
        by=other_officer,
    )
    appeal = lodge(decision, other_officer)
    assign_reviewer(appeal=appeal, reviewer=director, by=head_of_service)
    return appeal


def listed(sign_in: Any, persona: str) -> str:
    response = sign_in(persona).get(reverse("appeals:list"))
    assert response.status_code == 200
    return response.content.decode()


def test_an_overdue_appeal_stands_out_with_a_red_tag(
    officer: User, warning: Decision, sign_in: Any
) -> None:
    appeal = lodge(warning, officer)
    page = listed(sign_in, "head_of_service")
    assert appeal.reference in page and "Overdue" not in page
    later = appeal.due_on + timedelta(days=1)
    with mock.patch.object(timezone, "localdate", return_value=later):
        page = listed(sign_in, "head_of_service")
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in page
    assert appeal.due_on.strftime("%-d %b %Y") in page


def test_the_reviewer_sees_only_the_appeals_assigned_to_them(
    officer: User, warning: Decision, south_appeal: Appeal, sign_in: Any
) -> None:
    north_appeal = lodge(warning, officer)
    page = listed(sign_in, "appeal_reviewer")
    assert north_appeal.reference in page
    assert south_appeal.reference not in page


def test_head_of_service_and_director_see_every_appeal(
    officer: User, warning: Decision, south_appeal: Appeal, sign_in: Any
) -> None:
    north_appeal = lodge(warning, officer)
    for persona in ("head_of_service", "director"):
        page = listed(sign_in, persona)
        assert north_appeal.reference in page and south_appeal.reference in page


def test_a_case_officer_sees_their_teams_appeals_only(
    officer: User, warning: Decision, south_appeal: Appeal, sign_in: Any
) -> None:
    north_appeal = lodge(warning, officer)
    page = listed(sign_in, "officer")
    assert north_appeal.reference in page and south_appeal.reference not in page
    page = listed(sign_in, "other_officer")
    assert south_appeal.reference in page and north_appeal.reference not in page


def test_colleagues_who_do_not_review_appeals_are_refused_the_list(sign_in: Any) -> None:
    assert sign_in("frontline").get(reverse("appeals:list")).status_code == 403
    assert sign_in("contractor_a").get(reverse("appeals:list")).status_code == 404
