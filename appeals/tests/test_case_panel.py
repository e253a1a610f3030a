from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from access.models import User
from appeals.actions import decide_appeal
from appeals.panels import case_panel
from appeals.tests.helpers import lodge
from conftest import World
from decisions.models import Decision

pytestmark = pytest.mark.django_db


def panel_for(user: User, world: World) -> tuple[dict[str, Any], str]:
    request = RequestFactory().get("/")
    request.user = user
    context = case_panel(request, world.north_case)  # type: ignore[arg-type]
    return context, render_to_string("appeals/_case_panel.html", context, request=request)


def test_the_panel_offers_to_record_an_appeal_against_a_decision_in_force(
    world: World, officer: User, warning: Decision
) -> None:
    context, html = panel_for(officer, world)
    assert context["appeals"]["appealable_decisions"] == [warning]
    assert f"Record an appeal against {warning.reference}" in html
    assert "No appeals." in html


def test_the_panel_lists_the_appeal_and_stops_offering_a_second(
    world: World, officer: User, warning: Decision
) -> None:
    appeal = lodge(warning, officer)
    context, html = panel_for(officer, world)
    assert context["appeals"]["appeals"] == [appeal]
    assert context["appeals"]["appealable_decisions"] == []
    assert appeal.reference in html and "Arthur Bell" in html and "Being reviewed" in html


def test_legal_action_is_not_offered_for_appeal(
    world: World, officer: User, legal_action: Decision
) -> None:
    context, html = panel_for(officer, world)
    assert context["appeals"]["appealable_decisions"] == []
    assert "Record an appeal" not in html


def test_the_reviewer_sees_the_appeal_but_is_not_offered_to_record_one(
    world: World, officer: User, appeal_reviewer: User, warning: Decision
) -> None:
    appeal = lodge(warning, officer)
    decide_appeal(appeal=appeal, outcome="upheld", reasons="Stands.", by=appeal_reviewer)
    context, html = panel_for(appeal_reviewer, world)
    assert context["appeals"]["appeals"] == [appeal]
    assert "Decision upheld" in html and "Record an appeal" not in html
