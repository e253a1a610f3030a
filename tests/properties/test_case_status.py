"""Under any sequence of reports and closures, each person has at most one open case."""

from typing import Any

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from access.models import User
from cases.models import Case, ChronologyEntry
from conftest import make_person, simple_report
from incidents.actions import report_incident
from people.models import Person
from tests.properties.helpers import rolled_back

pytestmark = pytest.mark.django_db

PEOPLE = 3
# A step is ("report", people responsible by index) or ("close", index of a person).
reports = st.tuples(st.just("report"), st.lists(st.integers(0, PEOPLE - 1), max_size=PEOPLE))
closures = st.tuples(st.just("close"), st.integers(0, PEOPLE - 1))
steps = st.lists(st.one_of(reports, closures), min_size=1, max_size=8)


@pytest.fixture
def people(admin: User) -> list[Person]:
    return [
        make_person(by=admin, reference=f"P{n}", first="Sam", last=f"Hill{n}", postcode="BS2 9TG")
        for n in range(PEOPLE)
    ]


def close_case_of(person: Person) -> None:
    """Close the person's open case (no close action exists yet, so set the row directly)."""
    Case.objects.filter(person=person, status=Case.Status.OPEN).update(
        status=Case.Status.CLOSED, closed_at=timezone.now()
    )


def open_cases(person: Person) -> list[Case]:
    return list(Case.objects.filter(person=person, status=Case.Status.OPEN))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plan=steps)
def test_a_case_is_open_until_closed_and_each_person_has_at_most_one(
    people: list[Person], frontline: User, plan: list[tuple[str, Any]]
) -> None:
    with rolled_back():
        closed_ever: set[int] = set()
        for step, argument in plan:
            before = {p.pk: [c.pk for c in open_cases(p)] for p in people}
            if step == "close":
                close_case_of(people[argument])
                closed_ever.update(before[people[argument].pk])
            else:
                responsible = [people[i] for i in argument]
                incident = report_incident(
                    report=simple_report(
                        person=None,
                        colleague=frontline,
                        responsible_people=responsible,
                        unknown_people=[] if responsible else ["Man in a red coat"],
                    ),
                    by=frontline,
                )
                for person in responsible:
                    (case,) = open_cases(person)
                    # An open case is reused; a new one opens only when none was open.
                    if before[person.pk]:
                        assert [case.pk] == before[person.pk]
                    assert ChronologyEntry.objects.filter(case=case, incident=incident).exists()
                if responsible:
                    assert incident.case_id == open_cases(responsible[0])[0].pk
                else:
                    assert incident.case_id is None
            for person in people:
                assert len(open_cases(person)) <= 1
            assert not Case.objects.filter(pk__in=closed_ever, status=Case.Status.OPEN).exists()
            assert not Case.objects.filter(
                status=Case.Status.OPEN, closed_at__isnull=False
            ).exists()
