from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from interventions.models import MediationReferral
from interventions.tests import making

pytestmark = pytest.mark.django_db


def test_the_officer_refers_the_case_to_mediation(world: World, sign_in: Any) -> None:
    url = reverse("interventions:mediation", args=[world.north_case.pk])
    client = sign_in("officer")
    assert "Refer to mediation" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "service_name": "West of England Mediation",
            "referred_on": making.days_ago(1).isoformat(),
            "customer_agreed": "yes",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[world.north_case.pk])
    referral = MediationReferral.objects.get()
    assert referral.case == world.north_case and referral.customer_agreed


def test_a_referral_with_problems_is_shown_again_with_what_was_typed(
    world: World, sign_in: Any
) -> None:
    response = sign_in("officer").post(
        reverse("interventions:mediation", args=[world.north_case.pk]),
        {
            "service_name": "Somerset Mediation Partnership",
            "referred_on": "",
            "customer_agreed": "",
        },
    )
    text = response.content.decode()
    assert response.status_code == 422
    assert "Enter the date the referral was made." in text
    assert "Select yes if the customer has agreed to mediation." in text
    assert 'value="Somerset Mediation Partnership"' in text
    assert not MediationReferral.objects.exists()


def test_the_action_refusal_is_shown_on_its_field(world: World, sign_in: Any) -> None:
    response = sign_in("officer").post(
        reverse("interventions:mediation", args=[world.north_case.pk]),
        {
            "service_name": "Somerset Mediation Partnership",
            "referred_on": making.days_ago(1).isoformat(),
            "customer_agreed": "no",
            "first_session_on": making.today().isoformat(),
        },
    )
    assert response.status_code == 422
    assert "Mediation is voluntary" in response.content.decode()


def test_the_outcome_is_updated(world: World, sign_in: Any, officer: Any) -> None:
    referral = making.referral(world.north_case, officer)
    url = reverse("interventions:mediation_update", args=[referral.pk])
    client = sign_in("officer")
    assert "West of England Mediation" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "customer_agreed": "yes",
            "outcome": "resolved",
            "ended_on": making.today().isoformat(),
            "outcome_notes": "Both sides agreed a way of working.",
            "version": referral.version,
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.outcome == "resolved"


def test_an_outcome_without_an_end_date_is_shown_again(
    world: World, sign_in: Any, officer: Any
) -> None:
    referral = making.referral(world.north_case, officer)
    response = sign_in("officer").post(
        reverse("interventions:mediation_update", args=[referral.pk]),
        {
            "customer_agreed": "yes",
            "outcome": "not_resolved",
            "outcome_notes": "No agreement.",
            "version": referral.version,
        },
    )
    text = response.content.decode()
    assert response.status_code == 422
    assert "Enter the date mediation ended or the customer declined it." in text
    assert "No agreement." in text
