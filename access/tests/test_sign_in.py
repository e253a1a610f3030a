import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from access.middleware import SESSION_STARTED_KEY
from access.models import User
from audit.models import AuditEvent, Event
from demo.personas import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_a_colleague_signs_in_and_it_is_audited(frontline: User, totp_for: Any) -> None:
    client = Client()
    response = client.post(reverse("login"), {"username": "frontline", "password": DEMO_PASSWORD})
    assert response["Location"] == reverse("access:verify")
    assert not AuditEvent.objects.filter(kind=Event.SIGNED_IN, actor=frontline).exists()
    response = client.post(reverse("access:verify"), {"code": totp_for("frontline")()})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(kind=Event.SIGNED_IN, actor=frontline).exists()
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_password_gets_a_clear_message_and_keeps_the_username(frontline: User) -> None:
    response = Client().post(reverse("login"), {"username": "frontline", "password": "nope"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert 'value="frontline"' in page


def test_every_page_but_sign_in_and_health_needs_a_login(db: None) -> None:
    client = Client()
    assert client.get(reverse("health")).json() == {"status": "ok", "database": "ok"}
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("home")).status_code == 302


def test_a_session_ends_twelve_hours_after_sign_in_however_active(
    frontline: User, sign_in: Any
) -> None:
    client = sign_in("frontline")
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - 13 * 60 * 60
    session.save()
    assert client.get(reverse("home")).status_code == 302


def test_a_deactivated_colleague_is_signed_out_at_once(frontline: User, sign_in: Any) -> None:
    client = sign_in("frontline")
    frontline.is_active = False
    frontline.save()
    assert client.get(reverse("home")).status_code == 302


def test_the_menu_marks_one_section_as_current(officer: User, sign_in: Any) -> None:
    page = sign_in("officer").get(reverse("cases:my_work")).content.decode()
    assert page.count('aria-current="page"') == 1
    assert 'href="/cases/my-work/" aria-current="page"' in page
