"""GET /api/v1/alerts/changes: cursor paging with no gaps and no repeats."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction

from access.models import User
from access.tests.test_access_matrix import north_measures
from alerts.models import AlertChange
from api.feed import settled_page
from api.tests.changes import log_change
from api.tests.conftest import ApiClient, firm_of
from conftest import World

URL = "/api/v1/alerts/changes"


def read_all(client: ApiClient, after: int = 0, limit: int = 3) -> tuple[list[int], int]:
    seen: list[int] = []
    while True:
        page = client.get(URL, after=after, limit=limit).json()
        seen += [change["id"] for change in page["changes"]]
        if not page["changes"]:
            return seen, page["next_after"]
        after = page["next_after"]


@pytest.mark.django_db
def test_pages_follow_on_with_rows_committed_while_paging(
    world: World, api_as: Callable[..., Any]
) -> None:
    client = api_as("alerts:read")
    first = [log_change(home=world.north_home, measure_id=n).pk for n in range(5)]
    page = client.get(URL, after=0, limit=3).json()
    # More changes commit between one page and the next.
    later = [log_change(person=world.south_person, measure_id=n).pk for n in range(4)]

    rest, cursor = read_all(client, after=page["next_after"])

    seen = [c["id"] for c in page["changes"]] + rest
    assert seen == first + later  # every change, once, in order
    assert cursor == later[-1]
    assert client.get(URL, after=cursor).json() == {"changes": [], "next_after": cursor}


@pytest.mark.django_db
def test_a_change_says_what_and_where_never_why(world: World, api_as: Callable[..., Any]) -> None:
    change = log_change(person=world.north_person, kind="ended", measure="contact_restriction")

    body = api_as("alerts:read").get(URL).json()["changes"][0]

    assert body == {
        "id": change.pk,
        "at": body["at"],
        "kind": "ended",
        "measure": "contact_restriction",
        "measure_id": 1,
        "person_reference": world.north_person.external_reference,
        "property_reference": None,
        "uprn": None,
    }


@pytest.mark.django_db
def test_a_contractor_token_sees_only_changes_at_its_homes(
    world: World, personas: dict[str, User], api_as: Callable[..., Any]
) -> None:
    north_measures(world, personas)  # contractor_a has an active job at the North home
    AlertChange.objects.all().delete()
    at_home = log_change(home=world.north_home).pk
    to_tenant = log_change(person=world.north_person).pk
    log_change(person=world.south_person)
    log_change(home=world.south_person.household.property)  # type: ignore[union-attr]

    a_seen, _ = read_all(api_as("alerts:read", contractor=firm_of(personas["contractor_a"])))
    b_seen, _ = read_all(api_as("alerts:read", contractor=firm_of(personas["contractor_b"])))

    assert a_seen == [at_home, to_tenant]
    assert b_seen == []


@pytest.mark.django_db
def test_the_cursor_and_limit_are_checked(api_as: Callable[..., Any]) -> None:
    client = api_as("alerts:read")

    assert client.get(URL, after=-1).status_code == 422
    assert client.get(URL, limit=0).status_code == 422
    assert client.get(URL, limit=100_000).status_code == 422


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_change_committed_late_is_not_skipped(world: World) -> None:
    """PostgreSQL: id 1 is taken by a transaction still open when id 2 commits. The feed
    must not hand out 2 (and move its cursor past 1) until 1 has committed."""
    inserted, release = threading.Event(), threading.Event()
    slow: list[int] = []

    def slow_writer() -> None:
        with transaction.atomic():
            slow.append(log_change(home=world.north_home).pk)
            inserted.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=slow_writer)
    thread.start()
    inserted.wait(10)
    fast = log_change(home=world.north_home).pk
    assert fast > slow[0]

    while_open = settled_page(AlertChange.objects.all(), after=0, limit=10)
    release.set()
    thread.join()
    after_commit = settled_page(AlertChange.objects.all(), after=0, limit=10)

    assert while_open == []
    assert [change.pk for change in after_commit] == [slow[0], fast]
