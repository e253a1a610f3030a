from typing import Any

import pytest
import time_machine
from django.urls import reverse

from access.models import User
from audit.models import AuditEvent, Event
from conftest import World
from contacts.models import ContactEvent, PersonSummary
from contacts.tests.helpers import NOW, contact, day_ago

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pinned_now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def test_logging_a_contact_writes_the_log_the_summaries_and_an_audit_row(
    world: World, frontline: User, officer: User
) -> None:
    event = contact(
        world.north_person, frontline, day_ago(0, 10), asked_for=officer, handled_by=frontline
    )
    assert ContactEvent.objects.get().recorded_by == frontline
    summary = PersonSummary.objects.get()
    assert (summary.person_id, summary.as_of) == (world.north_person.pk, event.occurred_at.date())
    assert (summary.contacts_7, summary.contacts_30, summary.contacts_90) == (1, 1, 1)
    assert summary.asked_for_30 == 1
    assert sum(getattr(summary, f"handled_30_{k}") for k in range(4)) == 1
    assert AuditEvent.objects.filter(kind=Event.CONTACT_LOGGED, object_id=str(event.pk)).exists()


def test_our_own_calls_are_logged_but_never_counted_as_demand(
    world: World, frontline: User
) -> None:
    contact(world.north_person, frontline, day_ago(0, 10), direction="outbound", reference="C1")
    assert ContactEvent.objects.count() == 1
    assert not PersonSummary.objects.exists()


def test_the_quick_form_defaults_to_now_inbound_phone_and_me(
    world: World, sign_in: Any, frontline: User
) -> None:
    page = sign_in("frontline").get(reverse("contacts:log", args=[world.north_person.pk]))
    form = page.context["form"]
    assert form.initial["direction"] == "inbound"
    assert form.initial["channel"] == "phone"
    assert form.initial["handled_by"] == frontline.pk
    assert form.initial["occurred_date"] == NOW.date()


def test_the_quick_form_keeps_what_was_typed_when_something_is_wrong(
    world: World, sign_in: Any
) -> None:
    response = sign_in("frontline").post(
        reverse("contacts:log", args=[world.north_person.pk]),
        {
            "occurred_date": "2026-03-11",
            "occurred_time": "10:15",
            "direction": "inbound",
            "channel": "email",
            "reference": "CMP-42",
            "summary": "Asked again about the damp in the bedroom",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Select what the contact was about." in html
    assert 'href="#id_subject_0"' in html  # the error summary points at the first radio
    assert 'value="CMP-42"' in html
    assert "Asked again about the damp in the bedroom" in html
    assert 'value="email" checked' in html
    assert not ContactEvent.objects.exists()


def test_a_contact_in_the_future_is_refused_with_its_date_kept(world: World, sign_in: Any) -> None:
    response = sign_in("frontline").post(
        reverse("contacts:log", args=[world.north_person.pk]),
        {
            "occurred_date": "2026-03-12",
            "occurred_time": "10:15",
            "direction": "inbound",
            "channel": "phone",
            "subject": "rent",
        },
    )
    assert response.status_code == 422
    assert "must be in the past" in response.content.decode()
    assert 'value="2026-03-12"' in response.content.decode()


def test_a_good_contact_goes_back_to_the_person_page(world: World, sign_in: Any) -> None:
    response = sign_in("frontline").post(
        reverse("contacts:log", args=[world.north_person.pk]),
        {
            "occurred_date": "2026-03-11",
            "occurred_time": "10:15",
            "direction": "inbound",
            "channel": "phone",
            "subject": "repair",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:person", args=[world.north_person.pk])
    assert ContactEvent.objects.get().subject == "repair"


def test_reading_a_contact_log_is_audited(world: World, sign_in: Any, frontline: User) -> None:
    contact(world.north_person, frontline, day_ago(1))
    page = sign_in("frontline").get(reverse("contacts:person_log", args=[world.north_person.pk]))
    assert page.status_code == 200
    assert AuditEvent.objects.filter(
        kind=Event.CONTACTS_READ, object_id=str(world.north_person.pk), actor=frontline
    ).exists()
