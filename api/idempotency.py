"""Idempotency-Key on every POST: a replay returns the first answer, byte for byte.

The key is scoped to the token. The first request inserts its record (committed at once, so
a concurrent duplicate meets the unique constraint and is told to wait: 409); its answer is
stored when it has one. The same key with a different body is refused (422). Only a hash of
the body is kept.
"""

import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from api.auth import token_of
from api.errors import ApiError
from api.models import IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200
JSON = "application/json; charset=utf-8"
# A claim with no answer this long after it was made belongs to a request that died.
ABANDONED_AFTER = timedelta(minutes=10)


def body_hash(request: HttpRequest) -> str:
    # The path is part of what was asked: one key on two endpoints is two different requests.
    return hashlib.sha256(request.path.encode() + b"\n" + request.body).hexdigest()


def _replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(
        bytes(record.response_body), status=record.status_code or 200, content_type=JSON
    )
    response["Idempotent-Replayed"] = "true"
    response["Cache-Control"] = "no-store, private"
    return response


def _claim(request: HttpRequest, key: str) -> IdempotencyRecord | HttpResponse:
    """Our new record, or the answer to give instead (a replay, or a refusal)."""
    token, digest = token_of(request), body_hash(request)
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(token=token, key=key, body_hash=digest)
    except IntegrityError:
        existing = IdempotencyRecord.objects.filter(token=token, key=key).first()
    if existing is None:  # the first request failed and let go of the key meanwhile
        return _claim(request, key)
    if existing.status_code is None and existing.created_at < timezone.now() - ABANDONED_AFTER:
        # Its worker died before answering: nothing was stored, so the key may be taken again.
        IdempotencyRecord.objects.filter(pk=existing.pk, status_code__isnull=True).delete()
        return _claim(request, key)
    if existing.body_hash != digest:
        raise ApiError(422, f"The {HEADER} '{key}' was already used with a different request body.")
    if existing.status_code is None:
        raise ApiError(409, f"A request with the {HEADER} '{key}' is still being handled.")
    return _replay(existing)


def answer_once(
    request: HttpRequest, work: Callable[[], tuple[int, Any]], render: Callable[[Any], bytes]
) -> HttpResponse:
    """Run `work` (giving status and data) once per key; render its answer to JSON bytes."""
    key = request.headers.get(HEADER, "").strip()
    if len(key) > MAX_KEY_LENGTH:
        raise ApiError(422, f"The {HEADER} must be at most {MAX_KEY_LENGTH} characters.")
    record = _claim(request, key) if key else None
    if isinstance(record, HttpResponse):
        return record
    try:
        status, data = work()
        body = render(data)
    except ApiError as error:
        status, body = error.status, render({"detail": error.detail})
    except BaseException:
        # Nothing was answered: let the client try the same key again.
        if record is not None:
            record.delete()
        raise
    if record is not None:
        record.status_code, record.response_body = status, body
        record.save(update_fields=["status_code", "response_body"])
    response = HttpResponse(body, status=status, content_type=JSON)
    response["Cache-Control"] = "no-store, private"
    return response
