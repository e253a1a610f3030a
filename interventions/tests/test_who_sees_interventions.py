"""Mediation, legal action, police reports and disclosures are seen through the case."""

from typing import Any

import pytest
from django.urls import reverse

from access import policy
from access.models import User
from audit.models import AuditEvent
from conftest import World
from interventions.models import Disclosure, LegalAction, MediationReferral, PoliceReport
from interventions.tests import making

pytestmark = pytest.mark.django_db

CASE_PAGES = [
    "interventions:mediation",
    "interventions:legal_action",
    "interventions:police_report",
    "interventions:disclosure",
]


def north_records(world: World, officer: User) -> dict[str, str]:
    """Every page about the North case and its records, by name."""
    referral = making.referral(world.north_case, officer)
    action = making.legal_action(world.north_case, officer)
    disclosure = making.disclosure(world.north_case, officer)
    urls = {name: reverse(name, args=[world.north_case.pk]) for name in CASE_PAGES}
    urls["interventions:mediation_update"] = reverse(
        "interventions:mediation_update", args=[referral.pk]
    )
    urls["interventions:legal_action_update"] = reverse(
        "interventions:legal_action_update", args=[action.pk]
    )
    urls["interventions:disclosure_shared"] = reverse(
        "interventions:disclosure_shared", args=[disclosure.pk]
    )
    return urls


def counts() -> tuple[int, ...]:
    return (
        MediationReferral.objects.count(),
        LegalAction.objects.count(),
        PoliceReport.objects.count(),
        Disclosure.objects.filter(shared_on__isnull=False).count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("persona", ["other_officer", "contractor_a", "contractor_b"])
def test_people_outside_the_case_get_not_found_and_change_nothing(
    persona: str, world: World, officer: User, sign_in: Any
) -> None:
    urls = north_records(world, officer)
    client = sign_in(persona)
    before = counts()
    for name, url in urls.items():
        if name != "interventions:disclosure_shared":
            assert client.get(url).status_code == 404, (name, "get")
        assert client.post(url, {"force": "Any", "service_name": "Any"}).status_code == 404, name
    assert counts() == before


@pytest.mark.parametrize("persona", ["frontline", "line_manager", "director", "appeal_reviewer"])
def test_colleagues_who_do_not_work_cases_are_refused(
    persona: str, world: World, officer: User, sign_in: Any
) -> None:
    urls = north_records(world, officer)
    client = sign_in(persona)
    before = counts()
    for name, url in urls.items():
        assert client.post(url).status_code == 403, name
    assert counts() == before


@pytest.mark.parametrize("persona", ["officer", "head_of_service"])
def test_the_cases_officer_and_the_head_of_service_open_every_page(
    persona: str, world: World, officer: User, sign_in: Any
) -> None:
    urls = north_records(world, officer)
    client = sign_in(persona)
    for name, url in urls.items():
        if name != "interventions:disclosure_shared":
            assert client.get(url).status_code == 200, name


def test_a_hidden_record_and_a_missing_one_look_the_same(
    world: World, officer: User, sign_in: Any
) -> None:
    referral = making.referral(world.north_case, officer)
    client = sign_in("other_officer")
    hidden = client.get(reverse("interventions:mediation_update", args=[referral.pk]))
    missing = client.get(reverse("interventions:mediation_update", args=[referral.pk + 1000]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content


def test_only_senior_colleagues_see_the_sharing_log(world: World, sign_in: Any) -> None:
    url = reverse("interventions:sharing_log")
    seen = {
        persona: sign_in(persona).get(url).status_code
        for persona in ["officer", "other_officer", "head_of_service", "director", "contractor_a"]
    }
    assert seen == {
        "officer": 403,
        "other_officer": 403,
        "head_of_service": 200,
        "director": 200,
        "contractor_a": 404,
    }


def test_the_policy_scopes_each_record_to_the_viewers_cases(
    world: World, officer: User, other_officer: User, director: User, contractor_a: User
) -> None:
    making.referral(world.north_case, officer)
    making.police_report(world.south_case, other_officer)
    assert policy.visible_mediation(officer).count() == 1
    assert policy.visible_mediation(other_officer).count() == 0
    assert policy.visible_police_reports(officer).count() == 0
    assert policy.visible_police_reports(director).count() == 1
    assert policy.visible_mediation(contractor_a).count() == 0
    assert policy.sharing_log_for_user(officer).count() == 0
