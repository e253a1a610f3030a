"""Recording the policy's approved versions and its annual monitoring."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent, Event
from governance.models import PolicyMonitoring, PolicyVersion

pytestmark = pytest.mark.django_db


def test_the_director_records_an_approved_version_with_its_document(sign_in: Any) -> None:
    client = sign_in("director")
    document = SimpleUploadedFile("policy-v2.pdf", b"%PDF-1.7 policy", "application/pdf")
    response = client.post(
        reverse("governance:policy_version"),
        {
            "version": "2",
            "approved_on": "2026-06-12",
            "approved_by": "Customer Services Committee",
            "summary_of_changes": "Added contact through an advocate.",
            "document": document,
        },
    )
    assert response.status_code == 302
    version = PolicyVersion.objects.get(version="2")
    assert AuditEvent.objects.filter(kind=Event.POLICY_VERSION_RECORDED).count() == 1
    page = client.get(reverse("governance:policy")).content.decode()
    assert "12 June 2029" in page  # three years on
    download = client.get(reverse("governance:policy_document", args=[version.pk]))
    assert download.content == b"%PDF-1.7 policy"
    assert 'filename="policy-v2.pdf"' in download["Content-Disposition"]


def test_a_version_needs_its_approval_details(sign_in: Any) -> None:
    response = sign_in("director").post(
        reverse("governance:policy_version"), {"version": "", "approved_on": "2099-01-01"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Enter the version number." in page
    assert "Enter the board or committee that approved it." in page
    assert PolicyVersion.objects.count() == 1  # only the seeded one


def test_a_future_approval_date_is_refused(sign_in: Any) -> None:
    response = sign_in("director").post(
        reverse("governance:policy_version"),
        {
            "version": "3",
            "approved_on": "2999-01-01",
            "approved_by": "Board",
            "summary_of_changes": "Changes.",
        },
    )
    assert response.status_code == 422
    assert "The approval date must be today or in the past." in response.content.decode()


def test_the_head_of_service_records_the_annual_monitoring(sign_in: Any) -> None:
    client = sign_in("head_of_service")
    response = client.post(
        reverse("governance:policy_monitoring"),
        {
            "carried_out_on": "2026-03-01",
            "health_and_safety_review": "Health and safety annual review 2025 to 2026",
            "findings": "Restrictions reviewed on time; one appeal upheld.",
        },
    )
    assert response.status_code == 302
    monitoring = PolicyMonitoring.objects.get()
    assert monitoring.changes_needed is False
    assert AuditEvent.objects.filter(kind=Event.POLICY_MONITORING_RECORDED).count() == 1
    assert "1 March 2027" in client.get(reverse("governance:policy")).content.decode()


def test_monitoring_needs_its_findings(sign_in: Any) -> None:
    response = sign_in("head_of_service").post(
        reverse("governance:policy_monitoring"), {"carried_out_on": "2026-03-01"}
    )
    assert response.status_code == 422
    assert "Enter what the monitoring found." in response.content.decode()
    assert not PolicyMonitoring.objects.exists()
