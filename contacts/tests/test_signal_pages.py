"""The demand signals list and a signal's page: who sees them, dismissing and acting."""

from typing import Any

import pytest
from django.urls import reverse

from access.models import User
from audit.models import AuditEvent, Event
from cases.models import ChronologyEntry
from conftest import PERSONA_NAMES, World
from contacts.models import DemandSignal
from contacts.tests.helpers import contacts, thresholds
from incidents.models import Behaviour

pytestmark = pytest.mark.django_db


@pytest.fixture
def north_signal(world: World, frontline: User, head_of_service: User) -> DemandSignal:
    thresholds(head_of_service, volume_7_days=3)
    contacts(world.north_person, frontline, 3, days=1)
    return DemandSignal.objects.get(person=world.north_person)


def test_the_list_is_for_case_officers_and_head_of_service_only(
    north_signal: DemandSignal, sign_in: Any
) -> None:
    seen = {
        name: sign_in(name).get(reverse("contacts:signals")).status_code for name in PERSONA_NAMES
    }
    assert seen == {
        "frontline": 403,
        "officer": 200,
        "other_officer": 200,
        "line_manager": 403,
        "head_of_service": 200,
        "director": 403,
        "appeal_reviewer": 403,
        "contractor_a": 404,
        "contractor_b": 404,
        "admin": 403,
    }


def test_officers_see_the_signals_of_their_teams_patch_only(
    north_signal: DemandSignal, sign_in: Any
) -> None:
    mine = sign_in("officer").get(reverse("contacts:signals")).content.decode()
    theirs = sign_in("other_officer").get(reverse("contacts:signals")).content.decode()
    head = sign_in("head_of_service").get(reverse("contacts:signals")).content.decode()
    assert "Dennis Archer" in mine and "3 contacts in 7 days" in mine
    assert "Dennis Archer" not in theirs
    assert "Dennis Archer" in head


def test_a_signal_of_another_team_is_the_same_404_as_none(
    north_signal: DemandSignal, sign_in: Any
) -> None:
    client = sign_in("other_officer")
    hidden = client.get(reverse("contacts:signal", args=[north_signal.pk]))
    missing = client.get(reverse("contacts:signal", args=[north_signal.pk + 1000]))
    assert hidden.status_code == missing.status_code == 404
    assert (
        sign_in("other_officer")
        .post(reverse("contacts:dismiss_signal", args=[north_signal.pk]), {"reason": "No"})
        .status_code
        == 404
    )
    north_signal.refresh_from_db()
    assert north_signal.is_raised


def test_dismissing_needs_a_reason_and_keeps_what_was_typed(
    north_signal: DemandSignal, sign_in: Any
) -> None:
    url = reverse("contacts:dismiss_signal", args=[north_signal.pk])
    response = sign_in("officer").post(url, {"reason": "  "})
    assert response.status_code == 422
    assert "Say why you are dismissing this signal." in response.content.decode()
    response = sign_in("officer").post(url, {"reason": "Leak not fixed yet"})
    assert response.status_code == 302
    north_signal.refresh_from_db()
    assert north_signal.status == DemandSignal.Status.DISMISSED
    assert north_signal.dismiss_reason == "Leak not fixed yet"
    assert AuditEvent.objects.filter(kind=Event.DEMAND_SIGNAL_DISMISSED).exists()


def test_acting_on_a_signal_records_an_unreasonable_demands_incident_on_the_case(
    north_signal: DemandSignal, world: World, sign_in: Any
) -> None:
    response = sign_in("officer").post(
        reverse("contacts:act_on_signal", args=[north_signal.pk]),
        {"description": "Three calls a day about the same arrears letter."},
    )
    assert response.status_code == 302
    north_signal.refresh_from_db()
    incident = north_signal.incident
    assert incident is not None and incident.case == world.north_case
    assert set(incident.behaviours.values_list("behaviour", flat=True)) == {
        Behaviour.HIGH_VOLUME_CONTACT,
        Behaviour.EXCESSIVE_APPROACHES,
    }
    assert ChronologyEntry.objects.filter(
        case=world.north_case, kind=ChronologyEntry.Kind.DEMAND_SIGNAL
    ).exists()
    assert AuditEvent.objects.filter(kind=Event.DEMAND_SIGNAL_ACTED_ON).exists()


def test_only_the_head_of_service_changes_the_thresholds(world: World, sign_in: Any) -> None:
    url = reverse("contacts:signal_settings")
    assert sign_in("officer").get(url).status_code == 200
    assert sign_in("officer").post(url, {"volume_7_days": 1}).status_code == 403
    values = {
        "volume_7_days": 20,
        "volume_30_days": 40,
        "volume_90_days": 90,
        "volume_percentile": "99.5",
        "percentile_minimum": 10,
        "concentration_share": 60,
        "concentration_minimum": 10,
        "concentration_days": 30,
        "churn_changes": 3,
        "not_landlord_90_days": 6,
        "regrowth_percent": 25,
    }
    assert sign_in("head_of_service").post(url, values).status_code == 302
    page = sign_in("officer").get(url).content.decode()
    assert "Last changed" in page


def test_the_person_page_panel_shows_recent_contacts(
    world: World, frontline: User, sign_in: Any
) -> None:
    contacts(world.north_person, frontline, 1, days=1, reference="ARR-1")
    panel = sign_in("frontline").get(
        reverse("contacts:person_log", args=[world.north_person.pk]),
        headers={"HX-Request": "true"},
    )
    assert "ARR-1" in panel.content.decode()
