"""POST /api/v1/incidents: an incident recorded in another system, naming its reporter."""

from collections.abc import Callable
from typing import Any

import pytest

from access.models import User
from audit.models import AuditEvent, Event
from conftest import World
from incidents.models import Incident
from notifications.models import Notification

pytestmark = pytest.mark.django_db
URL = "/api/v1/incidents"


def report(world: World, **changes: Any) -> dict[str, Any]:
    return {
        "reported_by": "frontline",
        "occurred_at": "2026-01-05T09:30:00+00:00",
        "colleague_at_work": True,
        "channel": "phone",
        "description": "Called the repairs line and shouted at the adviser.",
        "behaviours": ["shouting"],
        "affected_colleagues": ["frontline"],
        "responsible_people": [world.north_person.external_reference],
        **changes,
    }


def test_an_incident_joins_the_persons_case_and_the_manager_is_told(
    world: World, personas: dict[str, User], api_as: Callable[..., Any]
) -> None:
    before = Notification.objects.filter(recipient=personas["line_manager"]).count()

    response = api_as("incidents:write").post(URL, report(world))

    assert response.status_code == 201, response.content
    incident = Incident.objects.get(pk=response.json()["id"])
    assert incident.reported_by == personas["frontline"]
    assert incident.case == world.north_case
    assert response.json()["case_id"] == world.north_case.pk
    assert Notification.objects.filter(recipient=personas["line_manager"]).count() == before + 1
    assert AuditEvent.objects.filter(kind=Event.API_RECORDS_UPSERTED, object_id=str(incident.pk))


def test_an_unknown_person_or_colleague_is_refused_and_nothing_recorded(
    world: World, api_as: Callable[..., Any]
) -> None:
    client = api_as("incidents:write")
    before = Incident.objects.count()

    person = client.post(URL, report(world, responsible_people=["PE-NOBODY"]))
    colleague = client.post(URL, report(world, affected_colleagues=["no.such.user"]))

    assert person.status_code == colleague.status_code == 422
    assert "PE-NOBODY" in person.json()["detail"]
    assert "no.such.user" in colleague.json()["detail"]
    assert Incident.objects.count() == before


def test_a_contractor_cannot_be_named_as_the_reporter(
    world: World, api_as: Callable[..., Any]
) -> None:
    response = api_as("incidents:write").post(URL, report(world, reported_by="contractor_a"))

    assert response.status_code == 422


def test_the_actions_own_checks_come_back_as_clear_messages(
    world: World, api_as: Callable[..., Any]
) -> None:
    response = api_as("incidents:write").post(URL, report(world, injuries=True, injury_details=""))

    assert response.status_code == 422
    assert "Describe the injuries." in response.json()["detail"]
