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
