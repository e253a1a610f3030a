from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import World
from contractors.models import Job

pytestmark = pytest.mark.django_db

URL = reverse("contractors:jobs_import")


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("jobs.csv", text.encode(), content_type="text/csv")


def test_head_of_service_imports_jobs_and_sees_bad_rows_by_line(world: World, sign_in: Any) -> None:
    text = (
        "job_ref,property_ref,contractor,starts_on,ends_on,description\n"
        f"J1,{world.north_home.external_reference},Severn Gas Services,2026-01-05,,Check\n"
        "J2,NOPE,Severn Gas Services,2026-01-05,,\n"
    )
    page = sign_in("head_of_service").post(URL, {"file": upload(text)})
    content = page.content.decode()
    assert page.status_code == 200
    assert "Created 1" in content and "refused 1" in content
    assert "property_ref &#x27;NOPE&#x27; is not a known property" in content
    assert Job.objects.filter(external_reference="J1").exists()


def test_posting_without_a_file_says_what_to_do(sign_in: Any) -> None:
    page = sign_in("admin").post(URL, {})
    assert page.status_code == 422
    assert "Choose a CSV file of contractor jobs to import." in page.content.decode()


def test_a_file_that_is_not_utf8_is_refused(sign_in: Any) -> None:
    page = sign_in("admin").post(
        URL, {"file": SimpleUploadedFile("jobs.csv", b"job_ref\n\xff\xfe\n")}
    )
    assert page.status_code == 422
    assert "saved as UTF-8" in page.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 200), ("head_of_service", 200), ("officer", 403), ("contractor_a", 404)],
)
def test_only_administrators_and_head_of_service_manage_jobs(
    persona: str, status: int, sign_in: Any
) -> None:
    assert sign_in(persona).get(URL).status_code == status
