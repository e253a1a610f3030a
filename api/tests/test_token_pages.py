"""The API token pages: system administrators make (shown once) and revoke tokens."""

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from access.models import User
from api.actions import create_api_token
from api.models import ApiToken, hash_token
from api.tests.conftest import ApiClient, firm_of
from audit.models import AuditEvent, Event

pytestmark = pytest.mark.django_db


def test_a_made_token_is_shown_once_and_kept_only_as_its_hash(
    sign_in: Callable[..., Any], personas: dict[str, User]
) -> None:
    admin = sign_in("admin")
    firm = firm_of(personas["contractor_a"])

    response = admin.post(
        reverse("api:create_token"),
        {"name": "Acme job system", "scopes": ["alerts:read", "jobs:write"], "contractor": firm.pk},
    )

    assert response.status_code == 201
    raw = response.context["raw"]
    assert raw in response.content.decode()
    token = ApiToken.objects.get()
    assert token.token_hash == hash_token(raw) and raw not in token.token_hash
    assert (token.scopes, token.contractor) == ("alerts:read jobs:write", firm)
    assert raw not in admin.get(reverse("api:tokens")).content.decode()
    event = AuditEvent.objects.get(kind=Event.API_TOKEN_CREATED)
    assert event.actor == personas["admin"] and raw not in str(event.detail)


def test_a_token_form_with_nothing_chosen_says_what_to_fix(sign_in: Callable[..., Any]) -> None:
    response = sign_in("admin").post(reverse("api:create_token"), {"name": "Keep me"})

    assert response.status_code == 422
    page = response.content.decode()
    assert "Select at least one thing the system may do." in page
    assert 'href="#id_scopes_0"' in page
    assert 'value="Keep me"' in page
    assert not ApiToken.objects.exists()


def test_revoking_a_token_refuses_its_next_request(
    sign_in: Callable[..., Any], personas: dict[str, User]
) -> None:
    token, raw = create_api_token(name="Old system", scopes=["alerts:read"], by=personas["admin"])
    system = ApiClient(raw)
    assert system.get("/api/v1/alerts/changes").status_code == 200

    response = sign_in("admin").post(reverse("api:revoke_token", args=[token.pk]))

    assert response.status_code == 302
    assert system.get("/api/v1/alerts/changes").status_code == 401
    assert AuditEvent.objects.filter(kind=Event.API_TOKEN_REVOKED, object_id=str(token.pk))


def test_a_revoked_token_cannot_be_revoked_twice(
    sign_in: Callable[..., Any], personas: dict[str, User]
) -> None:
    token, _raw = create_api_token(name="Old", scopes=["alerts:read"], by=personas["admin"])
    admin = sign_in("admin")
    admin.post(reverse("api:revoke_token", args=[token.pk]))

    again = admin.post(reverse("api:revoke_token", args=[token.pk]))

    assert again.status_code == 422
    assert "already been revoked" in again.content.decode()
    assert AuditEvent.objects.filter(kind=Event.API_TOKEN_REVOKED).count() == 1


@pytest.mark.parametrize("persona", ["head_of_service", "officer", "frontline"])
def test_colleagues_who_are_not_system_administrators_are_refused(
    persona: str, sign_in: Callable[..., Any], personas: dict[str, User]
) -> None:
    token, _raw = create_api_token(name="System", scopes=["alerts:read"], by=personas["admin"])
    client = sign_in(persona)

    assert client.get(reverse("api:tokens")).status_code == 403
    assert client.post(reverse("api:revoke_token", args=[token.pk])).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_contractor_is_told_the_pages_do_not_exist(sign_in: Callable[..., Any]) -> None:
    assert sign_in("contractor_a").get(reverse("api:tokens")).status_code == 404


def test_an_unknown_token_is_not_found(sign_in: Callable[..., Any]) -> None:
    assert sign_in("admin").get(reverse("api:revoke_token", args=[999])).status_code == 404


def test_system_administrators_find_the_pages_from_home(sign_in: Callable[..., Any]) -> None:
    admin_home = sign_in("admin").get(reverse("home")).content.decode()
    officer_home = sign_in("officer").get(reverse("home")).content.decode()

    assert reverse("api:tokens") in admin_home
    assert reverse("api:tokens") not in officer_home
