from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from access.models import User
from conftest import PERSONA_NAMES, World
from support.models import ColleagueSupport
from support.panels import incident_panel

pytestmark = pytest.mark.django_db


def panel_for(user: User, world: World) -> str:
    request = RequestFactory().get("/")
    request.user = user
    context = incident_panel(request, world.north_incident)  # type: ignore[arg-type]
    return render_to_string("support/_incident_panel.html", context, request=request)


def test_the_panel_links_to_support_only_for_those_who_may_see_it(
    support: ColleagueSupport, world: World, personas: dict[str, User]
) -> None:
    shown = {
        name: "Support for Fatima Rahman" in panel_for(personas[name], world)
        for name in PERSONA_NAMES
    }
    assert shown == {
        name: name in ("frontline", "line_manager", "head_of_service") for name in PERSONA_NAMES
    }


def test_the_panel_says_nothing_at_all_to_someone_with_no_need_to_know(
    support: ColleagueSupport, world: World, director: User
) -> None:
    assert panel_for(director, world).strip() == ""


def test_the_panel_shows_where_support_has_got_to(
    world: World, line_manager: User, sign_in: Any
) -> None:
    assert "Not recorded yet" in panel_for(line_manager, world)
