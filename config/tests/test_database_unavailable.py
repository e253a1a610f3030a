"""With the database gone, every page says so plainly (503) and nothing is half-written."""

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Case
from conftest import World
from incidents.models import Incident
from incidents.tests.test_report_view import form_data

pytestmark = pytest.mark.django_db

MESSAGE = (
    "SafeContact cannot reach its database just now. Nothing you sent was saved. "
    "Try again in a minute."
)
ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def database_down(
    *, when: str = "", error: type[Exception] = OperationalError
) -> Iterator[list[str]]:
    """Every statement (or only those containing `when`) fails as a lost server would."""
    real_execute = CursorWrapper.execute
    refused: list[str] = []

    def execute(self: CursorWrapper, sql: str, params: Any = None) -> Any:
        if when in sql:
            refused.append(sql)
            raise error("server closed the connection unexpectedly")
        return real_execute(self, sql, params)

    with mock.patch.object(CursorWrapper, "execute", execute):
        yield refused


def assert_plain_503(response: Any) -> None:
    assert response.status_code == 503
    assert MESSAGE in response.content.decode()
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]


def test_a_signed_in_page_answers_503_when_the_view_cannot_query(
    world: World, sign_in: Any
) -> None:
    client = sign_in("officer")
    with database_down(when='FROM "cases_case"') as refused:
        response = client.get(reverse("cases:detail", args=[world.north_case.pk]))
    assert_plain_503(response)
    # One refused statement and an answer: no retries that would keep the colleague waiting.
    assert len(refused) == 1


def test_a_signed_in_page_answers_503_when_the_session_cannot_be_loaded(
    world: World, sign_in: Any
) -> None:
    client = sign_in("officer")
    # Django reports the error to the test client as well; a real browser gets only the page.
    client.raise_request_exception = False
    with database_down() as refused:
        response = client.get(reverse("cases:detail", args=[world.north_case.pk]))
    assert_plain_503(response)
    assert len(refused) == 1


def test_the_sign_in_page_answers_503_for_a_colleague_already_signed_in(
    sign_in: Any,
) -> None:
    client = sign_in("frontline")
    client.raise_request_exception = False
    with database_down():
        response = client.get(reverse("login"))
    assert_plain_503(response)


def test_signing_in_answers_503_and_starts_no_session(personas: Any) -> None:
    client = Client()
    with database_down():
        response = client.post(
            reverse("login"), {"username": "frontline", "password": "any password at all"}
        )
    assert_plain_503(response)
    assert "sessionid" not in response.cookies


def test_a_lost_connection_is_answered_503_as_well(sign_in: Any) -> None:
    client = sign_in("officer")
    client.raise_request_exception = False
    with database_down(error=InterfaceError):
        response = client.get(reverse("cases:my_work"))
    assert_plain_503(response)


def test_a_report_that_fails_part_way_leaves_no_rows(world: World, sign_in: Any) -> None:
    client = sign_in("frontline")
    client.get(reverse("incidents:report"))
    counts = (Incident.objects.count(), Case.objects.count(), AuditEvent.objects.count())
    # The incident row is written; the audit row after it is what the lost server refuses.
    with database_down(when='INSERT INTO "audit_auditevent"') as refused:
        response = client.post(reverse("incidents:report"), form_data(world))
    assert refused, "the report never reached its audit row"
    assert_plain_503(response)
    assert (Incident.objects.count(), Case.objects.count(), AuditEvent.objects.count()) == counts


def test_pages_work_again_once_the_database_is_back(world: World, sign_in: Any) -> None:
    client = sign_in("officer")
    client.raise_request_exception = False
    with database_down():
        assert client.get(reverse("cases:my_work")).status_code == 503
    assert client.get(reverse("cases:my_work")).status_code == 200


def test_other_errors_are_left_to_django() -> None:
    from config.middleware import DatabaseUnavailableMiddleware

    middleware = DatabaseUnavailableMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    assert middleware.process_exception(mock.Mock(), ValueError("not the database")) is None


def test_postgresql_gives_up_connecting_after_3_seconds_and_checks_old_connections() -> None:
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    environment["DATABASE_URL"] = "postgres://nobody@db.invalid:5432/safecontact"
    environment["DJANGO_SETTINGS_MODULE"] = "config.settings"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; d = settings.DATABASES['default']; "
            "print(d['OPTIONS']['connect_timeout'], d['CONN_HEALTH_CHECKS'])",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["3", "True"]
