from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from access.models import User
from appeals.actions import decide_appeal
from appeals.models import Appeal
from appeals.tests.helpers import lodge, snapshot
from audit.models import AuditEvent, Event
from conftest import World
from decisions.models import Decision, Response

pytestmark = pytest.mark.django_db


def test_only_the_assigned_reviewer_can_decide_and_nothing_is_written(
    officer: User, head_of_service: User, director: User, warning: Decision
) -> None:
    appeal = lodge(warning, officer)
    for someone in (head_of_service, director, officer):
        before = snapshot()
        with pytest.raises(ValidationError, match="Only the colleague assigned"):
            decide_appeal(
                appeal=appeal, outcome=Appeal.Outcome.OVERTURNED, reasons="No.", by=someone
            )
        assert snapshot() == before


def test_reasons_and_an_outcome_are_required(
    officer: User, appeal_reviewer: User, warning: Decision
) -> None:
    appeal = lodge(warning, officer)
    with pytest.raises(ValidationError) as refused:
        decide_appeal(appeal=appeal, outcome="", reasons=" ", by=appeal_reviewer)
    assert refused.value.message_dict == {
        "outcome": ["Select the outcome of the appeal."],
        "reasons": ["Give the reasons for the outcome of the appeal."],
    }


def test_upheld_leaves_the_decision_as_it_was(
    world: World, officer: User, appeal_reviewer: User, warning: Decision
) -> None:
    appeal = lodge(warning, officer)
    decided = decide_appeal(
        appeal=appeal,
        outcome=Appeal.Outcome.UPHELD,
        reasons="The recordings bear out the officer's account.",
        by=appeal_reviewer,
    )
    warning.refresh_from_db()
    assert warning.status == Decision.Status.IN_FORCE
    assert decided.outcome == Appeal.Outcome.UPHELD and decided.decided_at is not None
    assert decided.resulting_decision is None
    assert AuditEvent.objects.filter(kind=Event.APPEAL_DECIDED, actor=appeal_reviewer).exists()
    assert world.north_case.chronology.filter(summary__contains="upheld on appeal").exists()


def test_varied_makes_a_new_decision_and_keeps_the_old_one_as_varied(
    world: World, officer: User, appeal_reviewer: User, restriction: Decision
) -> None:
    appeal = lodge(restriction, officer)
    review_on = timezone.localdate() + timedelta(days=120)
    decided = decide_appeal(
        appeal=appeal,
        outcome=Appeal.Outcome.VARIED,
        reasons="The restriction stands, but three months is enough before it is reviewed.",
        by=appeal_reviewer,
        review_on=review_on,
    )
    restriction.refresh_from_db()
    varied = decided.resulting_decision
    assert varied is not None and varied.pk != restriction.pk
    assert restriction.status == Decision.Status.VARIED
    assert varied.status == Decision.Status.IN_FORCE
    assert varied.replaces == restriction
    assert varied.review_on == review_on
    assert varied.response == Response.CONTACT_RESTRICTION
    assert set(world.north_case.decisions.values_list("pk", flat=True)) >= {
        restriction.pk,
        varied.pk,
    }


def test_varied_with_nothing_changed_is_refused(
    officer: User, appeal_reviewer: User, warning: Decision
) -> None:
    appeal = lodge(warning, officer)
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        decide_appeal(
            appeal=appeal,
            outcome=Appeal.Outcome.VARIED,
            reasons="Varied.",
            by=appeal_reviewer,
            response=warning.response,
        )
    assert "Say how the decision is varied" in refused.value.message_dict["response"][0]
    assert snapshot() == before


def test_overturned_marks_the_decision_overturned(
    officer: User, appeal_reviewer: User, warning: Decision
) -> None:
    appeal = lodge(warning, officer)
    decided = decide_appeal(
        appeal=appeal,
        outcome=Appeal.Outcome.OVERTURNED,
        reasons="The calls were about an unresolved leak; the tone was not abusive.",
        by=appeal_reviewer,
    )
    warning.refresh_from_db()
    assert warning.status == Decision.Status.OVERTURNED
    assert decided.outcome == Appeal.Outcome.OVERTURNED


def test_a_decided_appeal_cannot_be_decided_again(
    officer: User, appeal_reviewer: User, warning: Decision
) -> None:
    appeal = lodge(warning, officer)
    decide_appeal(appeal=appeal, outcome="upheld", reasons="Stands.", by=appeal_reviewer)
    with pytest.raises(ValidationError, match="already been decided"):
        decide_appeal(appeal=appeal, outcome="overturned", reasons="Wait.", by=appeal_reviewer)


def test_after_the_outcome_a_new_appeal_can_be_lodged(
    officer: User, appeal_reviewer: User, warning: Decision
) -> None:
    appeal = lodge(warning, officer)
    decide_appeal(appeal=appeal, outcome="upheld", reasons="Stands.", by=appeal_reviewer)
    assert lodge(warning, officer).pk != appeal.pk


def test_the_outcome_letter_is_drafted_about_the_decision_now_in_force(
    officer: User, appeal_reviewer: User, restriction: Decision
) -> None:
    appeal = lodge(restriction, officer)
    decided = decide_appeal(
        appeal=appeal,
        outcome=Appeal.Outcome.VARIED,
        reasons="A warning letter is enough for now.",
        by=appeal_reviewer,
        response=Response.WARNING_LETTER,
    )
    letter = decided.outcome_letter
    assert letter is not None
    assert letter.kind == "appeal_outcome" and letter.status == "draft"
    assert letter.decision == decided.resulting_decision
    assert "A warning letter is enough for now." in letter.body
    assert letter.behaviour_found and letter.expected_behaviour and letter.consequences
    assert AuditEvent.objects.filter(kind=Event.LETTER_DRAFTED, actor=appeal_reviewer).exists()


def test_an_overturned_decision_gets_an_outcome_letter_about_the_appealed_decision(
    officer: User, appeal_reviewer: User, warning: Decision
) -> None:
    appeal = lodge(warning, officer)
    decided = decide_appeal(
        appeal=appeal,
        outcome=Appeal.Outcome.OVERTURNED,
        reasons="Not borne out.",
        by=appeal_reviewer,
    )
    assert decided.outcome_letter is not None
    assert decided.outcome_letter.decision == warning
    assert "no longer applies" in decided.outcome_letter.body
