"""Equality monitoring on a constructed example: a group over-represented among customers
under a measure is highlighted; a group of fewer than five people is never shown."""

from datetime import date

import pytest
from django.urls import reverse

from access.models import User
from audit.models import AuditEvent, Event
from conftest import make_person, simple_report
from governance.actions import record_equality_details
from governance.equality import counts, dimension_table, equality_section
from governance.tests.conftest import flag_household
from incidents.actions import report_incident
from people.actions import record_person
from people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def example(personas: dict[str, User]) -> None:
    """Twenty customers: ten disabled, ten not. A warning flag on one household covers six
    people, all disabled. Three customers are men, seventeen women."""
    admin, officer = personas["admin"], personas["officer"]
    flagged = make_person(by=admin, reference="EQ0", first="Ann", last="Ash", postcode="BS2 9TG")
    household = flagged.household
    people = [flagged]
    for number in range(1, 20):
        if number < 6:
            person, _ = record_person(
                external_reference=f"PE-EQ{number}",
                kind=Person.Kind.HOUSEHOLD_MEMBER,
                first_name=f"Member{number}",
                last_name="Ash",
                household=household,
                by=admin,
            )
        else:
            person = make_person(
                by=admin,
                reference=f"EQ{number}",
                first="Bea",
                last=f"Birch{number}",
                postcode="BS2 9TG",
            )
        people.append(person)
    for number, person in enumerate(people):
        disabled = number < 6 or number in (6, 7, 8, 9)
        record_equality_details(
            person=person,
            sex="male" if number in (10, 11, 12) else "female",
            ethnicity="white_british",
            disability="yes" if disabled else "no",
            by=officer,
        )
    incident = report_incident(
        report=simple_report(person=flagged, colleague=personas["frontline"]),
        by=personas["frontline"],
    )
    flag_household(
        case=incident.case,  # type: ignore[arg-type]
        incident=incident,
        household=household,  # type: ignore[arg-type]
        officer=officer,
        head=personas["head_of_service"],
    )


def rows_by_group(name: str) -> dict[str, list[object]]:
    table = dimension_table(name, counts(today=date.today())[name])
    return {str(row[0]): row for row in table.rows}


def test_a_group_well_over_its_share_of_customers_is_highlighted(example: None) -> None:
    found = counts(today=date.today())
    assert dict(found["disability"].everyone) == {"yes": 10, "no": 10}
    assert dict(found["disability"].measured) == {"yes": 6}
    table = dimension_table("disability", found["disability"])
    yes = next(i for i, row in enumerate(table.rows) if row[0] == "Yes")
    # 50% of customers, 100% of those under a measure: a ratio of 2.00, six people.
    assert table.rows[yes][1:] == [10, "50.0%", 6, "100.0%", "2.00", "Over-represented"]
    assert table.highlighted == {yes}


def test_groups_under_five_people_are_never_shown(example: None) -> None:
    rows = rows_by_group("sex")
    assert rows["Male"][1] == "fewer than 5"
    assert rows["Male"][3] == 0
    assert rows["Female"][1:4] == [17, "85.0%", 6]


def test_a_group_with_fewer_than_five_under_a_measure_is_not_highlighted(
    personas: dict[str, User], example: None
) -> None:
    table = dimension_table("ethnic_group", counts(today=date.today())["ethnic_group"])
    white = next(row for row in table.rows if row[0] == "White")
    assert white[1:5] == [20, "100.0%", 6, "100.0%"]
    assert table.highlighted == set()


def test_the_page_states_the_rule_and_is_audited(example: None, sign_in: object) -> None:
    response = sign_in("director").get(reverse("governance:equality"))  # type: ignore[operator]
    assert response.status_code == 200
    page = response.content.decode()
    assert "at least 1.25 times its share" in page
    assert "Over-represented" in page
    assert "fewer than 5" in page
    assert AuditEvent.objects.filter(kind=Event.EQUALITY_READ).count() == 1


def test_the_section_summarises_what_is_highlighted(example: None) -> None:
    section = equality_section(today=date.today())
    facts = dict(section.facts)
    assert facts["Customers under a measure"] == 6
    assert facts["Groups over-represented"] == "disability: Yes"
