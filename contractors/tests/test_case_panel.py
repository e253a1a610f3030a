from datetime import date, timedelta
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from access.models import User
from conftest import World
from contractors.panels import case_panel
from contractors.tests.conftest import GiveJob

pytestmark = pytest.mark.django_db


def panel_for(user: User, world: World) -> dict[str, Any]:
    request = RequestFactory().get("/")
    request.user = user
    return case_panel(request, world.north_case)  # type: ignore[arg-type]


def test_case_panel_lists_current_and_coming_jobs_at_the_persons_home(
    world: World, give_job: GiveJob, officer: User
) -> None:
    today = date.today()
    give_job(firm="Severn Gas Services", home=world.north_home, reference="NOW")
    give_job(
        firm="Westway Repairs",
        home=world.north_home,
        reference="SOON",
        starts_on=today + timedelta(days=5),
    )
    give_job(
        firm="Westway Repairs",
        home=world.north_home,
        reference="DONE",
        starts_on=today - timedelta(days=9),
        ends_on=today - timedelta(days=1),
    )
    context = panel_for(officer, world)
    assert [job.external_reference for job in context["contractors_panel"]["jobs"]] == [
        "NOW",
        "SOON",
    ]
    html = render_to_string("contractors/_case_panel.html", {**context, "case": world.north_case})
    assert "Severn Gas Services" in html and "Westway Repairs" in html
    assert "Import contractor jobs" not in html


def test_case_panel_shows_nothing_to_an_officer_of_another_team(
    world: World, give_job: GiveJob, other_officer: User
) -> None:
    give_job(firm="Severn Gas Services", home=world.north_home)
    assert panel_for(other_officer, world)["contractors_panel"]["jobs"] == []
