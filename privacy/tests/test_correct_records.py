from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent, Event
from conftest import World
from privacy.actions import correct_incident_facts, correct_person_details
from privacy.models import Correction

pytestmark = pytest.mark.django_db


def test_correcting_a_person_keeps_the_old_value_in_the_history(
    world: World, personas: Any, sign_in: Any
) -> None:
    correct_person_details(
        person=world.north_person,
        changes={"last_name": "Archard", "date_of_birth": date(1970, 5, 1)},
        reason="Tenancy agreement shows Archard.",
        by=personas["head_of_service"],
    )
    world.north_person.refresh_from_db()
    assert world.north_person.last_name == "Archard"
    correction = Correction.objects.get(field="last_name")
    assert (correction.old_value, correction.new_value) == ("Archer", "Archard")
    page = sign_in("director").get(f"/privacy/people/{world.north_person.pk}/")
    assert b"Archer" in page.content and b"Tenancy agreement shows Archard." in page.content


def test_the_audit_row_names_fields_not_values(world: World, personas: Any) -> None:
    correct_person_details(
        person=world.north_person,
        changes={"last_name": "Archard"},
        reason="Typo.",
        by=personas["head_of_service"],
    )
    event = AuditEvent.objects.get(kind=Event.RECORD_CORRECTED)
    assert event.detail["fields"] == ["last_name"]
    assert "Archer" not in str(event.detail) and "Archard" not in str(event.detail)


def test_an_incidents_facts_are_corrected_but_not_its_narrative(
    world: World, personas: Any
) -> None:
    correct_incident_facts(
        incident=world.north_incident,
        changes={"location": "Bristol office"},
        reason="CCTV shows it was at the office.",
        by=personas["head_of_service"],
    )
    world.north_incident.refresh_from_db()
    assert world.north_incident.location == "Bristol office"
    assert Correction.objects.get(incident=world.north_incident).old_value == ""
    with pytest.raises(ValidationError):
        correct_incident_facts(
            incident=world.north_incident,
            changes={"description": "Nothing happened."},
            reason="Customer disagrees.",
            by=personas["head_of_service"],
        )


def test_a_correction_needs_a_reason_and_a_change(world: World, personas: Any) -> None:
    with pytest.raises(ValidationError):
        correct_person_details(
            person=world.north_person,
            changes={"last_name": "Archard"},
            reason=" ",
            by=personas["head_of_service"],
        )
    with pytest.raises(ValidationError):
        correct_person_details(
            person=world.north_person,
            changes={"last_name": "Archer"},
            reason="Same.",
            by=personas["head_of_service"],
        )
    assert not Correction.objects.exists()


def test_correction_form_keeps_input_and_says_what_is_missing(world: World, sign_in: Any) -> None:
    response = sign_in("head_of_service").post(
        f"/privacy/people/{world.north_person.pk}/correct/",
        {"first_name": "Den", "last_name": "Archer", "reason": ""},
    )
    assert response.status_code == 422
    assert b"Say why the record was wrong and how you know." in response.content
    assert b'value="Den"' in response.content
