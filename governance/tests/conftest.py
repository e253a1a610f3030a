"""Helpers for governance tests: measures and people made through the real actions."""

from datetime import date, timedelta

import pytest

from access.models import User
from cases.models import Case
from decisions.actions import approve_decision, record_needs_check
from flags.actions import propose_flag
from flags.models import WarningFlag
from incidents.models import Incident
from people.models import Household


def flag_household(
    *, case: Case, incident: Incident, household: Household, officer: User, head: User
) -> WarningFlag:
    """An approved warning flag, in force today, on a whole household."""
    today = date.today()
    record_needs_check(
        case=case,
        by=officer,
        referral_offered=False,
        consent="not_offered",
        expectation_explained=True,
        no_needs_found=True,
    )
    flag = propose_flag(
        case=case,
        by=officer,
        risk_level="high",
        handling_instruction="Attend in pairs.",
        incidents=[incident],
        starts_on=today,
        review_on=today + timedelta(days=180),
        basis="Threatened an engineer.",
        household=household,
    )
    approve_decision(decision=flag.decision, by=head)
    return flag


@pytest.fixture(autouse=True)
def seeded_policy_version(request: pytest.FixtureRequest) -> None:
    """Migration 0002 seeds the version in force; a test that empties the database (a
    transactional test's flush) removes it, so make sure it is there, as first use would."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    from governance.policy_dates import current_version

    current_version()
