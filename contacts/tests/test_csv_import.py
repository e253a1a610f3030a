"""The contact centre's CSV export: bad rows by line, the rest imported; big files in the
background with progress on screen."""

import csv
import io
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from access.models import User
from audit.models import AuditEvent, Event
from conftest import World
from contacts import csv_import
from contacts.models import ContactEvent, ContactImport
from contacts.tests.helpers import NOW, day_ago
from notifications.models import Notification

pytestmark = pytest.mark.django_db

HEADER = ["event_id", "person_reference", "occurred_at", "channel", "direction", "subject"]


@pytest.fixture(autouse=True)
def pinned_now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def csv_file(rows: list[list[str]], name: str = "export.csv") -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(), content_type="text/csv")


def good(number: int) -> list[str]:
    return [f"E{number}", "PE-N1", day_ago(0, 9).isoformat(), "phone", "inbound", "rent"]


def test_bad_rows_are_reported_by_line_and_the_rest_imported(world: World, sign_in: Any) -> None:
    rows = [good(1), ["E2", "PE-NOBODY", *good(2)[2:]], good(3), [*good(4)[:5], "gossip"]]
    client = sign_in("head_of_service")
    response = client.post(
        reverse("contacts:import"), {"source": "contact_centre", "file": csv_file(rows)}
    )
    assert response.status_code == 302
    done = ContactImport.objects.get()
    assert (done.status, done.created, done.total_rows) == ("finished", 2, 4)
    assert done.errors == [
        [3, "person_reference 'PE-NOBODY' is not a known person"],
        [5, "subject 'gossip' must be one of: repair, rent, complaint, asb, other, not_landlord"],
    ]
    page = client.get(response["Location"]).content.decode()
    assert "Rows not imported" in page and "PE-NOBODY" in page
    assert done.content == ""  # the file is not kept once imported
    assert AuditEvent.objects.filter(kind=Event.CONTACTS_IMPORTED).count() == 1


def test_a_file_without_the_columns_is_refused_and_named(world: World, sign_in: Any) -> None:
    upload = SimpleUploadedFile("x.csv", b"id,name\n1,2\n", content_type="text/csv")
    response = sign_in("head_of_service").post(
        reverse("contacts:import"), {"source": "contact_centre", "file": upload}
    )
    assert response.status_code == 422
    assert "lacks the column(s): event_id, person_reference" in response.content.decode()
    assert not ContactImport.objects.exists()


def test_importing_the_same_file_twice_adds_nothing(world: World, sign_in: Any) -> None:
    client = sign_in("head_of_service")
    for _ in range(2):
        client.post(
            reverse("contacts:import"),
            {"source": "contact_centre", "file": csv_file([good(1), good(2)])},
        )
    assert ContactEvent.objects.count() == 2
    assert list(ContactImport.objects.order_by("pk").values_list("duplicates", flat=True)) == [
        0,
        2,
    ]


def test_a_large_file_is_imported_in_the_background_with_progress_and_a_notice(
    world: World,
    sign_in: Any,
    head_of_service: User,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    monkeypatch.setattr(csv_import, "BACKGROUND_FROM", 3)
    monkeypatch.setattr("contacts.views.BACKGROUND_FROM", 3)
    monkeypatch.setattr(csv_import, "CHUNK", 2)
    client = sign_in("head_of_service")
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(
            reverse("contacts:import"),
            {"source": "contact_centre", "file": csv_file([good(n) for n in range(5)])},
        )
    waiting = ContactImport.objects.get()
    assert waiting.status == ContactImport.Status.QUEUED
    progress = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in progress and "0 of 5 rows imported" in progress
    for callback in queued:
        callback()  # the worker picks it up
    done = ContactImport.objects.get()
    assert (done.status, done.processed_rows, done.created) == ("finished", 5, 5)
    finished = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "every 2s" not in finished and "5 contacts added" in finished
    notice = Notification.objects.get(kind=Notification.Kind.IMPORT_FINISHED)
    assert notice.recipient == head_of_service
