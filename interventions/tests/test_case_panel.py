from datetime import timedelta
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from access.models import User
from conftest import World
from interventions.actions import add_hearing
from interventions.panels import case_panel
from interventions.tests import making

pytestmark = pytest.mark.django_db


def render_panel(user: User, world: World) -> str:
    request = RequestFactory().get("/")
    request.user = user
    context = case_panel(request, world.north_case)  # type: ignore[arg-type]
    return render_to_string("interventions/_case_panel.html", context, request=request)


def test_the_panel_lists_each_kind_of_record_with_links_to_add_more(
    world: World, officer: User
) -> None:
    making.referral(world.north_case, officer)
    action = making.legal_action(world.north_case, officer)
    add_hearing(
        legal_action=action,
        on=making.today() + timedelta(days=9),
        court="Bristol County Court",
        purpose="Return date hearing",
        by=officer,
    )
    making.police_report(world.north_case, officer)
    making.disclosure(world.north_case, officer)
    text = render_panel(officer, world)
    assert '<h2 class="govuk-heading-m"' in text
    assert "West of England Mediation" in text
    assert "Without-notice civil injunction" in text and "Bristol County Court" in text
    assert "AS-2026-0412" in text
    assert "Awaiting approval" in text
    for link in ["Refer to mediation", "Record legal action", "Record a police report"]:
        assert link in text
    assert "Propose sharing information" in text
    assert "Approve" not in text and "Information-sharing log" not in text


def test_a_senior_colleague_can_approve_from_the_panel_but_not_their_own(
    world: World, officer: User, head_of_service: User, director: User
) -> None:
    making.disclosure(world.north_case, head_of_service)
    assert "Approve" in render_panel(director, world)
    assert "Approve" not in render_panel(head_of_service, world)
    director_view = render_panel(director, world)
    assert "Information-sharing log" in director_view
    assert "Refer to mediation" not in director_view


def test_the_panel_makes_a_bounded_number_of_queries(
    world: World, officer: User, django_assert_max_num_queries: Any
) -> None:
    for _ in range(3):
        action = making.legal_action(world.north_case, officer)
        add_hearing(
            legal_action=action,
            on=making.today(),
            court="Bristol County Court",
            purpose="Hearing",
            by=officer,
        )
        making.police_report(world.north_case, officer)
        making.disclosure(world.north_case, officer)
    request = RequestFactory().get("/")
    request.user = officer
    with django_assert_max_num_queries(6):
        render_to_string(
            "interventions/_case_panel.html",
            case_panel(request, world.north_case),  # type: ignore[arg-type]
            request=request,
        )
