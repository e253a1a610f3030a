"""Measures to review, made through the real actions on the North case."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from access.models import User
from conftest import World
from contractors.actions import record_job
from contractors.models import Job
from decisions.actions import approve_decision, record_needs_check
from decisions.models import NeedsCheck
from flags.actions import propose_flag
from flags.models import RiskLevel, WarningFlag
from restrictions.actions import propose_restriction
from restrictions.models import ContactRestriction

REVIEW_IN_DAYS = 100


def review_date() -> date:
    return timezone.localdate() + timedelta(days=REVIEW_IN_DAYS)


@pytest.fixture
def needs_checked(world: World, officer: User) -> NeedsCheck:
    return record_needs_check(
        case=world.north_case,
        by=officer,
        referral_offered=False,
        consent="not_offered",
        expectation_explained=True,
        no_needs_found=True,
    )


@pytest.fixture
def flag(
    world: World, officer: User, head_of_service: User, needs_checked: NeedsCheck
) -> WarningFlag:
    """A warning flag on the North person, in force from today, review in 100 days."""
    assert world.north_case.assigned_officer == officer
    proposed = propose_flag(
        case=world.north_case,
        by=officer,
        risk_level=RiskLevel.HIGH,
        handling_instruction="Attend in pairs; meet at the office, not at the home.",
        incidents=[world.north_incident],
        starts_on=timezone.localdate(),
        review_on=review_date(),
        basis="Threatened a neighbourhood officer on the doorstep.",
        person=world.north_person,
    )
    approve_decision(decision=proposed.decision, by=head_of_service)
    return WarningFlag.objects.select_related("decision").get(pk=proposed.pk)


@pytest.fixture
def restriction(
    world: World, officer: User, head_of_service: User, needs_checked: NeedsCheck
) -> ContactRestriction:
    """A single point of contact for the North person, in force from today."""
    proposed = propose_restriction(
        case=world.north_case,
        by=officer,
        kind="single_point_of_contact",
        single_point_of_contact=officer,
        starts_on=timezone.localdate(),
        review_on=review_date(),
        basis="Forty calls a week to the contact centre, abusive on most.",
    )
    approve_decision(decision=proposed.decision, by=head_of_service)
    return ContactRestriction.objects.select_related("decision").get(pk=proposed.pk)


@pytest.fixture
def job_at_north_home(world: World, admin: User, contractor_a: User) -> Job:
    """Contractor A's firm has a job at the North home, open since yesterday."""
    assert contractor_a.contractor_organisation_id is not None
    job, _ = record_job(
        external_reference="JOB-N1",
        home=world.north_home,
        contractor_id=contractor_a.contractor_organisation_id,
        starts_on=timezone.localdate() - timedelta(days=1),
        by=admin,
    )
    return job
