"""Token authentication, one scope per operation, and a per-token rate limit.

Every request looks the token's hash up afresh (no cache), so a revoked token fails on its
next request. Missing, unknown and revoked tokens all get the same 401; a known token without
the operation's scope gets 403.
"""

import os
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.security import HttpBearer

from api.errors import MISSING_TOKEN, ApiError
from api.models import ApiToken, Scope, hash_token

# Requests a token may make per window; generous, so only a runaway client meets it.
DEFAULT_RATE_LIMIT = int(os.environ.get("API_RATE_LIMIT", "6000"))
DEFAULT_RATE_WINDOW_SECONDS = int(os.environ.get("API_RATE_WINDOW_SECONDS", "60"))


def rate_limit() -> tuple[int, int]:
    return (
        int(getattr(settings, "API_RATE_LIMIT", DEFAULT_RATE_LIMIT)),
        int(getattr(settings, "API_RATE_WINDOW_SECONDS", DEFAULT_RATE_WINDOW_SECONDS)),
    )


def check_rate(token: ApiToken) -> None:
    """A fixed window per token in Django's cache: past the limit, 429 until it turns over."""
    limit, window = rate_limit()
    now = int(time.time())
    started = now - now % window
    key = f"api-rate:{token.token_hash[:24]}:{started}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the window expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        raise ApiError(
            429,
            f"This token has made more than {limit} requests in {window} seconds. "
            "Wait and try again.",
            headers={"Retry-After": str(started + window - now)},
        )


def token_for(raw: str) -> ApiToken | None:
    if not raw:
        return None
    return (
        ApiToken.objects.select_related("contractor")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`, holding `scope`."""

    def __init__(self, scope: Scope) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = token_for(token.strip())
        if found is None:
            raise ApiError(401, MISSING_TOKEN, headers={"WWW-Authenticate": "Bearer"})
        if not found.has_scope(self.scope):
            raise ApiError(403, f"This token does not hold the '{self.scope}' scope.")
        check_rate(found)
        return found


def token_of(request: HttpRequest) -> ApiToken:
    token = getattr(request, "auth", None)
    assert isinstance(token, ApiToken)
    return token
