"""Outbound webhooks: each alert change a subscription may see, signed and sent, with retries.

Fan-out reads the alert change log from each subscription's cursor through the same settled
feed the API serves (`api.feed`), so a change committed late is still delivered, once. Each
delivery keeps the exact bytes sent. The signature is HMAC-SHA256 over "<timestamp>.<body>"
with the subscription's secret, in the header `SafeContact-Signature: t=<timestamp>,v1=<hex>`:
the receiver recomputes it and refuses a stale timestamp (a replayed request). A body never
holds a reason, only what changed, where, and the look-up to call for what to do now.
"""

import hashlib
import hmac
import json
import os
import time
import urllib.error
import urllib.request
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from access import policy
from access.models import Role, User
from alerts.models import AlertChange
from api.feed import MAX_PAGE, settled_page
from api.models import WebhookDelivery, WebhookSubscription
from audit.actions import record_event
from audit.models import Event
from notifications.actions import notify
from notifications.models import Notification

SIGNATURE_HEADER = "SafeContact-Signature"
DELIVERY_HEADER = "SafeContact-Delivery"
USER_AGENT = "SafeContact-Webhooks/1"
SEND_TIMEOUT_SECONDS = 10


def setting(name: str, default: int) -> int:
    return int(getattr(settings, name, os.environ.get(name, default)))


def max_attempts() -> int:
    return setting("WEBHOOK_MAX_ATTEMPTS", 8)


def retry_delay(attempts: int) -> timedelta:
    """Exponential back-off: 30 s, 1 min, 2 min, ... after the first, second, third try."""
    return timedelta(seconds=setting("WEBHOOK_RETRY_BASE_SECONDS", 30) * 2 ** (attempts - 1))


def sign(*, secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def change_payload(change: AlertChange) -> dict[str, Any]:
    """What the feed and the webhooks say about one change: never why."""
    person, home = change.person, change.home
    return {
        "id": change.pk,
        "at": change.at.isoformat(),
        "kind": change.kind,
        "measure": change.measure,
        "measure_id": change.measure_id,
        "person_reference": person.external_reference if person else None,
        "property_reference": home.external_reference if home else None,
        "uprn": home.uprn if home else None,
    }


def webhook_body(change: AlertChange) -> bytes:
    payload = change_payload(change)
    if payload["person_reference"]:
        look_up = reverse("api_v1:alert", args=["person", payload["person_reference"]])
    elif payload["property_reference"]:
        look_up = reverse("api_v1:alert", args=["property", payload["property_reference"]])
    else:
        look_up = None
    body = {"type": f"alert.{change.kind}", "change": payload, "look_up": look_up}
    return json.dumps(body, separators=(",", ":")).encode()


def fan_out_subscription(subscription: WebhookSubscription) -> list[int]:
    """New deliveries for the changes this subscription may see; returns their ids."""
    visible = policy.visible_alert_changes(subscription.token)
    page = settled_page(visible, after=subscription.last_change_id, limit=MAX_PAGE)
    if not page:
        return []
    with transaction.atomic():
        locked = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
        if locked.last_change_id != subscription.last_change_id or not locked.active:
            return []  # another worker fanned this out meanwhile
        WebhookDelivery.objects.bulk_create(
            [
                WebhookDelivery(subscription=locked, change_id=change.pk, body=webhook_body(change))
                for change in page
            ],
            ignore_conflicts=True,
        )
        locked.last_change_id = page[-1].pk
        locked.save(update_fields=["last_change_id"])
        ids = list(
            locked.deliveries.filter(
                change_id__in=[change.pk for change in page],
                status=WebhookDelivery.Status.PENDING,
                attempts=0,
            ).values_list("pk", flat=True)
        )
    return ids


def fan_out() -> list[int]:
    """Fan out every active subscription; returns the new deliveries' ids (to be sent)."""
    ids: list[int] = []
    for subscription in WebhookSubscription.objects.filter(active=True).select_related("token"):
        if subscription.token.revoked_at is None:
            ids += fan_out_subscription(subscription)
    return ids


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect is a failed delivery: the receiver must give its real URL


_opener = urllib.request.build_opener(_NoRedirects)


def post(*, url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str]:
    """(status, error): the receiver's status code (None if unreachable) and what went wrong."""
    if not url.startswith(("https://", "http://")):
        return None, "The address must start with https:// or http://."
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with _opener.open(request, timeout=SEND_TIMEOUT_SECONDS) as response:  # noqa: S310
            return int(response.status), ""
    except urllib.error.HTTPError as error:
        return int(error.code), f"The receiver answered {error.code}."
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return None, f"Could not reach the receiver: {reason}"[:300]


def attempt(delivery: WebhookDelivery) -> bool:
    """Send once; record the outcome. Returns whether to try again later."""
    subscription = delivery.subscription
    timestamp = int(time.time())
    body = bytes(delivery.body)
    status, error = post(
        url=subscription.url,
        body=body,
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            DELIVERY_HEADER: str(delivery.pk),
            SIGNATURE_HEADER: sign(secret=subscription.secret, timestamp=timestamp, body=body),
        },
    )
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    delivery.last_response_status = status
    delivery.last_error = error
    fields = ["attempts", "last_attempt_at", "last_response_status", "last_error", "status"]
    if status is not None and 200 <= status < 300:
        delivery.status, delivery.delivered_at = WebhookDelivery.Status.DELIVERED, timezone.now()
        delivery.next_attempt_at = None
        delivery.save(update_fields=[*fields, "delivered_at", "next_attempt_at"])
        return False
    if delivery.attempts >= max_attempts():
        give_up(delivery)
        return False
    delivery.next_attempt_at = timezone.now() + retry_delay(delivery.attempts)
    delivery.save(update_fields=[*fields, "next_attempt_at"])
    return True


def give_up(delivery: WebhookDelivery) -> None:
    """After the last attempt: recorded, and system administrators are told."""
    delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.FAILED, None
    delivery.save(
        update_fields=[
            "attempts",
            "last_attempt_at",
            "last_response_status",
            "last_error",
            "status",
            "next_attempt_at",
        ]
    )
    subscription = delivery.subscription
    record_event(
        subject=delivery,
        by=None,
        kind=Event.WEBHOOK_DELIVERY_FAILED,
        detail={
            "subscription": subscription.pk,
            "change": delivery.change_id,
            "attempts": delivery.attempts,
            "last_error": delivery.last_error,
        },
    )
    for admin in User.objects.filter(role=Role.SYSTEM_ADMINISTRATOR, is_active=True):
        notify(
            recipient=admin,
            kind=Notification.Kind.WEBHOOK_FAILING,
            message=f"The webhook '{subscription.name}' could not be delivered after "
            f"{delivery.attempts} attempts.",
            url=reverse("api:deliveries", args=[subscription.pk]),
        )
