"""POST /api/v1/contacts/bulk: contact events, through the contacts app's own ingest."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import World

pytestmark = pytest.mark.django_db
URL = "/api/v1/contacts/bulk"


def event(world: World, event_id: str, **changes: Any) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "person_reference": world.north_person.external_reference,
        "occurred_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "channel": "phone",
        "direction": "inbound",
        "subject": "repair",
        **changes,
    }


def test_events_go_in_once_and_a_resend_is_a_duplicate(
    world: World, api_as: Callable[..., Any]
) -> None:
    client = api_as("contacts:write")
    body = {"rows": [event(world, "E-1"), event(world, "E-2")]}

    first = client.post(URL, body).json()
    again = client.post(URL, body).json()

    assert (first["received"], first["created"], first["duplicates"]) == (2, 2, 0)
    assert (again["created"], again["duplicates"]) == (0, 2)


def test_a_bad_row_is_reported_by_index(world: World, api_as: Callable[..., Any]) -> None:
    body = {"rows": [event(world, "E-1"), event(world, "E-2", person_reference="NOBODY")]}

    result = api_as("contacts:write").post(URL, body).json()

    assert result["created"] == 1
    assert result["errors"][0]["index"] == 1
    assert "NOBODY" in result["errors"][0]["message"]


def test_a_time_without_an_offset_is_refused(world: World, api_as: Callable[..., Any]) -> None:
    body = {"rows": [event(world, "E-1", occurred_at="2026-01-01T10:00:00")]}

    response = api_as("contacts:write").post(URL, body)

    assert response.status_code == 422
    assert "occurred_at" in response.json()["detail"]
