from typing import Any

import pytest

from audit.models import AuditEvent, Event
from conftest import PERSONA_NAMES, World
from privacy.models import RetentionSettings, SubjectAccessRequest

pytestmark = pytest.mark.django_db

ALLOWED = {"head_of_service", "director"}


def _expected(persona: str) -> int:
    if persona in ALLOWED:
        return 200
    return 404 if persona.startswith("contractor") else 403


@pytest.mark.parametrize("path", ["/privacy/", "/privacy/retention/"])
def test_data_protection_pages_are_for_head_of_service_and_director_only(
    path: str, personas: Any, sign_in: Any
) -> None:
    seen = {persona: sign_in(persona).get(path).status_code for persona in PERSONA_NAMES}
    assert seen == {persona: _expected(persona) for persona in PERSONA_NAMES}


def test_person_page_and_search_find_the_person(world: World, sign_in: Any) -> None:
    client = sign_in("director")
    found = client.get("/privacy/", {"q": "Archer"})
    assert f"/privacy/people/{world.north_person.pk}/".encode() in found.content
    page = client.get(f"/privacy/people/{world.north_person.pk}/")
    assert page.status_code == 200 and b"Build a subject access export" in page.content


def test_requesting_an_export_shows_its_progress_page(
    world: World, sign_in: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = sign_in("head_of_service")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/privacy/people/{world.north_person.pk}/subject-access/",
            {"received_on": "2026-01-05"},
        )
    request = SubjectAccessRequest.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{request.pk}/")
    fragment = client.get(f"/privacy/subject-access/{request.pk}/progress/")
    assert b"Download the readable report (PDF)" in fragment.content
    assert b"hx-trigger" not in fragment.content
    assert AuditEvent.objects.filter(kind=Event.SUBJECT_ACCESS_REQUESTED).exists()


def test_a_queued_export_polls_until_it_is_done(world: World, personas: Any, sign_in: Any) -> None:
    from privacy.actions import request_subject_access

    request = request_subject_access(
        person=world.north_person,
        received_on=world.north_case.opened_at.date(),
        by=personas["director"],
    )
    fragment = sign_in("director").get(f"/privacy/subject-access/{request.pk}/progress/")
    assert b'hx-trigger="every 2s"' in fragment.content


def test_request_form_refuses_a_date_in_the_future(world: World, sign_in: Any) -> None:
    response = sign_in("director").post(
        f"/privacy/people/{world.north_person.pk}/subject-access/", {"received_on": "2999-01-01"}
    )
    assert response.status_code == 422
    assert b"must be today or in the past" in response.content
    assert not SubjectAccessRequest.objects.exists()


def test_only_the_head_of_service_changes_the_retention_schedule(
    personas: Any, sign_in: Any
) -> None:
    values = {"case_closed_years": 7, "lifted_measure_years": 6, "contact_event_years": 2}
    assert sign_in("director").post("/privacy/retention/", values).status_code == 403
    assert RetentionSettings.current().case_closed_years == 6
    assert sign_in("head_of_service").post("/privacy/retention/", values).status_code == 302
    assert RetentionSettings.current().case_closed_years == 7
    event = AuditEvent.objects.get(kind=Event.RETENTION_SETTINGS_CHANGED)
    assert event.detail["changed"] == {"case_closed_years": [6, 7]}


def test_retention_form_explains_a_bad_number(sign_in: Any) -> None:
    response = sign_in("head_of_service").post(
        "/privacy/retention/",
        {"case_closed_years": 0, "lifted_measure_years": 6, "contact_event_years": 2},
    )
    assert response.status_code == 422
    assert b"Keep a closed case for at least 1 year." in response.content


def test_home_page_links_to_data_protection_for_those_who_do_it(sign_in: Any) -> None:
    assert b"/privacy/" in sign_in("director").get("/").content
    assert b"/privacy/" not in sign_in("officer").get("/").content
