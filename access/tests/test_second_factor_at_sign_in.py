import base64
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from access.models import Role, User
from conftest import current_code
from demo.personas import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def password_step(username: str) -> tuple[Client, str]:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    return client, response["Location"]


def new_colleague() -> User:
    user = User(username="newstarter", role=Role.FRONTLINE)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


def test_a_new_colleague_sets_up_the_authenticator_then_signs_in_with_a_code(
    personas: dict[str, User],
) -> None:
    user = new_colleague()
    client, location = password_step("newstarter")
    assert location == reverse("access:enrol")
    assert client.get(reverse("home")).status_code == 302
    page = client.get(location).content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert 'src="data:image/svg+xml;base64,' in page
    shown_secret = page.split("<code>")[1].split("</code>")[0].replace(" ", "")
    assert shown_secret == base64.b32encode(device.bin_key).decode()
    response = client.post(location, {"code": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("home")).status_code == 200


def test_set_up_is_refused_to_someone_who_has_an_authenticator_already(frontline: User) -> None:
    client, location = password_step("frontline")
    assert location == reverse("access:verify")
    assert client.get(reverse("access:enrol"))["Location"] == reverse("access:verify")
    assert not TOTPDevice.objects.filter(user=frontline, confirmed=False).exists()


def test_a_wrong_code_is_refused_with_a_clear_message(frontline: User) -> None:
    client, location = password_step("frontline")
    wrong = "000000" if current_code(frontline) != "000000" else "111111"
    response = client.post(location, {"code": wrong})
    assert response.status_code == 422
    assert "The code is not right" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_a_code_not_six_digits_gets_its_own_message(frontline: User) -> None:
    client, location = password_step("frontline")
    response = client.post(location, {"code": "12ab"})
    assert response.status_code == 422
    assert "Enter the code as 6 digits" in response.content.decode()


def test_a_code_cannot_be_used_twice(frontline: User) -> None:
    code = current_code(frontline)
    first, location = password_step("frontline")
    assert first.post(location, {"code": code}).status_code == 302
    second, location = password_step("frontline")
    response = second.post(location, {"code": code})
    assert response.status_code == 422
    assert second.get(reverse("home")).status_code == 302


def test_the_code_page_without_a_password_sends_you_to_sign_in(db: None) -> None:
    for name in ("access:verify", "access:enrol"):
        assert Client().get(reverse(name))["Location"] == reverse("login")


def test_a_half_signed_in_colleague_cannot_reach_any_page(
    frontline: User, world: Any, personas: dict[str, User]
) -> None:
    from access import policy
    from access.tests.test_access_matrix import app_routes, url_for

    client, _ = password_step("frontline")
    for route in app_routes():
        # Public routes: sign-in itself, health, and the API (a token, never a session).
        if policy.ROUTES[route] == policy.Capability.PUBLIC:
            continue
        response = client.get(url_for(route, world, personas))
        assert response.status_code == 302, route
        assert response["Location"].startswith(reverse("login")), route
    assert client.get("/admin/")["Location"].startswith(reverse("login"))


def test_a_session_signed_in_without_the_code_is_treated_as_signed_out(frontline: User) -> None:
    client = Client()
    client.force_login(frontline)
    response = client.get(reverse("home"))
    assert response["Location"].startswith(reverse("login"))
    assert client.get(reverse("login")).status_code == 200


def test_contractors_need_the_code_too(contractor_a: User) -> None:
    client, location = password_step("contractor_a")
    assert location == reverse("access:verify")
    assert client.get(reverse("contractors:portal")).status_code == 302
