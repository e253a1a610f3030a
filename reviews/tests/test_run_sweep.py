"""The daily sweep, on frozen dates: remind, escalate, and never send anything twice."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from access.models import Role, User
from audit.models import AuditEvent, Event
from cases.actions import assign_case
from conftest import World
from decisions.models import Decision
from flags.actions import lift_flag
from flags.models import WarningFlag
from letters.actions import record_customer_not_told
from notifications.models import Notification
from restrictions.models import ContactRestriction
from reviews.models import ReviewReminder
from reviews.sweep import run_sweep

pytestmark = pytest.mark.django_db

OnCommit = Callable[..., Any]


def notices(kind: str) -> list[tuple[str, str]]:
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", "url"))


def due(decision: Decision) -> Any:
    assert decision.review_on is not None
    return decision.review_on


def test_the_owning_officer_is_reminded_fourteen_days_before(flag: WarningFlag) -> None:
    run_sweep(today=due(flag.decision) - timedelta(days=15))
    assert notices(Notification.Kind.REVIEW_DUE) == []

    result = run_sweep(today=due(flag.decision) - timedelta(days=14))

    assert notices(Notification.Kind.REVIEW_DUE) == [
        ("officer", f"/decisions/{flag.decision.pk}/review/")
    ]
    assert result.reminders_sent == 1 and result.escalations_sent == 0
    reminder = ReviewReminder.objects.get()
    assert (reminder.kind, reminder.due_on) == (ReviewReminder.Kind.DUE_SOON, due(flag.decision))
    assert AuditEvent.objects.filter(kind=Event.REVIEW_REMINDER_SENT).count() == 1


def test_an_overdue_review_is_escalated_to_the_line_manager_and_head_of_service(
    flag: WarningFlag, officer: User, line_manager: User
) -> None:
    User.objects.filter(pk=officer.pk).update(line_manager=line_manager)

    result = run_sweep(today=due(flag.decision) + timedelta(days=1))

    told = {username for username, _ in notices(Notification.Kind.REVIEW_OVERDUE)}
    assert {"line_manager", "head_of_service"} <= told
    assert told <= {"line_manager", "head_of_service", "officer"}
    assert result.escalations_sent == len(told)
    assert AuditEvent.objects.filter(kind=Event.REVIEW_ESCALATED).count() == len(told)
    message = Notification.objects.filter(kind=Notification.Kind.REVIEW_OVERDUE).first()
    assert message is not None and message.message.startswith("Overdue:")


def test_every_active_head_of_service_hears_of_an_overdue_review(
    flag: WarningFlag, head_of_service: User
) -> None:
    second = User.objects.create_user(
        username="second_head", role=Role.HEAD_OF_SERVICE, email="h2@example.org"
    )
    User.objects.create_user(username="retired_head", role=Role.HEAD_OF_SERVICE, is_active=False)

    run_sweep(today=due(flag.decision) + timedelta(days=3))

    told = {username for username, _ in notices(Notification.Kind.REVIEW_OVERDUE)}
    assert {"head_of_service", second.username} <= told
    assert "retired_head" not in told


def test_running_the_sweep_twice_sends_nothing_twice(
    flag: WarningFlag,
    restriction: ContactRestriction,
    django_capture_on_commit_callbacks: OnCommit,
) -> None:
    overdue_day = due(flag.decision) + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        first = run_sweep(today=overdue_day)
    sent = (Notification.objects.count(), len(mail.outbox), ReviewReminder.objects.count())
    assert first.escalations_sent > 0 and len(mail.outbox) == first.escalations_sent

    with django_capture_on_commit_callbacks(execute=True):
        second = run_sweep(today=overdue_day)

    assert (Notification.objects.count(), len(mail.outbox), ReviewReminder.objects.count()) == sent
    assert second.escalations_sent == 0 and second.reminders_sent == 0
    assert second.already_sent == first.escalations_sent
    assert AuditEvent.objects.filter(kind=Event.SWEEP_RUN).count() == 2


def test_a_reminder_and_an_escalation_for_the_same_review_are_both_sent(
    flag: WarningFlag,
) -> None:
    run_sweep(today=due(flag.decision) - timedelta(days=10))
    run_sweep(today=due(flag.decision) - timedelta(days=9))
    run_sweep(today=due(flag.decision) + timedelta(days=1))

    assert len(notices(Notification.Kind.REVIEW_DUE)) == 1
    assert len(notices(Notification.Kind.REVIEW_OVERDUE)) >= 1


def test_a_lifted_flag_is_not_reminded(flag: WarningFlag, officer: User) -> None:
    lift_flag(flag=flag, reason="No incidents for five months; risk has passed.", by=officer)

    result = run_sweep(today=due(flag.decision) + timedelta(days=1))

    assert result.measures_due == 0
    assert not Notification.objects.filter(
        kind__in=[Notification.Kind.REVIEW_DUE, Notification.Kind.REVIEW_OVERDUE]
    ).exists()


def test_an_ended_measure_is_not_reminded(restriction: ContactRestriction, officer: User) -> None:
    from decisions.actions import end_decision

    end_decision(decision=restriction.decision, by=officer, reason="Customer moved away.")

    result = run_sweep(today=due(restriction.decision) - timedelta(days=1))

    assert result.measures_due == 0 and ReviewReminder.objects.count() == 0


def test_a_measure_on_an_unassigned_case_is_reminded_to_the_head_of_service(
    flag: WarningFlag, world: World
) -> None:
    type(world.north_case).objects.filter(pk=world.north_case.pk).update(assigned_officer=None)

    run_sweep(today=due(flag.decision) - timedelta(days=1))

    assert [u for u, _ in notices(Notification.Kind.REVIEW_DUE)] == ["head_of_service"]


def test_a_new_review_date_is_reminded_afresh(
    flag: WarningFlag, officer: User, other_officer: User, world: World
) -> None:
    run_sweep(today=due(flag.decision) - timedelta(days=1))
    Decision.objects.filter(pk=flag.decision.pk).update(
        review_on=due(flag.decision) + timedelta(days=90)
    )

    run_sweep(today=due(flag.decision) + timedelta(days=89))

    assert len(notices(Notification.Kind.REVIEW_DUE)) == 2


def test_a_decision_not_to_tell_the_customer_is_reminded_when_its_review_is_near(
    world: World, officer: User
) -> None:
    from decisions.actions import propose_decision

    decision = propose_decision(
        case=world.north_case,
        response="informal_conversation",
        basis="Spoke to him about shouting at the office.",
        by=officer,
    )
    review_on = timezone.localdate() + timedelta(days=60)
    record_customer_not_told(
        case=world.north_case,
        decision=decision,
        reason="Telling him would identify the colleague who reported it.",
        review_on=review_on,
        by=officer,
    )

    assert run_sweep(today=review_on - timedelta(days=15)).non_disclosures_due == 0
    result = run_sweep(today=review_on - timedelta(days=14))

    assert result.non_disclosures_due == 1
    notice = Notification.objects.get(kind=Notification.Kind.REVIEW_DUE)
    assert notice.recipient == officer
    assert "decision not to tell the customer" in notice.message
    assert notice.url == f"/decisions/{decision.pk}/review/"


def test_the_sweep_records_what_it_did(flag: WarningFlag) -> None:
    run_sweep(today=due(flag.decision) - timedelta(days=3))

    event = AuditEvent.objects.get(kind=Event.SWEEP_RUN)
    assert event.actor is None and event.actor_role == "system"
    assert event.detail["measures_due"] == 1
    assert event.detail["reminders_sent"] == 1
    assert event.detail["today"] == (due(flag.decision) - timedelta(days=3)).isoformat()


def test_a_reassigned_case_reminds_its_new_officer(
    flag: WarningFlag, world: World, head_of_service: User, officer: User
) -> None:
    colleague = User.objects.create_user(
        username="north_two", role=Role.CASE_OFFICER, team=officer.team, email="n2@example.org"
    )
    assign_case(case=world.north_case, officer=colleague, by=head_of_service)

    run_sweep(today=due(flag.decision) - timedelta(days=1))

    assert [u for u, _ in notices(Notification.Kind.REVIEW_DUE)] == ["north_two"]
