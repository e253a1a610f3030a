"""The webhook pages: add (secret shown once), end, and the delivery log."""

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from access.models import User
from api.actions import create_api_token, subscribe_webhook
from api.models import WebhookDelivery, WebhookSubscription
from api.tasks import deliver_alert_changes
from api.tests.changes import log_change
from audit.models import AuditEvent, Event
from conftest import World

pytestmark = pytest.mark.django_db


def test_a_webhook_is_added_with_its_secret_shown_once(
    sign_in: Callable[..., Any], personas: dict[str, User]
) -> None:
    token, _raw = create_api_token(name="Repairs", scopes=["alerts:read"], by=personas["admin"])
    admin = sign_in("admin")

    response = admin.post(
        reverse("api:create_webhook"),
        {"name": "Repairs hook", "url": "https://repairs.example/hook", "token": token.pk},
    )

    assert response.status_code == 201
    secret = response.context["secret"]
    assert WebhookSubscription.objects.get().secret == secret
    assert secret not in admin.get(reverse("api:webhooks")).content.decode()
    assert AuditEvent.objects.filter(kind=Event.WEBHOOK_SUBSCRIBED).count() == 1


def test_only_a_token_that_may_read_alerts_can_have_a_webhook(
    sign_in: Callable[..., Any], personas: dict[str, User]
) -> None:
    token, _raw = create_api_token(name="Writer", scopes=["people:write"], by=personas["admin"])

    response = sign_in("admin").post(
        reverse("api:create_webhook"),
        {"name": "Hook", "url": "https://example.org/hook", "token": token.pk},
    )

    assert response.status_code == 422
    assert "Select a token from the list." in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_a_bad_address_is_explained(sign_in: Callable[..., Any]) -> None:
    response = sign_in("admin").post(
        reverse("api:create_webhook"), {"name": "Hook", "url": "not an address"}
    )

    assert response.status_code == 422
    assert "Enter a full web address" in response.content.decode()


def test_ending_a_webhook_stops_deliveries(
    sign_in: Callable[..., Any], personas: dict[str, User], world: World
) -> None:
    token, _raw = create_api_token(name="Repairs", scopes=["alerts:read"], by=personas["admin"])
    subscription, _secret = subscribe_webhook(
        name="Hook", url="http://127.0.0.1:9/hook", token=token, by=personas["admin"]
    )

    response = sign_in("admin").post(reverse("api:end_webhook", args=[subscription.pk]))
    log_change(home=world.north_home)
    deliver_alert_changes.enqueue()

    assert response.status_code == 302
    assert not WebhookDelivery.objects.exists()
    assert AuditEvent.objects.filter(kind=Event.WEBHOOK_CHANGED).count() == 1


def test_the_delivery_log_shows_each_attempt(
    sign_in: Callable[..., Any], personas: dict[str, User], world: World
) -> None:
    token, _raw = create_api_token(name="Repairs", scopes=["alerts:read"], by=personas["admin"])
    subscription, _secret = subscribe_webhook(
        name="Hook", url="http://127.0.0.1:9/hook", token=token, by=personas["admin"]
    )
    change = log_change(home=world.north_home)
    deliver_alert_changes.enqueue()

    page = sign_in("admin").get(reverse("api:deliveries", args=[subscription.pk]))

    assert page.status_code == 200
    text = page.content.decode()
    assert f">{change.pk}<" in text and "Could not reach the receiver" in text


def test_the_delivery_log_is_for_system_administrators_only(
    sign_in: Callable[..., Any], personas: dict[str, User]
) -> None:
    token, _raw = create_api_token(name="Repairs", scopes=["alerts:read"], by=personas["admin"])
    subscription, _secret = subscribe_webhook(
        name="Hook", url="https://example.org/hook", token=token, by=personas["admin"]
    )
    url = reverse("api:deliveries", args=[subscription.pk])

    assert sign_in("head_of_service").get(url).status_code == 403
    assert sign_in("contractor_a").get(url).status_code == 404
