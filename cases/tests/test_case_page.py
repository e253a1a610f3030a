from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from access.models import User
from audit.models import AuditEvent, Event
from cases.actions import add_case_note
from conftest import World, simple_report
from decisions.actions import propose_decision
from incidents.actions import report_incident

pytestmark = pytest.mark.django_db


def count_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_case_page_shows_the_chronology_and_audits_the_read(
    world: World, sign_in: Any, officer: User
) -> None:
    add_case_note(case=world.north_case, text="Spoke to Mr Archer by phone.", by=officer)
    page = sign_in("officer").get(reverse("cases:detail", args=[world.north_case.pk]))
    text = page.content.decode()
    assert "Spoke to Mr Archer by phone." in text
    assert "Shouting or abusive language" in text
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    assert AuditEvent.objects.filter(
        kind=Event.CASE_READ, object_id=str(world.north_case.pk)
    ).exists()


def test_case_page_query_count_does_not_grow_with_the_chronology(
    world: World, sign_in: Any, frontline: User, officer: User
) -> None:
    client = sign_in("officer")
    url = reverse("cases:detail", args=[world.north_case.pk])
    small = count_queries(client, url)
    for number in range(60):
        report_incident(
            report=simple_report(person=world.north_person, colleague=frontline), by=frontline
        )
        add_case_note(case=world.north_case, text=f"Note {number}", by=officer)
    assert count_queries(client, url) == small


def test_person_search_query_count_does_not_grow_with_matches(
    world: World, sign_in: Any, admin: User
) -> None:
    from conftest import make_person

    client = sign_in("frontline")
    url = reverse("people:search") + "?q=Archer"
    small = count_queries(client, url)
    for number in range(40):
        make_person(
            by=admin, reference=f"X{number}", first="Ann", last="Archer", postcode="BS2 1AA"
        )
    assert count_queries(client, url) == small


def test_my_work_lists_the_officers_open_cases(world: World, sign_in: Any) -> None:
    page = sign_in("officer").get(reverse("cases:my_work")).content.decode()
    assert world.north_case.reference in page
    assert world.south_case.reference not in page


def test_a_note_with_nothing_in_it_is_refused_with_a_clear_message(
    world: World, sign_in: Any
) -> None:
    response = sign_in("officer").post(
        reverse("cases:add_note", args=[world.north_case.pk]), {"text": "   "}
    )
    assert response.status_code == 422
    assert "Enter the note." in response.content.decode()


def test_my_work_brings_up_reviews_due(world: World, sign_in: Any, officer: User) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from letters.actions import record_customer_not_told

    decision = propose_decision(
        case=world.north_case, response="informal_conversation", basis="Spoke to him.", by=officer
    )
    record_customer_not_told(
        case=world.north_case,
        decision=decision,
        by=officer,
        reason="Telling him now would put the repairs team at risk.",
        review_on=timezone.localdate() + timedelta(days=7),
    )
    page = sign_in("officer").get(reverse("cases:my_work")).content.decode()
    assert "Decision not to tell Dennis Archer about" in page
    assert decision.reference in page.split("Decision not to tell Dennis Archer about")[1]
