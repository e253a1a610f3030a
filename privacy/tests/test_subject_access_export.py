import io
import json
import zipfile
from typing import Any

import pytest
from pypdf import PdfReader

from audit.models import AuditEvent, Event
from notifications.models import Notification
from privacy.models import SubjectAccessRequest
from privacy.registry import EXPORTED
from privacy.tests.conftest import (
    NOT_TOLD_REASON,
    OTHER_CUSTOMER,
    POLICE_NOTES,
    SECRET_BASIS,
    WITNESS,
    Constructed,
    build,
)

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _built(constructed: Constructed, personas: Any, callbacks: Any) -> SubjectAccessRequest:
    request = build(constructed.person, personas["head_of_service"], callbacks)
    assert request.status == SubjectAccessRequest.Status.READY
    return request


def test_export_is_built_in_the_background_and_the_requester_is_told(
    constructed: Constructed, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    request = _built(constructed, personas, django_capture_on_commit_callbacks)
    assert request.progress == 100
    assert Notification.objects.filter(
        recipient=personas["head_of_service"], kind=Notification.Kind.SUBJECT_ACCESS_READY
    ).exists()
    kinds = set(
        AuditEvent.objects.filter(object_type="privacy.subjectaccessrequest").values_list(
            "kind", flat=True
        )
    )
    assert {Event.SUBJECT_ACCESS_REQUESTED, Event.SUBJECT_ACCESS_BUILT} <= kinds


def test_json_has_every_section_and_the_records_of_the_case(
    constructed: Constructed, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    request = _built(constructed, personas, django_capture_on_commit_callbacks)
    data = json.loads(bytes(request.data_json or b""))
    present = {section for section in EXPORTED.values() if section in data}
    # Every exported model's section is in the file (optional apps' sections when installed).
    assert present == set(EXPORTED.values())
    assert data["person"]["last_name"] == "Archer"
    references = [i["reference"] for i in data["incidents"]]
    assert constructed.incident.reference in references and len(references) == 2
    assert data["warning_flags"][0]["reasons"].startswith("Threatened the engineer")
    assert data["assessments"][0]["notes"] == "Escalating."
    assert data["cases"][0]["chronology"]
    assert data["letters"][0]["copy_in_bundle"] == f"letters/{constructed.letter.reference}.pdf"


def test_pdf_is_readable_and_says_what_the_json_says(
    constructed: Constructed, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    request = _built(constructed, personas, django_capture_on_commit_callbacks)
    text = _pdf_text(bytes(request.report_pdf or b""))
    for heading in (
        "Your details",
        "Incidents",
        "Warning flags and their reasons",
        "Who has viewed your records",
        "Decisions and their basis",
    ):
        assert heading in text
    assert "Archer" in text
    assert "Threatened the engineer" in text


def test_other_customers_and_witnesses_are_never_named(
    constructed: Constructed, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    request = _built(constructed, personas, django_capture_on_commit_callbacks)
    texts = [bytes(request.data_json or b"").decode(), _pdf_text(bytes(request.report_pdf or b""))]
    for text in texts:
        for name in (*OTHER_CUSTOMER, WITNESS, "Ashdown", "07700 900123", "Fatima", "Rahman"):
            assert name not in text
        assert "[another person]" in text


def test_police_material_and_decisions_not_told_are_held_back(
    constructed: Constructed, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    request = _built(constructed, personas, django_capture_on_commit_callbacks)
    held = {item.kind for item in request.held_back.all()}
    assert {"police_report", "not_told"} <= held
    archive = zipfile.ZipFile(io.BytesIO(bytes(request.bundle_zip or b"")))
    everything = "".join(
        archive.read(name).decode(errors="ignore")
        for name in archive.namelist()
        if not name.endswith(".pdf")
    ) + _pdf_text(bytes(request.report_pdf or b""))
    for secret in (
        POLICE_NOTES,
        NOT_TOLD_REASON,
        SECRET_BASIS,
        "AS-2026-0001",
        constructed.hidden_decision.reference,
    ):
        assert secret not in everything


def test_bundle_carries_the_issued_letter_byte_for_byte(
    constructed: Constructed, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    request = _built(constructed, personas, django_capture_on_commit_callbacks)
    archive = zipfile.ZipFile(io.BytesIO(bytes(request.bundle_zip or b"")))
    name = f"{request.reference}/letters/{constructed.letter.reference}.pdf"
    assert archive.read(name) == constructed.letter.stored_pdf()
    assert f"{request.reference}/data.json" in archive.namelist()


def test_who_viewed_gives_roles_and_dates_not_names(
    constructed: Constructed,
    personas: Any,
    sign_in: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    sign_in("officer").get(f"/cases/{constructed.case.pk}/")
    request = _built(constructed, personas, django_capture_on_commit_callbacks)
    data = json.loads(bytes(request.data_json or b""))
    viewed = data["who_has_viewed_your_records"]
    assert {"role": "Case officer", "what": "Case read"} in [
        {"role": v["role"], "what": v["what"]} for v in viewed
    ]
    assert "Owen" not in json.dumps(viewed) and "Price" not in json.dumps(viewed)
