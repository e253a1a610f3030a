from typing import Any

import pytest
from django.urls import reverse

from access.models import User
from conftest import World
from interventions.models import Disclosure
from interventions.sharing import approve_disclosure
from interventions.tests import making

pytestmark = pytest.mark.django_db

PROPOSAL = {
    "shared_with_organisation": "Somerset Council community safety team",
    "what_was_shared": "The dates of the incidents and the contact restriction in place.",
    "purpose": "A multi-agency meeting about the customer's behaviour.",
    "lawful_basis": "s115",
    "data_protection_condition": "public_task",
}


def test_the_officer_proposes_a_disclosure(world: World, sign_in: Any) -> None:
    url = reverse("interventions:disclosure", args=[world.north_case.pk])
    client = sign_in("officer")
    assert "Crime and Disorder Act 1998 s.115" in client.get(url).content.decode()
    response = client.post(url, PROPOSAL)
    assert response.status_code == 302
    disclosure = Disclosure.objects.get()
    assert disclosure.state_label == "Awaiting approval"
    assert "Awaiting approval" in client.get(url).content.decode()


def test_a_proposal_with_problems_keeps_what_was_typed(world: World, sign_in: Any) -> None:
    response = sign_in("officer").post(
        reverse("interventions:disclosure", args=[world.north_case.pk]),
        {**PROPOSAL, "lawful_basis": "other", "purpose": ""},
    )
    text = response.content.decode()
    assert response.status_code == 422
    assert "Enter why the information needs to be shared." in text
    assert "Enter the other legal gateway for sharing." in text
    assert "Somerset Council community safety team" in text
    assert not Disclosure.objects.exists()


def test_an_approved_disclosure_is_recorded_as_shared(
    world: World, sign_in: Any, officer: User, director: User
) -> None:
    disclosure = approve_disclosure(
        disclosure=making.disclosure(world.north_case, officer), by=director
    )
    client = sign_in("officer")
    page = client.get(reverse("interventions:disclosure", args=[world.north_case.pk]))
    assert "Record as shared" in page.content.decode()
    response = client.post(
        reverse("interventions:disclosure_shared", args=[disclosure.pk]),
        {
            f"shared-{disclosure.pk}-shared_on": making.today().isoformat(),
            f"shared-{disclosure.pk}-method": "Secure email to PC Hale",
        },
    )
    assert response.status_code == 302
    disclosure.refresh_from_db()
    assert disclosure.is_shared and disclosure.method == "Secure email to PC Hale"


def test_sharing_before_approval_is_refused_on_the_page(
    world: World, sign_in: Any, officer: User
) -> None:
    disclosure = making.disclosure(world.north_case, officer)
    response = sign_in("officer").post(
        reverse("interventions:disclosure_shared", args=[disclosure.pk]),
        {
            f"shared-{disclosure.pk}-shared_on": making.today().isoformat(),
            f"shared-{disclosure.pk}-method": "Phone",
        },
    )
    assert response.status_code == 422
    assert "This disclosure has not been approved: do not share it yet." in (
        response.content.decode()
    )
    disclosure.refresh_from_db()
    assert not disclosure.is_shared
