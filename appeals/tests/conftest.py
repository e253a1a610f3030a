"""Decisions to appeal against, made through the real decision actions on the North case."""

from datetime import timedelta

import pytest
from django.utils import timezone

from access.models import User
from conftest import World
from decisions.actions import approve_decision, propose_decision, record_needs_check
from decisions.models import Decision, NeedsCheck, Response, RestrictionKind


@pytest.fixture
def needs_checked(world: World, officer: User) -> NeedsCheck:
    return record_needs_check(
        case=world.north_case,
        by=officer,
        referral_offered=False,
        consent=NeedsCheck.Consent.NOT_OFFERED,
        expectation_explained=True,
        no_needs_found=True,
    )


@pytest.fixture
def warning(world: World, officer: User, needs_checked: NeedsCheck) -> Decision:
    """A warning letter, decided by the officer alone (below the approval step)."""
    return propose_decision(
        case=world.north_case,
        response=Response.WARNING_LETTER,
        basis="Shouted and swore at colleagues on three calls in a month.",
        by=officer,
    )


@pytest.fixture
def restriction(
    world: World, officer: User, head_of_service: User, needs_checked: NeedsCheck
) -> Decision:
    """Written contact only, proposed by the officer and approved by the Head of Service."""
    today = timezone.localdate()
    proposed = propose_decision(
        case=world.north_case,
        response=Response.CONTACT_RESTRICTION,
        restriction_kind=RestrictionKind.WRITTEN_ONLY,
        starts_on=today,
        review_on=today + timedelta(days=180),
        basis="Forty calls a week to the contact centre, abusive on most.",
        by=officer,
    )
    return approve_decision(decision=proposed, by=head_of_service)


@pytest.fixture
def legal_action(
    world: World, officer: User, head_of_service: User, needs_checked: NeedsCheck
) -> Decision:
    proposed = propose_decision(
        case=world.north_case,
        response=Response.LEGAL_ACTION,
        basis="Threats to kill a colleague: injunction sought.",
        by=officer,
    )
    return approve_decision(decision=proposed, by=head_of_service)
