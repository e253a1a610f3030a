"""The alert look-up says what the screens say (flags.instructions), and never why."""

import json

import pytest

from access.models import User
from alerts.lookup import NOT_FOUND_BODY, look_up, render_alert
from alerts.tests.conftest import CANARY, firm, impose_restriction, raise_flag, send_firm
from conftest import World
from flags.instructions import ALWAYS_ALLOWED, for_homes, for_people
from people.actions import record_person

pytestmark = pytest.mark.django_db


def texts(payload: dict[str, object] | None) -> list[tuple[str, str]]:
    assert payload is not None
    return [(item["instruction"], item["applies_to"]) for item in payload["instructions"]]  # type: ignore[attr-defined, index]


def test_a_person_sees_their_own_household_and_home_measures_as_the_screens_do(
    world: World, officer: User, head_of_service: User
) -> None:
    person = world.north_person
    raise_flag(world, officer, head_of_service, person=person)
    raise_flag(world, officer, head_of_service, household=person.household)
    raise_flag(world, officer, head_of_service, home=world.north_home)
    impose_restriction(world, officer, head_of_service)
    payload = look_up(kind="person", reference="PE-N1", contractor_id=None)
    screens = sorted((i.text, i.applies_to) for i in for_people([person.pk])[person.pk])
    assert sorted(texts(payload)) == screens
    assert {applies for _, applies in screens} == {"this person", "their household", "their home"}
    assert payload is not None and payload["always_allowed"] == ALWAYS_ALLOWED


def test_a_home_shows_its_own_its_households_and_its_residents_measures(
    world: World, officer: User, head_of_service: User, admin: User
) -> None:
    lodger, _ = record_person(
        external_reference="PE-LODGER",
        kind="household_member",
        first_name="Ivy",
        last_name="Archer",
        household=world.north_person.household,
        by=admin,
    )
    raise_flag(world, officer, head_of_service, person=lodger)
    raise_flag(world, officer, head_of_service, household=world.north_person.household)
    impose_restriction(world, officer, head_of_service)
    home = world.north_home
    screens = sorted((i.text, i.applies_to) for i in for_homes([home.pk])[home.pk])
    for kind, reference in (("property", "PR-N1"), ("uprn", "900000000N1")):
        payload = look_up(kind=kind, reference=reference, contractor_id=None)
        assert sorted(texts(payload)) == screens
    assert {"Ivy Archer", "Dennis Archer", "Archer household"} == {a for _, a in screens}


def test_the_body_gives_the_single_point_of_contact_and_dates_never_a_reason(
    world: World, officer: User, head_of_service: User
) -> None:
    flag = raise_flag(world, officer, head_of_service)
    impose_restriction(world, officer, head_of_service)
    payload = look_up(kind="person", reference="PE-N1", contractor_id=None)
    body = render_alert(payload)  # type: ignore[arg-type]
    assert CANARY.encode() not in body
    restriction = json.loads(body)["instructions"][1]
    assert restriction["single_point_of_contact"] == officer.display_name
    assert restriction["risk_level"] is None
    first = json.loads(body)["instructions"][0]
    assert first["reference"] == flag.reference
    assert first["starts_on"] == str(flag.decision.starts_on)
    assert first["review_on"] == str(flag.decision.review_on)


def test_a_known_person_with_nothing_in_force_gets_an_empty_list(world: World) -> None:
    payload = look_up(kind="person", reference="PE-S1", contractor_id=None)
    assert payload == {
        "kind": "person",
        "reference": "PE-S1",
        "instructions": [],
        "always_allowed": None,
    }


def test_unknown_references_and_kinds_are_not_found(world: World) -> None:
    assert look_up(kind="person", reference="PE-NOBODY", contractor_id=None) is None
    assert look_up(kind="uprn", reference="000", contractor_id=None) is None
    assert look_up(kind="household", reference="HH-N1", contractor_id=None) is None


def test_a_contractor_sees_a_home_only_while_their_firm_has_an_active_job_there(
    world: World, officer: User, head_of_service: User, admin: User
) -> None:
    raise_flag(world, officer, head_of_service, home=world.north_home)
    reference = "PR-N1"
    assert look_up(kind="property", reference=reference, contractor_id=firm().pk) is None
    send_firm(world, admin)
    payload = look_up(kind="property", reference=reference, contractor_id=firm().pk)
    assert payload is not None and len(payload["instructions"]) == 1
    other = firm("Westway Repairs").pk
    assert look_up(kind="property", reference=reference, contractor_id=other) is None


def test_a_contractor_never_looks_up_a_person(world: World, admin: User) -> None:
    send_firm(world, admin)
    assert look_up(kind="person", reference="PE-N1", contractor_id=firm().pk) is None


def test_the_not_found_body_is_plain_json() -> None:
    assert json.loads(NOT_FOUND_BODY) == {
        "detail": "No person or property with that reference is available to this token."
    }
