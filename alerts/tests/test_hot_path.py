"""The hot path in front of Django: the API's bytes, never stale, the token checked each time.

It runs only on PostgreSQL (on SQLite the WSGI application is Django alone), so these tests
run in the PostgreSQL pass of CI. They commit (transactional_db): the hot path reads through
its own connection, as it does in production, and sees only what is committed.
"""

import threading
from collections.abc import Iterator
from datetime import time
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from access.models import User
from alerts.hotpath import AlertHotPath
from alerts.lookup import NOT_FOUND_BODY
from alerts.tests.conftest import CANARY, impose_restriction, raise_flag, send_firm
from api.actions import revoke_api_token
from api.models import ApiToken, hash_token
from conftest import World
from flags.actions import lift_flag

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql,
]

DJANGO = b"answered by django"


def django_app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("418 I'm a teapot", [])
    return [DJANGO]


@pytest.fixture
def hot() -> Iterator[AlertHotPath]:
    path = AlertHotPath(django_app)
    yield path
    path._drop_connection()


def call(hot: AlertHotPath, path: str, token: str) -> tuple[str, bytes]:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "HTTP_HOST": "testserver",
        "HTTP_AUTHORIZATION": f"Bearer {token}",
    }
    status: list[str] = []
    body = b"".join(hot(environ, lambda s, headers: status.append(s)))
    return status[0], body


def api(path: str, token: str) -> tuple[int, bytes]:
    response = Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
    return response.status_code, response.content


@pytest.fixture
def measures(world: World, officer: User, head_of_service: User) -> World:
    raise_flag(world, officer, head_of_service, person=world.north_person)
    raise_flag(world, officer, head_of_service, household=world.north_person.household)
    raise_flag(world, officer, head_of_service, home=world.north_home)
    impose_restriction(world, officer, head_of_service)
    impose_restriction(
        world,
        officer,
        head_of_service,
        kind="set_call_times",
        call_days=[0, 3],
        call_from=time(9, 30),
        call_to=time(12),
    )
    return world


PATHS = [
    "/api/v1/alerts/person/PE-N1",
    "/api/v1/alerts/person/PE-S1",
    "/api/v1/alerts/property/PR-N1",
    "/api/v1/alerts/uprn/900000000N1",
    "/api/v1/alerts/person/PE-NOBODY",
    "/api/v1/alerts/uprn/000",
]


def test_the_hot_path_gives_the_apis_bytes_for_every_kind(
    measures: World, hot: AlertHotPath, token: str
) -> None:
    for path in PATHS:
        status, body = call(hot, path, token)
        api_status, api_body = api(path, token)
        assert body == api_body, path
        assert int(status[:3]) == api_status
        assert CANARY.encode() not in body
    assert call(hot, PATHS[0], token)[1].count(b'"measure"') == 5


def test_a_nul_in_the_reference_is_left_to_django(
    measures: World, hot: AlertHotPath, token: str
) -> None:
    # libpq takes parameters as C strings: "PE-N1\x00X" would be looked up as "PE-N1".
    assert call(hot, "/api/v1/alerts/person/PE-N1\x00X", token)[1] == DJANGO


def test_a_reference_outside_ascii_gives_the_apis_bytes(
    measures: World, hot: AlertHotPath, token: str
) -> None:
    path = "/api/v1/alerts/person/PÉ-N1"
    status, body = call(hot, path.encode().decode("latin-1"), token)
    assert body == api(path, token)[1] == NOT_FOUND_BODY
    assert status == "404 Not Found"


def test_a_lost_connection_is_opened_again_and_statements_prepared_again(
    measures: World, hot: AlertHotPath, token: str
) -> None:
    first = call(hot, PATHS[0], token)
    hot.local.connection.close()  # as when the server restarts
    assert call(hot, PATHS[0], token) == first
    assert hot.local.prepared == {"person"}


def test_a_contractor_without_an_active_job_gets_the_unknown_homes_bytes(
    measures: World, hot: AlertHotPath, contractor_token: str, admin: User
) -> None:
    home = "/api/v1/alerts/property/PR-N1"
    assert call(hot, home, contractor_token) == ("404 Not Found", NOT_FOUND_BODY)
    assert call(hot, "/api/v1/alerts/property/PR-NOWHERE", contractor_token)[1] == NOT_FOUND_BODY
    send_firm(measures, admin)
    status, body = call(hot, home, contractor_token)
    assert status == "200 OK" and body == api(home, contractor_token)[1]
    assert call(hot, "/api/v1/alerts/person/PE-N1", contractor_token)[1] == NOT_FOUND_BODY


def test_a_lifted_flag_is_gone_from_the_very_next_look_up_on_every_connection(
    world: World, officer: User, head_of_service: User, hot: AlertHotPath, token: str
) -> None:
    flag = raise_flag(world, officer, head_of_service, home=world.north_home)
    path = "/api/v1/alerts/uprn/900000000N1"
    assert flag.reference.encode() in call(hot, path, token)[1]  # this thread's connection open
    lift_flag(flag=flag, reason="Reviewed: no longer needed.", by=officer)
    assert flag.reference.encode() not in call(hot, path, token)[1]
    seen: list[bytes] = []

    def look_up_and_close() -> None:
        seen.append(call(hot, path, token)[1])
        hot._drop_connection()  # this thread's own connection, so the test database can go

    other = threading.Thread(target=look_up_and_close)
    other.start()
    other.join()
    assert seen and flag.reference.encode() not in seen[0]
    assert b'"instructions":[]' in seen[0]


def test_a_revoked_or_unknown_token_or_wrong_scope_is_left_to_django(
    world: World, hot: AlertHotPath, token: str, admin: User
) -> None:
    path = "/api/v1/alerts/person/PE-N1"
    assert call(hot, path, token)[0] == "200 OK"
    assert call(hot, path, "sc_not-a-token")[1] == DJANGO
    revoke_api_token(token=ApiToken.objects.get(token_hash=hash_token(token)), by=admin)
    assert call(hot, path, token)[1] == DJANGO


def test_other_requests_are_left_to_django(world: World, hot: AlertHotPath, token: str) -> None:
    for path in [
        "/api/v1/alerts/household/HH-N1",
        "/api/v1/alerts/person/",
        "/api/v1/alerts/person/a/b",
        "/api/v1/alerts/person/" + "x" * 65,
        "/api/v1/changes",
        "/",
    ]:
        assert call(hot, path, token)[1] == DJANGO, path
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": PATHS[0], "HTTP_HOST": "testserver"}
    assert b"".join(hot(environ, lambda *a: None)) == DJANGO
    elsewhere = {**environ, "REQUEST_METHOD": "GET", "HTTP_HOST": "evil.example"}
    elsewhere["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    assert b"".join(hot(elsewhere, lambda *a: None)) == DJANGO


def test_a_household_move_made_in_plain_sql_is_in_the_very_next_look_up(
    world: World, officer: User, head_of_service: User, hot: AlertHotPath, token: str
) -> None:
    # No action runs here: a bulk correction straight in the database, committed. The
    # triggers keep the projection in step whoever writes.
    flag = raise_flag(world, officer, head_of_service, household=world.north_person.household)
    south = "/api/v1/alerts/person/PE-S1"
    assert flag.reference.encode() not in call(hot, south, token)[1]
    with connection.cursor() as cursor:  # autocommit: this statement commits on its own
        cursor.execute(
            "UPDATE people_person SET household_id = %s WHERE id = %s",
            [world.north_person.household_id, world.south_person.pk],
        )
    body = call(hot, south, token)[1]
    assert flag.reference.encode() in body and b'"applies_to":"their household"' in body
    assert body == api(south, token)[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE people_person SET household_id = NULL WHERE id = %s", [world.south_person.pk]
        )
    assert flag.reference.encode() not in call(hot, south, token)[1]
