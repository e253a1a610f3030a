import time
from typing import Any

import pytest
from django.urls import reverse

from access.reauth import PASSWORD_CONFIRMED_KEY
from audit.models import AuditEvent, Event
from privacy.tests.conftest import Constructed, build

pytestmark = pytest.mark.django_db


def _export(constructed: Constructed, personas: Any, callbacks: Any) -> Any:
    return build(constructed.person, personas["head_of_service"], callbacks)


def test_download_asks_for_the_password_again_after_fifteen_minutes(
    constructed: Constructed,
    personas: Any,
    sign_in: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    request = _export(constructed, personas, django_capture_on_commit_callbacks)
    client = sign_in("head_of_service")
    session = client.session
    session[PASSWORD_CONFIRMED_KEY] = time.time() - 16 * 60
    session.save()
    response = client.get(f"/privacy/subject-access/{request.pk}/download/?format=pdf")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("access:confirm_password"))
    assert not AuditEvent.objects.filter(kind=Event.SUBJECT_ACCESS_DOWNLOADED).exists()


@pytest.mark.parametrize(
    "file_format,content_type",
    [
        ("pdf", "application/pdf"),
        ("json", "application/json"),
        ("zip", "application/zip"),
    ],
)
def test_download_with_a_recent_password_is_given_and_audited(
    constructed: Constructed,
    personas: Any,
    sign_in: Any,
    file_format: str,
    content_type: str,
    django_capture_on_commit_callbacks: Any,
) -> None:
    request = _export(constructed, personas, django_capture_on_commit_callbacks)
    response = sign_in("director").get(
        f"/privacy/subject-access/{request.pk}/download/?format={file_format}"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response.content
    event = AuditEvent.objects.get(kind=Event.SUBJECT_ACCESS_DOWNLOADED)
    assert event.detail["format"] == file_format and event.actor == personas["director"]


@pytest.mark.parametrize("persona", ["frontline", "officer", "admin", "contractor_a"])
def test_download_is_refused_to_those_without_data_protection_work(
    constructed: Constructed,
    personas: Any,
    sign_in: Any,
    persona: str,
    django_capture_on_commit_callbacks: Any,
) -> None:
    request = _export(constructed, personas, django_capture_on_commit_callbacks)
    response = sign_in(persona).get(f"/privacy/subject-access/{request.pk}/download/")
    assert response.status_code == (404 if persona.startswith("contractor") else 403)
    assert not AuditEvent.objects.filter(kind=Event.SUBJECT_ACCESS_DOWNLOADED).exists()
