"""Integration API: one token per outside system, stored hashed, with scopes.

The raw token is shown once, when it is made; only its SHA-256 is kept, so a copy of the
database cannot be used to call the API. A revoked token fails on its next request because
every request looks the hash up afresh (no token cache).
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models

TOKEN_PREFIX = "sc_"


class Scope(models.TextChoices):
    PEOPLE_WRITE = "people:write", "Write people, households, tenancies and properties"
    JOBS_WRITE = "jobs:write", "Write contractor jobs"
    CONTACTS_WRITE = "contacts:write", "Write contact events"
    INCIDENTS_WRITE = "incidents:write", "Report incidents"
    ALERTS_READ = "alerts:read", "Look up alerts, read the changes feed"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def new_raw_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class ApiToken(models.Model):
    name = models.CharField(max_length=200, help_text="The outside system, in plain words.")
    # The first characters of the raw token, so an administrator can tell tokens apart.
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    # Space-separated Scope values: one column the alert look-up can test in SQL.
    scopes = models.CharField(max_length=300)
    # A contractor system's token sees only the homes its firm has active jobs at.
    contractor = models.ForeignKey(
        "access.ContractorOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_tokens",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    def has_scope(self, scope: str) -> bool:
        return self.revoked_at is None and scope in self.scope_list


class IdempotencyRecord(models.Model):
    """The first answer to a POST sent with an Idempotency-Key, replayed for the same key.

    Keys are scoped per token. The unique constraint makes two concurrent requests with one
    key safe: the second insert fails and is told the first is still being handled (409).
    Only a hash of the body is kept (it may hold personal data); the answer is ours.
    """

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    body_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    # Empty until the first request has been answered.
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.BinaryField(blank=True, default=b"")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="idempotency_key_per_token"),
        ]

    def __str__(self) -> str:
        return f"{self.token_id}:{self.key}"


class WebhookSubscription(models.Model):
    """An outside system told, by signed POST, when an arrangement starts, changes or ends.

    A subscription belongs to a token: a contractor's token's subscription hears only about
    the homes its firm has active jobs at (the same rule as the look-up).
    """

    name = models.CharField(max_length=200)
    url = models.URLField(max_length=500)
    # Shown once when made; kept because signing needs it (unlike a token, it cannot be hashed).
    secret = models.CharField(max_length=100)
    token = models.ForeignKey(ApiToken, on_delete=models.PROTECT, related_name="subscriptions")
    active = models.BooleanField(default=True)
    # The alert change log id up to which deliveries have been made (the subscription's cursor).
    last_change_id = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} → {self.url}"


class WebhookDelivery(models.Model):
    """One alert change sent to one subscription, with every attempt's outcome."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Given up"

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    # The alert change log's id (alerts.AlertChange): the receiver's de-duplication key too.
    change_id = models.BigIntegerField()
    # The exact bytes signed and sent, so every retry sends the same body and signature base.
    body = models.BinaryField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "change_id"], name="one_delivery_per_change"
            ),
        ]
        indexes = [models.Index(fields=["subscription", "-id"])]

    def __str__(self) -> str:
        return f"change {self.change_id} to {self.subscription_id} ({self.status})"
