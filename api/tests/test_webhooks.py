"""Webhooks: signed, sent to a real local receiver, retried with back-off, then given up."""

import hashlib
import hmac
import json
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from access.models import User
from access.tests.test_access_matrix import north_measures
from api.actions import create_api_token, subscribe_webhook
from api.models import WebhookDelivery, WebhookSubscription
from api.tasks import deliver_alert_changes
from api.tests.changes import log_change
from api.tests.conftest import firm_of
from api.tests.receiver import running_receiver
from audit.models import AuditEvent, Event
from conftest import World
from notifications.models import Notification

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def subscribe(
    personas: dict[str, User], url: str, **token_options: Any
) -> tuple[WebhookSubscription, str]:
    token, _raw = create_api_token(
        name="Repairs system", scopes=["alerts:read"], by=personas["admin"], **token_options
    )
    return subscribe_webhook(name="Repairs", url=url, token=token, by=personas["admin"])


def work() -> None:
    call_command("db_worker", batch=True, queue_name="*", no_startup_delay=True, verbosity=0)


@pytest.mark.django_db
def test_a_change_is_delivered_signed_and_without_reasons(
    world: World, personas: dict[str, User]
) -> None:
    with running_receiver([200]) as receiver:
        subscription, secret = subscribe(personas, receiver.url)
        change = log_change(home=world.north_home, kind="started")

        deliver_alert_changes.enqueue()

    [sent] = receiver.received
    timestamp, signature = (
        part.split("=", 1)[1] for part in sent.headers["safecontact-signature"].split(",")
    )
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + sent.body, hashlib.sha256)
    assert hmac.compare_digest(signature, expected.hexdigest())
    body = json.loads(sent.body)
    assert body["type"] == "alert.started"
    assert body["change"]["id"] == change.pk
    assert body["change"]["property_reference"] == world.north_home.external_reference
    assert body["look_up"] == f"/api/v1/alerts/property/{world.north_home.external_reference}"
    assert set(body["change"]) == {
        "id",
        "at",
        "kind",
        "measure",
        "measure_id",
        "person_reference",
        "property_reference",
        "uprn",
    }
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert sent.headers["safecontact-delivery"] == str(delivery.pk)


@pytest.mark.django_db
def test_each_change_is_delivered_once(world: World, personas: dict[str, User]) -> None:
    with running_receiver([200]) as receiver:
        subscribe(personas, receiver.url)
        log_change(home=world.north_home)
        deliver_alert_changes.enqueue()
        log_change(person=world.north_person)
        deliver_alert_changes.enqueue()
        deliver_alert_changes.enqueue()

    ids = [json.loads(r.body)["change"]["id"] for r in receiver.received]
    assert len(ids) == len(set(ids)) == 2


@pytest.mark.django_db
def test_a_contractor_subscription_hears_only_of_its_homes(
    world: World, personas: dict[str, User]
) -> None:
    north_measures(world, personas)
    with running_receiver([200]) as receiver:
        subscribe(personas, receiver.url, contractor=firm_of(personas["contractor_b"]))
        log_change(home=world.north_home)  # contractor_b has no job there
        deliver_alert_changes.enqueue()

    assert receiver.received == []


@pytest.mark.django_db(transaction=True)
def test_a_failed_delivery_is_retried_with_growing_waits_until_it_succeeds(
    world: World, personas: dict[str, User]
) -> None:
    with (
        override_settings(TASKS=DATABASE_QUEUE, WEBHOOK_RETRY_BASE_SECONDS=30),
        running_receiver([500, 503, 200]) as receiver,
        time_machine.travel(timezone.now(), tick=True) as clock,
    ):
        subscription, _secret = subscribe(personas, receiver.url)
        log_change(home=world.north_home)
        deliver_alert_changes.enqueue()
        work()
        delivery = WebhookDelivery.objects.get(subscription=subscription)
        assert (delivery.attempts, delivery.status) == (1, WebhookDelivery.Status.PENDING)
        first_wait = delivery.next_attempt_at - delivery.last_attempt_at  # type: ignore[operator]

        work()  # not due yet: nothing is sent
        assert len(receiver.received) == 1

        clock.shift(timedelta(seconds=31))
        work()
        delivery.refresh_from_db()
        second_wait = delivery.next_attempt_at - delivery.last_attempt_at  # type: ignore[operator]
        assert delivery.attempts == 2

        clock.shift(timedelta(seconds=61))
        work()

    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert delivery.attempts == 3 == len(receiver.received)
    assert timedelta(seconds=29) < first_wait < timedelta(seconds=31)
    assert timedelta(seconds=59) < second_wait < timedelta(seconds=61)
    # Every attempt sent the same body.
    assert len({r.body for r in receiver.received}) == 1


@pytest.mark.django_db
def test_after_the_last_attempt_it_gives_up_and_tells_system_administrators(
    world: World, personas: dict[str, User]
) -> None:
    with (
        override_settings(WEBHOOK_MAX_ATTEMPTS=1),
        running_receiver([500]) as receiver,
    ):
        subscription, _secret = subscribe(personas, receiver.url)
        log_change(home=world.north_home)
        deliver_alert_changes.enqueue()

    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.last_response_status == 500
    event = AuditEvent.objects.get(kind=Event.WEBHOOK_DELIVERY_FAILED)
    assert event.detail["change"] == delivery.change_id
    assert Notification.objects.filter(
        recipient=personas["admin"], kind=Notification.Kind.WEBHOOK_FAILING
    ).exists()


@pytest.mark.django_db
def test_an_unreachable_receiver_is_a_failed_attempt(
    world: World, personas: dict[str, User]
) -> None:
    subscription, _secret = subscribe(personas, "http://127.0.0.1:9/nothing-listens-here")
    log_change(home=world.north_home)

    deliver_alert_changes.enqueue()

    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert delivery.attempts == 1
    assert delivery.last_response_status is None
    assert "Could not reach the receiver" in delivery.last_error


def test_signatures_cover_the_timestamp_and_the_body() -> None:
    from api.webhooks import sign

    one = sign(secret="s", timestamp=1, body=b"{}")
    assert one != sign(secret="s", timestamp=2, body=b"{}")
    assert one != sign(secret="s", timestamp=1, body=b"{ }")
    assert one != sign(secret="t", timestamp=1, body=b"{}")
