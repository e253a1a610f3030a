"""The alert projection equals the live answer for every person and home, whatever changed.

PostgreSQL only: there the triggers keep `alerts_alertline`, and the hot path reads it.
Each step below is a change the projection depends on; after each one the hot path's
statement (`alerts.sql.STATEMENTS`) and the live statement (`LIVE_STATEMENTS`) give the same
rows for every person reference, property reference and UPRN.
"""

from datetime import date, time, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from access.models import User
from alerts.models import AlertLine
from alerts.sql import LIVE_STATEMENTS, STATEMENTS
from alerts.tests.conftest import impose_restriction, raise_flag
from api.models import hash_token
from conftest import World, make_person
from decisions.actions import vary_decision
from flags.actions import lift_flag
from people.actions import record_household, record_person, record_property
from people.models import Person, Property
from restrictions.actions import lift_restriction

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgresql,
]


def rows(sql: str, parameters: dict[str, str]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        return sorted(cursor.fetchall(), key=repr)


def keys() -> list[tuple[str, str]]:
    found = [("person", ref) for ref in Person.objects.values_list("external_reference", flat=True)]
    for reference, uprn in Property.objects.values_list("external_reference", "uprn"):
        found += [("property", reference), ("uprn", uprn)]
    return [(kind, reference) for kind, reference in found if reference]


def assert_projection_is_live(token: str) -> int:
    """Compare every key; return how many instruction lines were seen in all."""
    seen = 0
    for kind, reference in keys():
        given = {"token_hash": hash_token(token), "reference": reference, "scope": "alerts:read"}
        projected, live = rows(STATEMENTS[kind], given), rows(LIVE_STATEMENTS[kind], given)
        assert projected == live, (kind, reference)
        seen += sum(1 for row in live if row[2] is not None)
    return seen


def test_the_projection_follows_every_kind_of_change(
    world: World, officer: User, other_officer: User, head_of_service: User, admin: User, token: str
) -> None:
    person, home = world.north_person, world.north_home
    on_person = raise_flag(world, officer, head_of_service, person=person)
    on_household = raise_flag(world, officer, head_of_service, household=person.household)
    raise_flag(world, officer, head_of_service, home=home)
    raise_flag(world, officer, head_of_service, starts_on=date.today() + timedelta(days=3))
    restriction = impose_restriction(
        world,
        officer,
        head_of_service,
        kind="single_point_of_contact",
        single_point_of_contact=officer,
        deputy=other_officer,
    )
    timed = impose_restriction(
        world,
        officer,
        head_of_service,
        kind="set_call_times",
        call_days=[1, 3],
        call_from=time(10),
        call_to=time(12, 30),
    )
    # Five lines each for the person, the property reference and the UPRN (the flag
    # starting in three days is kept, but not shown).
    assert assert_projection_is_live(token) == 15

    lift_flag(flag=on_person, reason="Reviewed: no longer needed.", by=officer)
    lift_restriction(restriction=timed, reason="Calls back to normal.", by=officer)
    assert assert_projection_is_live(token) == 9

    vary_decision(
        decision=on_household.decision,
        by=head_of_service,
        reason="On review.",
        review_on=date.today() + timedelta(days=120),
    )
    assert assert_projection_is_live(token) == 9

    # A second resident joins the household, then the first moves out to another home.
    make_person(by=admin, reference="N2", first="Jo", last="Archer", postcode="BS2 9TH")
    record_person(external_reference="PE-N2", household=person.household, by=admin)
    assert assert_projection_is_live(token) == 11  # her household's and her home's flags
    elsewhere, _ = record_household(external_reference="HH-N9", name="Archer (new)", by=admin)
    record_person(external_reference="PE-N1", household=elsewhere, by=admin)
    assert assert_projection_is_live(token) == 7  # he keeps only his restriction

    # The household moves home; the single point of contact is renamed; a reference changes.
    sister_home = Property.objects.get(external_reference="PR-N2")
    record_household(external_reference="HH-N1", property=sister_home, by=admin)
    officer.first_name, officer.last_name = "Morwenna", "Tregear"
    officer.save(update_fields=["first_name", "last_name"])
    record_property(external_reference="PR-N1", uprn="912345678901", by=admin)
    Property.objects.filter(pk=home.pk).update(external_reference="PR-N1-RENUMBERED")
    assert assert_projection_is_live(token) > 0
    assert restriction.pk in AlertLine.objects.values_list("measure_id", flat=True)
    assert AlertLine.objects.filter(contact_first_name="Morwenna").exists()


def test_rebuilding_gives_the_rows_the_triggers_kept(
    world: World, officer: User, head_of_service: User, token: str
) -> None:
    raise_flag(world, officer, head_of_service, household=world.north_person.household)
    impose_restriction(world, officer, head_of_service)
    kept = sorted(AlertLine.objects.values_list("subject", "subject_id", "measure", "measure_id"))
    call_command("rebuild_alerts", stdout=None)
    rebuilt = sorted(
        AlertLine.objects.values_list("subject", "subject_id", "measure", "measure_id")
    )
    assert kept == rebuilt and len(kept) == 4
    assert_projection_is_live(token)
