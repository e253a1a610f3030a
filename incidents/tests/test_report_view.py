"""The report-an-incident page: a refused submission keeps everything typed."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent, Event
from conftest import World
from incidents.models import Incident

pytestmark = pytest.mark.django_db


def form_data(world: World, **changes: Any) -> dict[str, Any]:
    when = timezone.localtime() - timedelta(hours=1)
    data = {
        "responsible": [str(world.north_person.pk)],
        "unknown_person": "",
        "occurred_date": when.strftime("%Y-%m-%d"),
        "occurred_time": when.strftime("%H:%M"),
        "colleague_at_work": "yes",
        "channel": "phone",
        "location": "Contact centre",
        "unacceptable_behaviours": ["threats"],
        "unreasonable_demands": [],
        "description": "Said he would wait for me in the car park after work.",
        "exact_words": "I know what car you drive.",
        "directed_at_me": "on",
        "other_colleagues": "",
        "witnesses": "",
        "injuries": "no",
        "injury_details": "",
        "police_attended": "no",
        "crime_reference": "",
    }
    data.update(changes)
    return data


def test_a_frontline_colleague_reports_and_sees_what_happens_next(
    world: World, sign_in: Any
) -> None:
    client = sign_in("frontline")
    response = client.post(reverse("incidents:report"), form_data(world))
    assert response.status_code == 302
    incident = Incident.objects.latest("pk")
    assert response["Location"] == reverse("incidents:reported", args=[incident.pk])
    page = client.get(response["Location"]).content.decode()
    assert incident.reference in page and "Liam Marsh" in page


def test_a_refused_report_shows_each_problem_and_keeps_what_was_typed(
    world: World, sign_in: Any
) -> None:
    before = Incident.objects.count()
    response = sign_in("frontline").post(
        reverse("incidents:report"),
        form_data(
            world,
            unacceptable_behaviours=[],
            description="He was waiting by my car.",
            injuries="yes",
        ),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Select at least one kind of behaviour." in page
    assert "Describe the injuries." in page
    assert "He was waiting by my car." in page
    assert "I know what car you drive." in page
    assert f'value="{world.north_person.pk}"' in page and "Dennis Archer" in page
    assert Incident.objects.count() == before


def test_a_refused_report_with_files_asks_for_them_again(world: World, sign_in: Any) -> None:
    upload = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32)
    response = sign_in("frontline").post(
        reverse("incidents:report"), form_data(world, description="", evidence=upload)
    )
    assert response.status_code == 422
    assert "choose your evidence files again" in response.content.decode()


def test_searching_for_a_person_without_javascript_keeps_the_form(
    world: World, sign_in: Any
) -> None:
    response = sign_in("frontline").post(
        reverse("incidents:report"),
        form_data(world, responsible=[], action="search", person_query="Penrose"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ruth Penrose" in page and "govuk-error-summary" not in page


def test_reading_an_incident_is_audited(world: World, sign_in: Any) -> None:
    sign_in("line_manager").get(reverse("incidents:detail", args=[world.north_incident.pk]))
    event = AuditEvent.objects.get(kind=Event.INCIDENT_READ)
    assert event.object_id == str(world.north_incident.pk) and event.actor_role == "line_manager"
    assert event.path == reverse("incidents:detail", args=[world.north_incident.pk])


def test_evidence_downloads_as_an_attachment_and_is_audited(world: World, sign_in: Any) -> None:
    upload = SimpleUploadedFile("note.txt", b"He said he would come back.")
    client = sign_in("frontline")
    client.post(reverse("incidents:report"), form_data(world, evidence=upload))
    evidence = Incident.objects.latest("pk").evidence.get()
    response = sign_in("officer").get(reverse("incidents:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="note.txt"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"He said he would come back."
    assert AuditEvent.objects.filter(kind=Event.EVIDENCE_READ).count() == 1
    assert (
        sign_in("other_officer").get(reverse("incidents:evidence", args=[evidence.pk])).status_code
        == 404
    )


def test_report_post_query_count_does_not_grow_with_history(world: World, sign_in: Any) -> None:
    client = sign_in("frontline")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.post(reverse("incidents:report"), form_data(world)).status_code == 302
        return len(captured)

    first = queries()
    for _ in range(10):
        client.post(reverse("incidents:report"), form_data(world))
    assert queries() == first


def test_an_evidence_file_over_the_size_limit_is_refused_clearly(
    world: World, sign_in: Any, settings: Any
) -> None:
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    upload = SimpleUploadedFile("video.mp4", b"\x00\x00\x00\x18ftypmp42" + b"0" * 1024 * 1024)
    before = Incident.objects.count()
    response = sign_in("frontline").post(
        reverse("incidents:report"), form_data(world, evidence=upload)
    )
    assert response.status_code == 422
    assert "each file must be 1 MB or smaller" in response.content.decode()
    assert Incident.objects.count() == before
