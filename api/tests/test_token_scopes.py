"""Every operation: 401 without a valid token, 403 without its scope, served with it."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import override_settings

from api.actions import revoke_api_token
from api.models import ApiToken, Scope, hash_token
from api.tests.conftest import ApiClient

pytestmark = pytest.mark.django_db

# (method, path, body, the scope it needs)
OPERATIONS: list[tuple[str, str, Any, Scope]] = [
    ("post", "/api/v1/people/bulk", {"people": []}, Scope.PEOPLE_WRITE),
    ("post", "/api/v1/jobs/bulk", {"jobs": []}, Scope.JOBS_WRITE),
    ("post", "/api/v1/incidents", {}, Scope.INCIDENTS_WRITE),
    ("get", "/api/v1/alerts/changes", None, Scope.ALERTS_READ),
    ("get", "/api/v1/alerts/property/NO-SUCH", None, Scope.ALERTS_READ),
]


def call(client: ApiClient, method: str, path: str, body: Any) -> Any:
    return client.get(path) if method == "get" else client.post(path, body)


@pytest.mark.parametrize(("method", "path", "body", "scope"), OPERATIONS)
@pytest.mark.parametrize("held", list(Scope))
def test_each_scope_opens_only_its_own_operations(
    method: str, path: str, body: Any, scope: Scope, held: Scope, api_as: Callable[..., Any]
) -> None:
    response = call(api_as(held.value), method, path, body)

    if held == scope:
        assert response.status_code not in (401, 403), response.content
    else:
        assert response.status_code == 403
        assert response.json() == {"detail": f"This token does not hold the '{scope}' scope."}


@pytest.mark.parametrize(("method", "path", "body", "scope"), OPERATIONS)
def test_no_token_and_an_unknown_token_are_refused_alike(
    method: str, path: str, body: Any, scope: Scope, personas: object
) -> None:
    missing = call(ApiClient(None), method, path, body)
    unknown = call(ApiClient("sc_not-a-real-token"), method, path, body)

    assert missing.status_code == unknown.status_code == 401
    assert missing.content == unknown.content
    assert missing["WWW-Authenticate"] == "Bearer"


def test_a_revoked_token_fails_on_its_next_request(
    make_token: Callable[..., str], personas: dict[str, Any]
) -> None:
    raw = make_token("alerts:read")
    client = ApiClient(raw)
    assert client.get("/api/v1/alerts/changes").status_code == 200

    revoke_api_token(token=ApiToken.objects.get(token_hash=hash_token(raw)), by=personas["admin"])

    assert client.get("/api/v1/alerts/changes").status_code == 401


def test_the_session_of_a_signed_in_colleague_is_not_a_token(sign_in: Callable[..., Any]) -> None:
    response = sign_in("head_of_service").get("/api/v1/alerts/changes")

    assert response.status_code == 401


@override_settings(API_RATE_LIMIT=3, API_RATE_WINDOW_SECONDS=3600)
def test_a_token_past_its_rate_limit_is_told_to_wait(api_as: Callable[..., Any]) -> None:
    client, other = api_as("alerts:read"), api_as("alerts:read")
    statuses = [client.get("/api/v1/alerts/changes").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/alerts/changes")
    assert "more than 3 requests" in refused.json()["detail"]
    assert int(refused["Retry-After"]) > 0
    # The limit is per token.
    assert other.get("/api/v1/alerts/changes").status_code == 200
