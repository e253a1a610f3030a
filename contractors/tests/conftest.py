"""Jobs and a warning flag at the North home, raised and approved through the real actions."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from access.models import ContractorOrganisation, User
from conftest import World
from contractors.actions import record_job
from contractors.models import Job
from decisions.actions import approve_decision, record_needs_check
from flags.actions import propose_flag
from flags.models import WarningFlag
from incidents.models import Incident
from people.models import Property

INSTRUCTION = "Attend in pairs; do not enter the property."

GiveJob = Callable[..., Job]


@pytest.fixture
def give_job(admin: User) -> GiveJob:
    """Record a job from the housing system for a firm at a home."""
    counter = iter(range(1, 10_000))

    def give(
        *,
        firm: str,
        home: Property,
        starts_on: date | None = None,
        ends_on: date | None = None,
        reference: str | None = None,
    ) -> Job:
        job, _ = record_job(
            external_reference=reference or f"JOB-{next(counter)}",
            home=home,
            contractor_id=ContractorOrganisation.objects.get(name=firm).pk,
            starts_on=starts_on or date.today() - timedelta(days=3),
            ends_on=ends_on,
            description="Annual gas safety check",
            by=admin,
        )
        return job

    return give


def raise_home_flag(
    *,
    world: World,
    officer: User,
    head_of_service: User,
    basis: str = "Threatened a gas engineer with a hammer.",
    incidents: list[Incident] | None = None,
    needs_note: str = "",
) -> WarningFlag:
    record_needs_check(
        case=world.north_case,
        by=officer,
        referral_offered=False,
        consent="not_offered",
        expectation_explained=True,
        no_needs_found=True,
        notes=needs_note,
    )
    flag = propose_flag(
        case=world.north_case,
        by=officer,
        risk_level="high",
        handling_instruction=INSTRUCTION,
        incidents=incidents or [world.north_incident],
        starts_on=date.today(),
        review_on=date.today() + timedelta(days=180),
        basis=basis,
        home=world.north_home,
    )
    approve_decision(decision=flag.decision, by=head_of_service)
    return flag


@pytest.fixture
def home_flag(world: World, officer: User, head_of_service: User) -> WarningFlag:
    return raise_home_flag(world=world, officer=officer, head_of_service=head_of_service)
