"""The governance pages: for the Head of Service and the Director only."""

from typing import Any

import pytest
from django.urls import reverse

from audit.models import AuditEvent, Event
from conftest import World

pytestmark = pytest.mark.django_db

PAGES = [
    "governance:dashboard",
    "governance:equality",
    "governance:board_packs",
    "governance:policy",
    "governance:policy_version",
    "governance:policy_monitoring",
]


@pytest.mark.parametrize("page", PAGES)
def test_each_page_answers_the_head_of_service_and_the_director(
    world: World, sign_in: Any, page: str
) -> None:
    for persona in ("head_of_service", "director"):
        assert sign_in(persona).get(reverse(page)).status_code == 200, persona


@pytest.mark.parametrize("page", PAGES)
def test_no_one_else_sees_a_governance_page(world: World, sign_in: Any, page: str) -> None:
    for persona in ("frontline", "officer", "line_manager", "appeal_reviewer", "admin"):
        assert sign_in(persona).get(reverse(page)).status_code == 403, persona
    for persona in ("contractor_a", "contractor_b"):
        assert sign_in(persona).get(reverse(page)).status_code == 404, persona


def test_the_dashboard_shows_each_section_and_is_audited(world: World, sign_in: Any) -> None:
    response = sign_in("head_of_service").get(
        reverse("governance:dashboard"), {"starts_on": "2026-04-01", "ends_on": "2027-03-31"}
    )
    page = response.content.decode()
    assert "Dashboard: Year 2026 to 2027" in page
    for heading in (
        "Incidents by month",
        "Time to first action",
        "Colleagues affected and support offered",
        "Reviews",
        "Appeals",
        "Referrals offered and accepted",
        "Mediation, legal action, police and partners",
        "Demand signals",
    ):
        assert heading in page, heading
    assert "Opening or assigning a case and case notes do not count" in page
    event = AuditEvent.objects.get(kind=Event.DASHBOARD_READ)
    assert event.detail == {"starts_on": "2026-04-01", "ends_on": "2027-03-31"}


def test_a_period_that_ends_before_it_starts_is_refused(world: World, sign_in: Any) -> None:
    response = sign_in("director").get(
        reverse("governance:dashboard"), {"starts_on": "2026-04-01", "ends_on": "2026-03-01"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "The last day must be on or after the first day." in page
    assert 'href="#id_ends_on"' in page
    assert 'value="2026-04-01"' in page


def test_each_chart_is_an_svg_with_its_labels_as_text(world: World, sign_in: Any) -> None:
    client = sign_in("head_of_service")
    for slug, title in (
        ("incidents_by_month", "Incidents by month"),
        ("incidents_by_behaviour", "Incidents by behaviour"),
        ("incidents_by_severity", "Incidents by severity"),
        ("incidents_by_channel", "Incidents by channel"),
    ):
        response = client.get(reverse("governance:chart", args=[slug]))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/svg+xml"
        assert f">{title}</text>" in response.content.decode()
    assert client.get(reverse("governance:chart", args=["nothing"])).status_code == 404
