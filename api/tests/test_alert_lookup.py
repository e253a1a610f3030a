"""GET /api/v1/alerts/{kind}/{reference}: what to do, never why; contractors only their homes."""

from collections.abc import Callable
from typing import Any

import pytest

from access.models import User
from access.tests.test_access_matrix import north_measures
from alerts.lookup import NOT_FOUND_BODY
from api.tests.conftest import firm_of
from conftest import World
from flags.actions import lift_flag

pytestmark = pytest.mark.django_db


def test_a_colleague_system_sees_the_instruction_at_a_home(
    world: World, personas: dict[str, User], api_as: Callable[..., Any]
) -> None:
    north_measures(world, personas)
    reference = world.north_home.external_reference

    response = api_as("alerts:read").get(f"/api/v1/alerts/property/{reference}")

    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "property"
    assert "Attend in pairs." in [i["instruction"] for i in body["instructions"]]
    assert "Threatened an engineer" not in response.content.decode()
    assert response["Cache-Control"] == "no-store, private"


def test_a_person_and_a_uprn_can_be_looked_up(
    world: World, personas: dict[str, User], api_as: Callable[..., Any]
) -> None:
    north_measures(world, personas)
    client = api_as("alerts:read")

    person = client.get(f"/api/v1/alerts/person/{world.north_person.external_reference}")
    uprn = client.get(f"/api/v1/alerts/uprn/{world.north_home.uprn}")

    assert person.status_code == uprn.status_code == 200
    assert person.json()["instructions"]
    assert "Abuse on social media" not in person.content.decode()
    assert "Attend in pairs." in [i["instruction"] for i in uprn.json()["instructions"]]


def test_a_contractor_without_a_job_there_is_told_it_does_not_exist(
    world: World, personas: dict[str, User], api_as: Callable[..., Any]
) -> None:
    north_measures(world, personas)  # contractor_a has a job at the North home; b does not
    sent = api_as("alerts:read", contractor=firm_of(personas["contractor_a"]))
    not_sent = api_as("alerts:read", contractor=firm_of(personas["contractor_b"]))
    reference = world.north_home.external_reference

    hidden = not_sent.get(f"/api/v1/alerts/property/{reference}")
    unknown = not_sent.get("/api/v1/alerts/property/NO-SUCH-HOME")

    assert sent.get(f"/api/v1/alerts/property/{reference}").status_code == 200
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.content == unknown.content == NOT_FOUND_BODY
    assert hidden.headers == unknown.headers


def test_a_lifted_flag_is_gone_from_the_very_next_look_up(
    world: World, personas: dict[str, User], api_as: Callable[..., Any]
) -> None:
    flag, _restriction = north_measures(world, personas)
    client = api_as("alerts:read")
    url = f"/api/v1/alerts/property/{world.north_home.external_reference}"

    def flags_shown() -> list[str]:
        found = client.get(url).json()["instructions"]
        return [i["reference"] for i in found if i["measure"] == "warning_flag"]

    assert flags_shown()

    lift_flag(flag=flag, reason="Behaviour has improved.", by=personas["officer"])

    assert flags_shown() == []


def test_an_unknown_kind_is_refused_with_a_clear_message(api_as: Callable[..., Any]) -> None:
    response = api_as("alerts:read").get("/api/v1/alerts/postcode/BS1")

    assert response.status_code == 422
    assert "kind" in response.json()["detail"]
