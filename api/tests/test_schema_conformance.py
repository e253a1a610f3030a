"""schemathesis against /api/v1/openapi.json: no server errors, and every response (status,
content type, headers, body) is the one the schema declares.

At least 100 generated examples per operation. Each example is sent with one of: a token with
the operation's scope (most often, so the endpoint's own logic is exercised), a token with
every scope, a contractor's token, a token with another scope, an unknown token, or none.
"""

import itertools
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from access.models import User
from api.actions import create_api_token
from api.models import Scope
from config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True, scope="module")
def close_the_hot_path_connection() -> Iterator[None]:
    """On PostgreSQL the alert hot path keeps its own connection: close it, so the test
    database can be dropped at the end of the run."""
    yield
    close = getattr(application, "close", None)
    if close is not None:
        close()


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
SCOPE_OF_PATH = {
    "/api/v1/people/bulk": Scope.PEOPLE_WRITE,
    "/api/v1/jobs/bulk": Scope.JOBS_WRITE,
    "/api/v1/incidents": Scope.INCIDENTS_WRITE,
    "/api/v1/contacts/bulk": Scope.CONTACTS_WRITE,
    "/api/v1/alerts/changes": Scope.ALERTS_READ,
    "/api/v1/alerts/{kind}/{reference}": Scope.ALERTS_READ,
}
# Which token each example carries, in turn: mostly the right one.
TURNS = [
    "right",
    "right",
    "right",
    "every",
    "right",
    "contractor",
    "right",
    "wrong",
    "unknown",
    "none",
]


@pytest.fixture(autouse=True)
def keep_the_test_connection() -> Iterator[None]:
    """schemathesis calls the WSGI app itself; like Django's test client, keep the app from
    closing the test's database connection (in its transaction) at the end of a request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(personas: dict[str, User]) -> dict[str, str | None]:
    def make(scopes: list[str], **options: object) -> str:
        return create_api_token(name="Conformance", scopes=scopes, by=None, **options)[1]  # type: ignore[arg-type]

    made: dict[str, str | None] = {f"scope:{scope}": make([scope]) for scope in Scope.values}
    made["every"] = make(list(Scope.values))
    made["contractor"] = make(
        list(Scope.values), contractor=personas["contractor_a"].contractor_organisation
    )
    made["unknown"] = "sc_this-token-was-never-made"
    made["none"] = None
    return made


def token_turns(tokens: dict[str, str | None], scope: Scope) -> Iterator[str | None]:
    wrong = next(s for s in Scope.values if s != scope)
    by_turn = {
        "right": tokens[f"scope:{scope}"],
        "every": tokens["every"],
        "contractor": tokens["contractor"],
        "wrong": tokens[f"scope:{wrong}"],
        "unknown": tokens["unknown"],
        "none": tokens["none"],
    }
    return itertools.cycle([by_turn[turn] for turn in TURNS])


_turns: dict[str, Iterator[str | None]] = {}


@pytest.mark.django_db
@override_settings(API_RATE_LIMIT=1_000_000)
@schema.parametrize()
@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_its_schema_says(
    case: schemathesis.Case, tokens: dict[str, str | None]
) -> None:
    path = case.operation.path
    key = f"{case.operation.method} {path} {id(tokens)}"
    turns = _turns.setdefault(key, token_turns(tokens, SCOPE_OF_PATH[path]))
    raw = next(turns)
    headers = {"Authorization": f"Bearer {raw}"} if raw else {}
    case.call_and_validate(headers=headers, checks=CHECKS)
