"""Idempotency-Key on POSTs: a replay gets the first answer; a changed body is refused."""

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from api.models import ApiToken, IdempotencyRecord, hash_token
from api.tests.conftest import ApiClient
from audit.models import AuditEvent, Event
from people.models import Person

pytestmark = pytest.mark.django_db
URL = "/api/v1/people/bulk"
BODY = {"people": [{"person_ref": "PE-1", "last_name": "Once"}]}


def test_a_replayed_request_returns_the_first_answer_and_applies_nothing_more(
    api_as: Callable[..., Any],
) -> None:
    client = api_as("people:write")
    first = client.post(URL, BODY, **{"Idempotency-Key": "k-1"})

    replay = client.post(URL, BODY, **{"Idempotency-Key": "k-1"})

    assert replay.status_code == first.status_code == 200
    assert replay.content == first.content
    assert replay["Idempotent-Replayed"] == "true"
    assert first.json()["counts"]["people"]["created"] == 1
    assert AuditEvent.objects.filter(kind=Event.API_RECORDS_UPSERTED).count() == 1


def test_the_same_key_with_a_different_body_is_refused(api_as: Callable[..., Any]) -> None:
    client = api_as("people:write")
    client.post(URL, BODY, **{"Idempotency-Key": "k-1"})

    other = client.post(
        URL,
        {"people": [{"person_ref": "PE-2", "last_name": "Other"}]},
        **{"Idempotency-Key": "k-1"},
    )

    assert other.status_code == 422
    assert "already used with a different request body" in other.json()["detail"]
    assert not Person.objects.filter(external_reference="PE-2").exists()


def test_keys_belong_to_one_token(api_as: Callable[..., Any]) -> None:
    api_as("people:write").post(URL, BODY, **{"Idempotency-Key": "shared"})

    other_system = api_as("people:write").post(
        URL,
        {"people": [{"person_ref": "PE-2", "last_name": "Other"}]},
        **{"Idempotency-Key": "shared"},
    )

    assert other_system.status_code == 200
    assert other_system.json()["counts"]["people"]["created"] == 1


def test_a_duplicate_sent_while_the_first_is_handled_is_told_to_wait(
    make_token: Callable[..., str],
) -> None:
    raw = make_token("people:write")
    token = ApiToken.objects.get(token_hash=hash_token(raw))
    client = ApiClient(raw)
    # The first request has claimed the key (committed) but not yet answered.
    client.post(URL, BODY, **{"Idempotency-Key": "busy"})
    IdempotencyRecord.objects.filter(token=token, key="busy").update(status_code=None)

    duplicate = client.post(URL, BODY, **{"Idempotency-Key": "busy"})

    assert duplicate.status_code == 409
    assert "still being handled" in duplicate.json()["detail"]


def test_an_error_answer_is_replayed_too(api_as: Callable[..., Any]) -> None:
    client = api_as("incidents:write")
    body = {
        "reported_by": "nobody-by-that-name",
        "occurred_at": "2026-01-01T10:00:00Z",
        "colleague_at_work": True,
        "channel": "phone",
        "description": "Shouted.",
        "behaviours": ["shouting"],
        "affected_colleagues": ["frontline"],
        "unknown_people": ["A caller"],
    }
    first = client.post("/api/v1/incidents", body, **{"Idempotency-Key": "e-1"})

    replay = client.post("/api/v1/incidents", body, **{"Idempotency-Key": "e-1"})

    assert first.status_code == replay.status_code == 422
    assert first.content == replay.content


def test_without_a_key_each_request_is_handled(api_as: Callable[..., Any]) -> None:
    client = api_as("people:write")
    client.post(URL, BODY)

    second = client.post(URL, BODY)

    assert second.json()["counts"]["people"]["unchanged"] == 1
    assert IdempotencyRecord.objects.count() == 0


def test_a_claim_abandoned_by_a_request_that_died_can_be_retaken(
    make_token: Callable[..., str],
) -> None:
    raw = make_token("people:write")
    token = ApiToken.objects.get(token_hash=hash_token(raw))
    IdempotencyRecord.objects.create(token=token, key="dead", body_hash="0" * 64)
    IdempotencyRecord.objects.filter(key="dead").update(
        created_at=timezone.now() - timedelta(hours=1)
    )

    response = ApiClient(raw).post(URL, BODY, **{"Idempotency-Key": "dead"})

    assert response.status_code == 200
    assert Person.objects.filter(external_reference="PE-1").exists()


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_requests_sent_at_once_with_one_key_apply_once(
    make_token: Callable[..., str],
) -> None:
    raw = make_token("people:write")
    start = threading.Barrier(4)
    statuses: list[int] = []

    def send() -> None:
        start.wait()
        statuses.append(ApiClient(raw).post(URL, BODY, **{"Idempotency-Key": "race"}).status_code)
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert set(statuses) <= {200, 409} and 200 in statuses
    assert Person.objects.filter(external_reference="PE-1").count() == 1
    assert AuditEvent.objects.filter(kind=Event.API_RECORDS_UPSERTED).count() == 1
