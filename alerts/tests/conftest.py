"""Measures raised and approved through the real actions, with a canary in every reason."""

from datetime import date, timedelta
from typing import Any

import pytest

from access.models import ContractorOrganisation, User
from api.actions import create_api_token
from conftest import World
from contractors.actions import record_job
from decisions.actions import approve_decision, record_needs_check
from flags.actions import propose_flag
from flags.models import WarningFlag
from restrictions.actions import propose_restriction
from restrictions.models import ContactRestriction

CANARY = "CANARY-REASON-7f3a"
INSTRUCTION = "Attend in pairs; do not enter the property."


def needs_checked(world: World, officer: User) -> None:
    record_needs_check(
        case=world.north_case,
        by=officer,
        referral_offered=False,
        consent="not_offered",
        expectation_explained=True,
        no_needs_found=True,
    )


def raise_flag(
    world: World, officer: User, approver: User, *, starts_on: date | None = None, **subject: Any
) -> WarningFlag:
    needs_checked(world, officer)
    start = starts_on or date.today()
    flag = propose_flag(
        case=world.north_case,
        by=officer,
        risk_level="high",
        handling_instruction=INSTRUCTION,
        incidents=[world.north_incident],
        starts_on=start,
        review_on=start + timedelta(days=180),
        basis=f"He threatened a colleague. {CANARY}",
        **(subject or {"person": world.north_person}),
    )
    approve_decision(decision=flag.decision, by=approver)
    flag.refresh_from_db()
    return flag


def impose_restriction(
    world: World, officer: User, approver: User, **details: Any
) -> ContactRestriction:
    needs_checked(world, officer)
    restriction = propose_restriction(
        case=world.north_case,
        by=officer,
        starts_on=date.today(),
        review_on=date.today() + timedelta(days=180),
        basis=f"Forty calls a day. {CANARY}",
        **(details or {"kind": "single_point_of_contact", "single_point_of_contact": officer}),
    )
    if restriction.decision.status != "in_force":
        approve_decision(decision=restriction.decision, by=approver)
    restriction.refresh_from_db()
    return restriction


def firm(name: str = "Severn Gas Services") -> ContractorOrganisation:
    return ContractorOrganisation.objects.get(name=name)


def send_firm(world: World, admin: User, *, name: str = "Severn Gas Services") -> None:
    record_job(
        external_reference=f"JOB-{name[:4]}",
        home=world.north_home,
        contractor_id=firm(name).pk,
        starts_on=date.today() - timedelta(days=1),
        ends_on=None,
        description="Gas safety check",
        by=admin,
    )


@pytest.fixture
def token(admin: User) -> str:
    _, raw = create_api_token(name="Contact centre", scopes=["alerts:read"], by=admin)
    return raw


@pytest.fixture
def contractor_token(admin: User) -> str:
    _, raw = create_api_token(
        name="Severn job system", scopes=["alerts:read"], contractor=firm(), by=admin
    )
    return raw
