import json
from typing import Any

import pytest

from audit.models import AuditEvent, Event
from privacy.actions import release_held_back_item
from privacy.tests.conftest import NOT_TOLD_REASON, POLICE_NOTES, Constructed, build

pytestmark = pytest.mark.django_db


def test_released_police_report_is_in_the_rebuilt_export_with_the_reason_recorded(
    constructed: Constructed, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    head = personas["head_of_service"]
    request = build(constructed.person, head, django_capture_on_commit_callbacks)
    assert POLICE_NOTES not in bytes(request.data_json or b"").decode()
    item = request.held_back.get(kind="police_report")
    with django_capture_on_commit_callbacks(execute=True):
        release_held_back_item(item=item, reason="Police have no objection.", by=head)
    request.refresh_from_db()
    data = json.loads(bytes(request.data_json or b""))
    assert request.is_ready
    assert POLICE_NOTES in json.dumps(data)
    # Only what was released: the decision not to tell stays held back.
    assert NOT_TOLD_REASON not in json.dumps(data)
    assert AuditEvent.objects.filter(
        kind=Event.SUBJECT_ACCESS_ITEM_REVIEWED, object_id=str(item.pk)
    ).exists()


def test_release_needs_a_reason(
    constructed: Constructed,
    personas: Any,
    sign_in: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    request = build(
        constructed.person, personas["head_of_service"], django_capture_on_commit_callbacks
    )
    item = request.held_back.get(kind="police_report")
    response = sign_in("head_of_service").post(
        f"/privacy/held-back/{item.pk}/release/", {"reason": ""}
    )
    assert response.status_code == 422
    assert b"Say why this can be released" in response.content
    item.refresh_from_db()
    assert not item.is_released


def test_export_page_lists_held_back_material_for_review(
    constructed: Constructed,
    personas: Any,
    sign_in: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    request = build(
        constructed.person, personas["head_of_service"], django_capture_on_commit_callbacks
    )
    page = sign_in("director").get(f"/privacy/subject-access/{request.pk}/")
    assert page.status_code == 200
    assert b"Police report" in page.content
    assert b"Decision not to tell the customer about" in page.content
