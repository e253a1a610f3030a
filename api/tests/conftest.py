"""Tokens and a client that calls the API with one, shared by the API's tests."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from access.models import ContractorOrganisation, User
from api.actions import create_api_token
from api.models import Scope

ALL_SCOPES = list(Scope.values)


class ApiClient:
    """Calls the API as an outside system would: JSON in, bearer token, no session."""

    def __init__(self, raw_token: str | None) -> None:
        self.client = Client()
        self.raw = raw_token

    def headers(self, **extra: str) -> dict[str, str]:
        given = {"Authorization": f"Bearer {self.raw}"} if self.raw else {}
        return {**given, **extra}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params, headers=self.headers())

    def post(self, path: str, body: Any, **headers: str) -> Any:
        raw = body if isinstance(body, (bytes, str)) else json.dumps(body)
        return self.client.post(
            path, raw, content_type="application/json", headers=self.headers(**headers)
        )


@pytest.fixture
def make_token(personas: dict[str, User]) -> Callable[..., str]:
    def make(
        *scopes: str, contractor: ContractorOrganisation | None = None, name: str = "Test system"
    ) -> str:
        _token, raw = create_api_token(
            name=name,
            scopes=list(scopes) or ALL_SCOPES,
            contractor=contractor,
            by=personas["admin"],
        )
        return raw

    return make


@pytest.fixture
def api_as(make_token: Callable[..., str]) -> Callable[..., ApiClient]:
    """api_as("people:write") → a client holding a token with those scopes."""

    def client(*scopes: str, contractor: ContractorOrganisation | None = None) -> ApiClient:
        return ApiClient(make_token(*scopes, contractor=contractor))

    return client


def firm_of(user: User) -> ContractorOrganisation:
    assert user.contractor_organisation is not None
    return user.contractor_organisation
