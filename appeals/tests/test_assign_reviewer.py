import pytest
from django.core.exceptions import ValidationError

from access.models import User
from appeals.actions import assign_reviewer, decide_appeal, eligible_reviewers
from appeals.models import Appeal
from appeals.tests.helpers import lodge, snapshot
from audit.models import AuditEvent, Event
from conftest import World
from decisions.actions import propose_decision
from decisions.models import Decision, NeedsCheck, Response
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def refusal(appeal: Appeal, reviewer: User, by: User) -> str:
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        assign_reviewer(appeal=appeal, reviewer=reviewer, by=by)
    assert snapshot() == before
    return " ".join(refused.value.messages)


def test_the_officer_who_proposed_the_decision_is_refused_and_nothing_is_written(
    officer: User, head_of_service: User, restriction: Decision
) -> None:
    appeal = lodge(restriction, officer)
    message = refusal(appeal, officer, head_of_service)
    assert "proposed, approved or decided the decision" in message


def test_the_manager_who_approved_the_decision_is_refused_and_nothing_is_written(
    officer: User, head_of_service: User, restriction: Decision
) -> None:
    appeal = lodge(restriction, officer)
    message = refusal(appeal, head_of_service, head_of_service)
    assert "proposed, approved or decided the decision" in message


def test_someone_who_took_part_in_a_decision_this_one_replaced_is_refused(
    officer: User,
    head_of_service: User,
    director: User,
    other_officer: User,
    appeal_reviewer: User,
    restriction: Decision,
) -> None:
    first = lodge(restriction, officer)
    varied = decide_appeal(
        appeal=first,
        outcome=Appeal.Outcome.VARIED,
        reasons="A warning flag is enough; written contact only is too much for now.",
        by=appeal_reviewer,
        response=Response.WARNING_LETTER,
    ).resulting_decision
    assert varied is not None
    second = lodge(varied, officer)
    # The varied decision was decided by the reviewer, so the head of service is asked next,
    # but approved the decision it replaced.
    assert second.reviewer is None
    assert "proposed, approved or decided" in refusal(second, head_of_service, head_of_service)
    assert "proposed, approved or decided" in refusal(second, appeal_reviewer, head_of_service)
    assert eligible_reviewers(second) == [director, other_officer]


def test_contractors_and_system_administrators_are_refused(
    officer: User,
    head_of_service: User,
    contractor_a: User,
    admin: User,
    warning: Decision,
) -> None:
    appeal = lodge(warning, officer)
    assert refusal(appeal, contractor_a, head_of_service) == "A contractor cannot review an appeal."
    assert "system administrator cannot" in refusal(appeal, admin, head_of_service)


def test_a_colleague_whose_role_does_not_review_appeals_is_refused(
    officer: User, head_of_service: User, frontline: User, warning: Decision
) -> None:
    appeal = lodge(warning, officer)
    assert "choose an appeal reviewer" in refusal(appeal, frontline, head_of_service)


def test_a_case_officer_in_the_case_team_is_refused_but_one_from_another_team_may_review(
    world: World,
    officer: User,
    other_officer: User,
    head_of_service: User,
    needs_checked: NeedsCheck,
) -> None:
    # The Head of Service decided, so the team's officer took no part, but works the case.
    decision = propose_decision(
        case=world.north_case,
        response=Response.WARNING_LETTER,
        basis="Abusive voicemails left for the repairs team.",
        by=head_of_service,
    )
    appeal = lodge(decision, officer)
    assert "works cases in this case's team" in refusal(appeal, officer, head_of_service)
    assign_reviewer(appeal=appeal, reviewer=other_officer, by=head_of_service)
    appeal.refresh_from_db()
    assert appeal.reviewer == other_officer


def test_the_head_of_service_chooses_a_reviewer_who_is_told(
    officer: User, head_of_service: User, director: User, warning: Decision
) -> None:
    appeal = lodge(warning, officer)
    assign_reviewer(appeal=appeal, reviewer=director, by=head_of_service)
    appeal.refresh_from_db()
    assert (appeal.reviewer, appeal.assigned_by) == (director, head_of_service)
    assert Notification.objects.filter(
        recipient=director, kind=Notification.Kind.APPEAL_ASSIGNED
    ).exists()
    event = AuditEvent.objects.filter(kind=Event.APPEAL_REVIEWER_ASSIGNED).first()
    assert event is not None and event.detail["reviewer"] == director.pk
    assert event.actor == head_of_service


def test_a_case_officer_cannot_choose_the_reviewer(
    officer: User, director: User, warning: Decision
) -> None:
    appeal = lodge(warning, officer)
    assert "Only the Head of Service" in refusal(appeal, director, officer)


def test_the_picker_offers_only_colleagues_free_of_conflict(
    officer: User,
    other_officer: User,
    head_of_service: User,
    director: User,
    appeal_reviewer: User,
    restriction: Decision,
) -> None:
    appeal = lodge(restriction, officer)
    assert eligible_reviewers(appeal) == [appeal_reviewer, director, other_officer]
