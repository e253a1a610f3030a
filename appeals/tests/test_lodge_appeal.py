from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from access.models import User
from appeals.actions import LEGAL_ACTION_REFUSAL
from appeals.models import Appeal
from appeals.tests.helpers import lodge, snapshot
from appeals.working_days import add_working_days
from audit.models import AuditEvent, Event
from conftest import World
from decisions.actions import approve_decision, propose_decision
from decisions.models import Decision, DecisionSettings, NeedsCheck, Response
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_an_appeal_is_lodged_with_its_due_date_audit_and_chronology(
    world: World, officer: User, warning: Decision
) -> None:
    appeal = lodge(warning, officer)
    assert appeal.lodged_by == officer
    assert appeal.due_on == add_working_days(appeal.received_on, 20)
    assert appeal.is_open and not appeal.is_overdue
    assert AuditEvent.objects.filter(
        kind=Event.APPEAL_LODGED, object_id=str(appeal.pk), actor=officer
    ).exists()
    entry = world.north_case.chronology.filter(kind="appeal").order_by("id").first()
    assert entry is not None
    assert warning.reference in entry.summary
    assert "repair had been missed" in entry.body


def test_legal_action_cannot_be_appealed_and_nothing_is_written(
    officer: User, legal_action: Decision
) -> None:
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        lodge(legal_action, officer)
    assert refused.value.messages == [LEGAL_ACTION_REFUSAL]
    assert snapshot() == before


def test_a_decision_awaiting_approval_cannot_be_appealed(
    world: World, officer: User, needs_checked: NeedsCheck
) -> None:
    proposed = propose_decision(
        case=world.north_case,
        response=Response.WARNING_FLAG,
        basis="Threatened a colleague on a home visit.",
        starts_on=timezone.localdate(),
        review_on=timezone.localdate() + timedelta(days=180),
        by=officer,
    )
    before = snapshot()
    with pytest.raises(ValidationError, match="not in force"):
        lodge(proposed, officer)
    assert snapshot() == before


def test_only_one_appeal_per_decision_may_be_open(officer: User, warning: Decision) -> None:
    lodge(warning, officer)
    before = snapshot()
    with pytest.raises(ValidationError, match="already open"):
        lodge(warning, officer)
    assert snapshot() == before


def test_the_database_refuses_a_second_open_appeal_too(officer: User, warning: Decision) -> None:
    appeal = lodge(warning, officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Appeal.objects.create(
            decision=warning,
            received_on=appeal.received_on,
            how_received=Appeal.HowReceived.PHONE,
            grounds="Again",
            lodged_by=officer,
            lodged_at=timezone.now(),
            due_on=appeal.due_on,
        )


def test_each_missing_detail_gets_its_own_message(officer: User, warning: Decision) -> None:
    with pytest.raises(ValidationError) as refused:
        lodge(warning, officer, received_on=None, how_received="pigeon", grounds="  ")
    assert refused.value.message_dict == {
        "received_on": ["Enter the date the appeal was received."],
        "how_received": ["Select how the appeal was received."],
        "grounds": ["Enter the grounds of the appeal, in the customer's words if you can."],
    }


def test_an_appeal_cannot_be_received_in_the_future(officer: User, warning: Decision) -> None:
    with pytest.raises(ValidationError) as refused:
        lodge(warning, officer, received_on=timezone.localdate() + timedelta(days=1))
    assert "today or in the past" in refused.value.message_dict["received_on"][0]


def test_lodging_assigns_the_appeal_reviewer_and_tells_them(
    officer: User, appeal_reviewer: User, warning: Decision
) -> None:
    appeal = lodge(warning, officer)
    assert appeal.reviewer == appeal_reviewer
    assert appeal.assigned_by is None and appeal.assigned_at is not None
    assert Notification.objects.filter(
        recipient=appeal_reviewer, kind=Notification.Kind.APPEAL_ASSIGNED
    ).exists()
    event = AuditEvent.objects.get(kind=Event.APPEAL_REVIEWER_ASSIGNED)
    assert event.detail["automatic"] is True and event.detail["reviewer"] == appeal_reviewer.pk


def test_automatic_assignment_skips_a_reviewer_who_approved_the_decision(
    world: World,
    officer: User,
    appeal_reviewer: User,
    head_of_service: User,
    needs_checked: NeedsCheck,
) -> None:
    rules = DecisionSettings.current()
    rules.approver_roles = ["appeal_reviewer"]
    rules.save()
    proposed = propose_decision(
        case=world.north_case,
        response=Response.WARNING_FLAG,
        basis="Threatened a colleague on a home visit.",
        starts_on=timezone.localdate(),
        review_on=timezone.localdate() + timedelta(days=180),
        by=officer,
    )
    decision = approve_decision(decision=proposed, by=appeal_reviewer)
    appeal = lodge(decision, officer)
    assert appeal.reviewer == head_of_service


def test_nobody_is_assigned_when_everyone_to_ask_took_part_in_the_decision(
    world: World, head_of_service: User, appeal_reviewer: User, needs_checked: NeedsCheck
) -> None:
    rules = DecisionSettings.current()
    rules.approver_roles = ["appeal_reviewer"]
    rules.save()
    proposed = propose_decision(
        case=world.north_case,
        response=Response.WARNING_FLAG,
        basis="Threatened a colleague on a home visit.",
        starts_on=timezone.localdate(),
        review_on=timezone.localdate() + timedelta(days=180),
        by=head_of_service,
    )
    decision = approve_decision(decision=proposed, by=appeal_reviewer)
    appeal = lodge(decision, head_of_service)
    assert appeal.reviewer is None
    assert not Notification.objects.filter(kind=Notification.Kind.APPEAL_ASSIGNED).exists()
