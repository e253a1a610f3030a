"""Recording a person's equality monitoring details: special category data, need to know."""

from typing import Any

import pytest
from django.urls import reverse

from audit.models import AuditEvent, Event
from conftest import World
from governance.models import EqualityProfile

pytestmark = pytest.mark.django_db


def url(world: World) -> str:
    return reverse("governance:equality_record", args=[world.north_person.pk])


def test_the_case_officer_records_details_for_a_person_on_their_case(
    world: World, sign_in: Any
) -> None:
    response = sign_in("officer").post(
        url(world), {"sex": "female", "ethnicity": "asian_indian", "disability": "yes"}
    )
    assert response.status_code == 302
    profile = EqualityProfile.objects.get(person=world.north_person)
    assert (profile.sex, profile.ethnic_group, profile.disability) == ("female", "asian", "yes")
    event = AuditEvent.objects.get(kind=Event.EQUALITY_RECORDED)
    # The audit row says that details were recorded, never what they were.
    assert "asian" not in str(event.detail) and "yes" not in str(event.detail)


def test_reading_recorded_details_is_audited(world: World, sign_in: Any) -> None:
    client = sign_in("head_of_service")
    client.post(url(world), {"sex": "male", "ethnicity": "", "disability": "no"})
    response = client.get(url(world))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(kind=Event.EQUALITY_READ).count() == 1


def test_an_officer_of_another_team_cannot_tell_the_person_exists(
    world: World, sign_in: Any
) -> None:
    client = sign_in("other_officer")
    assert client.get(url(world)).status_code == 404
    assert client.post(url(world), {"sex": "male"}).status_code == 404
    assert not EqualityProfile.objects.exists()


@pytest.mark.parametrize("persona", ["frontline", "director", "admin", "line_manager"])
def test_colleagues_who_do_not_work_cases_are_refused(
    world: World, sign_in: Any, persona: str
) -> None:
    assert sign_in(persona).post(url(world), {"sex": "male"}).status_code == 403
    assert not EqualityProfile.objects.exists()


def test_an_answer_not_on_the_list_is_refused_with_the_input_kept(
    world: World, sign_in: Any
) -> None:
    response = sign_in("officer").post(url(world), {"sex": "female", "disability": "maybe"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Select an answer about disability from the list." in page
    assert 'value="female" checked' in page
    assert not EqualityProfile.objects.exists()
