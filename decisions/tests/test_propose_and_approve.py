from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from access.models import User
from audit.models import AuditEvent, Event
from conftest import World
from decisions.actions import (
    approve_decision,
    overturn_decision,
    propose_decision,
    record_needs_check,
    reject_decision,
    vary_decision,
)
from decisions.models import CommunicationNeed, Decision, Need, Response, RestrictionKind
from notifications.models import Notification

pytestmark = pytest.mark.django_db

START = date.today()
REVIEW = START + timedelta(days=180)


def needs_checked(world: World, officer: User, **changes: Any) -> None:
    values: dict[str, Any] = {
        "referral_offered": False,
        "consent": "not_offered",
        "expectation_explained": True,
        "no_needs_found": True,
    }
    values.update(changes)
    record_needs_check(case=world.north_case, by=officer, **values)


def restriction(world: World, officer: User, **changes: Any) -> Decision:
    values: dict[str, Any] = {
        "response": Response.CONTACT_RESTRICTION,
        "basis": "Forty calls a week to the office.",
        "restriction_kind": RestrictionKind.SINGLE_POINT_OF_CONTACT,
        "starts_on": START,
        "review_on": REVIEW,
    }
    values.update(changes)
    return propose_decision(case=world.north_case, by=officer, **values)


def test_a_sanction_needs_the_contributing_needs_check_first(world: World, officer: User) -> None:
    with pytest.raises(ValidationError, match="contributing-needs check"):
        propose_decision(
            case=world.north_case,
            response=Response.WARNING_LETTER,
            basis="Abuse on the phone.",
            by=officer,
        )
    assert Decision.objects.count() == 0


def test_an_informal_conversation_is_decided_at_once(world: World, officer: User) -> None:
    decision = propose_decision(
        case=world.north_case,
        response=Response.INFORMAL_CONVERSATION,
        basis="First incident; he apologised.",
        by=officer,
    )
    assert decision.status == Decision.Status.IN_FORCE and decision.decided_by == officer


def test_a_restriction_waits_for_approval_and_the_approver_is_told(
    world: World, officer: User, head_of_service: User
) -> None:
    needs_checked(world, officer)
    decision = restriction(world, officer)
    assert decision.status == Decision.Status.AWAITING_APPROVAL
    assert Notification.objects.filter(
        recipient=head_of_service, kind=Notification.Kind.APPROVAL_NEEDED
    ).exists()
    approve_decision(decision=decision, by=head_of_service)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.IN_FORCE
    assert decision.approved_by == head_of_service
    assert AuditEvent.objects.filter(kind=Event.DECISION_APPROVED).count() == 1


def test_self_approval_is_refused_and_changes_nothing(world: World, head_of_service: User) -> None:
    needs_checked(world, head_of_service)
    decision = restriction(world, head_of_service)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="someone else must approve"):
        approve_decision(decision=decision, by=head_of_service)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.AWAITING_APPROVAL and decision.approved_by is None
    assert AuditEvent.objects.count() == before


def test_a_role_that_may_not_approve_is_refused(
    world: World, officer: User, other_officer: User
) -> None:
    needs_checked(world, officer)
    decision = restriction(world, officer)
    with pytest.raises(ValidationError, match="cannot approve"):
        approve_decision(decision=decision, by=other_officer)


def test_written_only_contact_clashes_with_being_unable_to_write(
    world: World, officer: User
) -> None:
    needs_checked(
        world,
        officer,
        no_needs_found=False,
        needs=[Need.LEARNING_DIFFICULTY],
        communication_needs=[CommunicationNeed.CANNOT_READ_OR_WRITE],
    )
    with pytest.raises(ValidationError) as refused:
        restriction(world, officer, restriction_kind=RestrictionKind.WRITTEN_ONLY)
    assert "Cannot read or write" in refused.value.message_dict["adjustment_rationale"][0]
    assert Decision.objects.count() == 0
    decision = restriction(
        world,
        officer,
        restriction_kind=RestrictionKind.WRITTEN_ONLY,
        adjustment_rationale="His support worker reads and writes for him.",
    )
    assert decision.adjustment_rationale


def test_a_measure_is_reviewed_between_three_and_twelve_months(world: World, officer: User) -> None:
    needs_checked(world, officer)
    with pytest.raises(ValidationError) as refused:
        restriction(world, officer, review_on=START + timedelta(days=30))
    assert "policy: 3 to 12 months" in refused.value.message_dict["review_on"][0]


def test_rejection_needs_a_reason(world: World, officer: User, head_of_service: User) -> None:
    needs_checked(world, officer)
    decision = restriction(world, officer)
    with pytest.raises(ValidationError):
        reject_decision(decision=decision, by=head_of_service, note=" ")
    reject_decision(decision=decision, by=head_of_service, note="Try a single point of contact.")
    decision.refresh_from_db()
    assert decision.status == Decision.Status.REJECTED


def test_varying_keeps_both_versions(world: World, officer: User, head_of_service: User) -> None:
    needs_checked(world, officer)
    decision = restriction(world, officer)
    approve_decision(decision=decision, by=head_of_service)
    varied = vary_decision(
        decision=decision,
        by=head_of_service,
        reason="Shorter period.",
        review_on=START + timedelta(days=95),
    )
    decision.refresh_from_db()
    assert decision.status == Decision.Status.VARIED and varied.replaces == decision
    assert varied.status == Decision.Status.IN_FORCE and varied.response == decision.response
    overturn_decision(decision=varied, by=head_of_service, reason="New evidence.")
    varied.refresh_from_db()
    assert varied.status == Decision.Status.OVERTURNED


def test_the_database_refuses_self_approval_even_without_the_action(
    world: World, officer: User
) -> None:
    from django.db import IntegrityError, transaction

    needs_checked(world, officer)
    decision = restriction(world, officer)
    decision.approved_by = officer
    with pytest.raises(IntegrityError), transaction.atomic():
        decision.save()
