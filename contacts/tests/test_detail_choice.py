"""Whom a full recomputation reads in detail: the statement that chooses them from the
summaries (so the read can start before they are read here) agrees with the rules in Python,
`needs_detail` and `wanted_details`, for every row and under other settings."""

from itertools import product
from typing import Any

import pytest
from django.db import connection

from access.models import User
from contacts.models import PersonSummary, SignalSettings
from contacts.signals import detail_choice, needs_detail, wanted_details
from contacts.summaries import summaries_for
from contacts.tests.helpers import thresholds
from people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def summaries() -> None:
    """A grid of bounds: totals, asked for, handled by one bucket or spread, churn."""
    grid = product((0, 3, 10), (0, 2, 6), ((0, 0), (3, 0), (8, 1), (2, 3)), (0, 1, 3))
    for number, (total, asked, (one, other), churn) in enumerate(grid):
        person = Person.objects.create(last_name=f"Grid {number}")
        PersonSummary.objects.create(
            person=person,
            as_of="2026-11-20",
            contacts_7=total,
            contacts_30=total,
            contacts_90=total + 1,
            asked_for_30=asked,
            handled_30_0=0,
            handled_30_1=one,
            handled_30_2=other,
            handled_30_3=0,
            churn_90=churn,
        )


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"concentration_minimum": 3, "concentration_share": 50, "churn_changes": 2},
        {"concentration_minimum": 1, "concentration_share": 75, "churn_changes": 1},
        {"concentration_days": 7, "concentration_minimum": 3},
        {"concentration_days": 60, "concentration_minimum": 9, "churn_changes": 3},
    ],
)
def test_the_statement_chooses_as_the_rules_do(
    summaries: None, head_of_service: User, changes: dict[str, Any]
) -> None:
    if changes:
        thresholds(head_of_service, **changes)
    settings = SignalSettings.current()
    rows = summaries_for(list(PersonSummary.objects.values_list("person_id", flat=True)))
    detailed = {p for p, row in rows.items() if needs_detail(row, settings)}
    wanted = wanted_details(rows, detailed, settings, set())
    with connection.cursor() as cursor:
        cursor.execute(*detail_choice(settings))
        chosen = cursor.fetchall()
    assert {p for p, _h, _c in chosen} == detailed
    assert {p for p, h, _c in chosen if h} == wanted["handled"]
    assert {p for p, _h, c in chosen if c} == wanted["churn"]
    assert 0 < len(detailed) < len(rows)  # the grid leaves some out, whatever the settings
