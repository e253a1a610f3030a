from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse

from access.models import User
from conftest import World
from interventions.models import LegalAction
from interventions.tests import making

pytestmark = pytest.mark.django_db

NOT_APPEALABLE = (
    "Legal action has its own defence and appeal process in court; it cannot be appealed "
    "under this policy."
)


def test_the_legal_action_page_says_it_cannot_be_appealed_under_the_policy(
    world: World, sign_in: Any
) -> None:
    page = sign_in("officer").get(reverse("interventions:legal_action", args=[world.north_case.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert NOT_APPEALABLE in text
    assert "Possession proceedings: Housing Act 1988 Schedule 2 Ground 14(aa)" in text


def test_the_officer_starts_legal_action_and_lands_on_its_page(world: World, sign_in: Any) -> None:
    client = sign_in("officer")
    response = client.post(
        reverse("interventions:legal_action", args=[world.north_case.pk]),
        {"kind": "without_notice_injunction", "status": "instructed_solicitors"},
    )
    action = LegalAction.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("interventions:legal_action_update", args=[action.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Without-notice civil injunction" in page and NOT_APPEALABLE in page


def test_starting_legal_action_with_problems_keeps_what_was_typed(
    world: World, sign_in: Any
) -> None:
    response = sign_in("officer").post(
        reverse("interventions:legal_action", args=[world.north_case.pk]),
        {"kind": "civil_injunction", "status": "applied", "court_name": "Taunton County Court"},
    )
    text = response.content.decode()
    assert response.status_code == 422
    assert "Enter the date the application was made to the court." in text
    assert 'value="Taunton County Court"' in text
    assert not LegalAction.objects.exists()


def test_a_hearing_is_added_and_shown(world: World, sign_in: Any, officer: User) -> None:
    action = making.legal_action(world.north_case, officer)
    url = reverse("interventions:legal_action_update", args=[action.pk])
    client = sign_in("officer")
    on = making.today() + timedelta(days=7)
    response = client.post(
        url,
        {
            "step": "hearing",
            "hearing-on": on.isoformat(),
            "hearing-court": "Bristol County Court",
            "hearing-purpose": "Return date hearing",
        },
    )
    assert response.status_code == 302
    assert "Return date hearing" in client.get(url).content.decode()


def test_a_hearing_with_problems_is_shown_again(world: World, sign_in: Any, officer: User) -> None:
    action = making.legal_action(world.north_case, officer)
    response = sign_in("officer").post(
        reverse("interventions:legal_action_update", args=[action.pk]),
        {"step": "hearing", "hearing-court": "Bristol County Court", "hearing-purpose": ""},
    )
    text = response.content.decode()
    assert response.status_code == 422
    assert "Enter the date of the hearing." in text
    assert "Enter what the hearing is for." in text
    assert 'value="Bristol County Court"' in text


def test_the_status_is_updated(world: World, sign_in: Any, officer: User) -> None:
    action = making.legal_action(world.north_case, officer)
    response = sign_in("officer").post(
        reverse("interventions:legal_action_update", args=[action.pk]),
        {
            "step": "update",
            "status": "withdrawn",
            "outcome": "The customer signed an acceptable behaviour agreement.",
            "version": action.version,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "withdrawn"


def test_a_past_hearings_result_is_recorded(world: World, sign_in: Any, officer: User) -> None:
    from interventions.actions import add_hearing

    action = making.legal_action(world.north_case, officer)
    hearing = add_hearing(
        legal_action=action,
        on=making.days_ago(1),
        court="Bristol County Court",
        purpose="Without-notice hearing",
        by=officer,
    )
    url = reverse("interventions:legal_action_update", args=[action.pk])
    client = sign_in("officer")
    assert "Record a hearing" in client.get(url).content.decode()
    response = client.post(
        url, {"step": "result", "result-hearing": hearing.pk, "result-result": "Granted."}
    )
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert hearing.result == "Granted."
