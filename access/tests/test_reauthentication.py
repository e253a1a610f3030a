import time
from typing import Any

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from access.models import User
from access.reauth import PASSWORD_CONFIRMED_KEY
from conftest import simple_report
from demo.personas import DEMO_PASSWORD
from incidents.actions import report_incident
from incidents.evidence import check_evidence_file
from incidents.models import Evidence

pytestmark = pytest.mark.django_db


def make_stale(client: Any) -> None:
    session = client.session
    session[PASSWORD_CONFIRMED_KEY] = time.time() - 16 * 60
    session.save()


def test_the_admin_site_asks_for_the_password_after_fifteen_minutes(
    admin: User, sign_in: Any
) -> None:
    client = sign_in("admin")
    assert client.get("/admin/").status_code == 200
    make_stale(client)
    response = client.get("/admin/access/user/")
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("access:confirm_password") + "?next=%2Fadmin%2Faccess%2Fuser%2F"
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    wrong = client.post(
        reverse("access:confirm_password"), {"password": "nope", "next": "/admin/access/user/"}
    )
    assert wrong.status_code == 422
    assert "Enter your correct password" in wrong.content.decode()
    right = client.post(
        reverse("access:confirm_password"),
        {"password": DEMO_PASSWORD, "next": "/admin/access/user/"},
    )
    assert right["Location"] == "/admin/access/user/"
    assert client.get("/admin/access/user/").status_code == 200


def test_evidence_download_asks_for_the_password_after_fifteen_minutes(
    world: Any, officer: User, frontline: User, sign_in: Any
) -> None:
    upload = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    report = simple_report(
        person=world.north_person, colleague=frontline, evidence=[check_evidence_file(upload)]
    )
    item = Evidence.objects.get(incident=report_incident(report=report, by=frontline))
    url = reverse("incidents:evidence", args=[item.pk])
    client = sign_in("officer")
    try:
        assert client.get(url).status_code == 200
        make_stale(client)
        response = client.get(url)
        assert response["Location"].startswith(reverse("access:confirm_password"))
        client.post(reverse("access:confirm_password"), {"password": DEMO_PASSWORD, "next": url})
        assert client.get(url).status_code == 200
    finally:
        # The evidence store is shared by the whole test run (the backup tests count it).
        storages["evidence"].delete(item.stored_name)


def test_the_password_page_will_not_send_you_to_another_site(officer: User, sign_in: Any) -> None:
    response = sign_in("officer").post(
        reverse("access:confirm_password"),
        {"password": DEMO_PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")
