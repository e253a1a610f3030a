from datetime import timedelta
from unittest.mock import patch

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from access.models import User
from access.throttle import MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_USERNAME
from audit.models import AuditEvent, Event
from demo.personas import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

WRONG = "Enter a correct username and password. Both are case-sensitive."


def attempt(username: str, password: str, address: str = "192.0.2.1") -> tuple[int, str]:
    response = Client(REMOTE_ADDR=address).post(
        reverse("login"), {"username": username, "password": password}
    )
    return response.status_code, response.content.decode()


def fail(times: int, username: str, address: str = "192.0.2.1") -> None:
    for _ in range(times):
        assert attempt(username, "wrong", address)[0] == 200


def test_ten_failures_lock_the_account_even_against_the_right_password(
    frontline: User,
) -> None:
    fail(MAX_FAILURES_PER_USERNAME - 1, "frontline")
    assert attempt("frontline", DEMO_PASSWORD)[0] == 302
    fail(1, "frontline", "198.51.100.7")
    status, page = attempt("frontline", DEMO_PASSWORD, "203.0.113.9")
    assert status == 200
    assert WRONG in page


def test_the_account_lock_does_not_touch_other_colleagues(frontline: User, officer: User) -> None:
    fail(MAX_FAILURES_PER_USERNAME, "frontline", "198.51.100.7")
    assert attempt("officer", DEMO_PASSWORD)[0] == 302


def test_twenty_failures_from_one_address_lock_that_address(frontline: User) -> None:
    for number in range(MAX_FAILURES_PER_ADDRESS):
        attempt(f"guess{number}", "wrong", "198.51.100.7")
    status, page = attempt("frontline", DEMO_PASSWORD, "198.51.100.7")
    assert status == 200 and WRONG in page
    assert attempt("frontline", DEMO_PASSWORD, "203.0.113.9")[0] == 302


def test_unknown_usernames_get_the_same_message_and_are_audited(db: None) -> None:
    status, page = attempt("nobody", "whatever")
    assert status == 200 and WRONG in page
    fail(MAX_FAILURES_PER_USERNAME, "nobody")
    assert WRONG in attempt("nobody", "whatever")[1]
    failures = AuditEvent.objects.filter(kind=Event.SIGN_IN_FAILED)
    assert failures.count() == MAX_FAILURES_PER_USERNAME + 2
    assert failures.first().detail["username"] == "nobody"  # type: ignore[union-attr]


def test_the_lock_cools_off_after_an_hour(frontline: User) -> None:
    fail(MAX_FAILURES_PER_USERNAME, "frontline")
    assert attempt("frontline", DEMO_PASSWORD)[0] == 200
    later = timezone.now() + timedelta(minutes=61)
    with patch("django.utils.timezone.now", return_value=later):
        assert attempt("frontline", DEMO_PASSWORD)[0] == 302
