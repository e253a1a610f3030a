"""Recording a review: continue, vary or lift, with the letter and the contractors told."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from access.models import User
from audit.models import AuditEvent, Event
from cases.models import ChronologyEntry
from conftest import World
from contractors.models import Job
from decisions.actions import propose_decision
from decisions.models import Decision
from flags.models import WarningFlag
from letters.actions import record_customer_not_told
from letters.models import LetterKind
from notifications.models import Notification
from restrictions.models import ContactRestriction
from reviews.actions import record_review
from reviews.models import Review

pytestmark = pytest.mark.django_db

REASONS = "No incidents since the flag was raised; the officer still visits in pairs."


def contractor_notices(user: User) -> list[str]:
    return list(
        Notification.objects.filter(
            recipient=user, kind=Notification.Kind.ARRANGEMENT_CHANGED
        ).values_list("message", flat=True)
    )


def test_continuing_sets_the_next_review_date_and_drafts_the_outcome_letter(
    flag: WarningFlag, officer: User
) -> None:
    due_on = flag.decision.review_on
    next_review = timezone.localdate() + timedelta(days=180)

    review = record_review(
        decision=flag.decision,
        outcome=Review.Outcome.CONTINUE,
        reasons=REASONS,
        next_review_on=next_review,
        by=officer,
    )

    flag.decision.refresh_from_db()
    assert flag.decision.review_on == next_review
    assert flag.decision.status == Decision.Status.IN_FORCE
    assert (review.due_on, review.next_review_on) == (due_on, next_review)
    assert review.letter is not None and review.letter.kind == LetterKind.REVIEW_OUTCOME
    assert review.letter.decision == flag.decision
    assert REASONS in review.letter.body
    assert f"{next_review:%d %B %Y}" in review.letter.body
    assert AuditEvent.objects.filter(kind=Event.REVIEW_RECORDED, object_id=str(review.pk)).exists()
    line = ChronologyEntry.objects.filter(kind=ChronologyEntry.Kind.DECISION).first()
    assert line is not None and "reviewed" in line.summary and "continues" in line.summary


@pytest.mark.parametrize("days", [30, 400])
def test_continuing_refuses_a_next_review_outside_the_bounds(
    flag: WarningFlag, officer: User, days: int
) -> None:
    before = (Review.objects.count(), flag.decision.review_on)

    with pytest.raises(ValidationError) as refused:
        record_review(
            decision=flag.decision,
            outcome=Review.Outcome.CONTINUE,
            reasons=REASONS,
            next_review_on=timezone.localdate() + timedelta(days=days),
            by=officer,
        )

    assert refused.value.message_dict["next_review_on"] == [
        "The next review must be between 90 and 366 days from today (policy: 3 to 12 months)."
    ]
    flag.decision.refresh_from_db()
    assert (Review.objects.count(), flag.decision.review_on) == before


def test_continuing_needs_a_next_review_date_and_reasons(flag: WarningFlag, officer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        record_review(decision=flag.decision, outcome="continue", reasons=" ", by=officer)

    assert refused.value.message_dict == {
        "reasons": ["Give the reasons for the outcome of the review."],
        "next_review_on": ["Enter the date of the next review."],
    }


def test_continuing_tells_contractors_with_a_job_at_the_home_but_not_why(
    flag: WarningFlag, officer: User, contractor_a: User, contractor_b: User, job_at_north_home: Job
) -> None:
    record_review(
        decision=flag.decision,
        outcome=Review.Outcome.CONTINUE,
        reasons=REASONS,
        next_review_on=timezone.localdate() + timedelta(days=120),
        by=officer,
    )

    told = contractor_notices(contractor_a)
    assert len(told) == 1 and "have been reviewed" in told[0]
    assert REASONS not in told[0]
    assert contractor_notices(contractor_b) == []


def test_varying_keeps_both_versions_and_moves_the_restriction_along(
    restriction: ContactRestriction, officer: User, job_at_north_home: Job, contractor_a: User
) -> None:
    original = restriction.decision
    next_review = timezone.localdate() + timedelta(days=150)

    review = record_review(
        decision=original,
        outcome=Review.Outcome.VARY,
        reasons="Calls are down to two a week: written contact is enough now.",
        restriction_kind="written_only",
        next_review_on=next_review,
        by=officer,
    )

    original.refresh_from_db()
    varied = review.resulting_decision
    assert varied is not None
    assert original.status == Decision.Status.VARIED
    assert varied.status == Decision.Status.IN_FORCE and varied.replaces == original
    assert (varied.restriction_kind, varied.review_on) == ("written_only", next_review)
    assert varied.starts_on == timezone.localdate()
    restriction.refresh_from_db()
    assert restriction.decision == varied and restriction.kind == "written_only"
    assert review.letter is not None and review.letter.kind == LetterKind.REVIEW_OUTCOME
    assert review.letter.decision == varied
    assert "written contact only" in review.letter.body
    assert len(contractor_notices(contractor_a)) == 1


def test_varying_must_change_something(flag: WarningFlag, officer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        record_review(
            decision=flag.decision,
            outcome=Review.Outcome.VARY,
            reasons=REASONS,
            next_review_on=timezone.localdate() + timedelta(days=150),
            by=officer,
        )

    assert "To keep it as it is, choose 'Continue'" in refused.value.message_dict["basis"][0]
    assert Decision.objects.filter(status=Decision.Status.VARIED).count() == 0


def test_a_flag_has_no_restriction_kind_to_vary(flag: WarningFlag, officer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        record_review(
            decision=flag.decision,
            outcome=Review.Outcome.VARY,
            reasons=REASONS,
            restriction_kind="written_only",
            next_review_on=timezone.localdate() + timedelta(days=150),
            by=officer,
        )

    assert refused.value.message_dict["restriction_kind"] == [
        "Only a contact restriction has a kind to change."
    ]


def test_lifting_lifts_the_flag_drafts_the_lifting_notice_and_tells_the_contractor(
    flag: WarningFlag,
    officer: User,
    contractor_a: User,
    contractor_b: User,
    job_at_north_home: Job,
) -> None:
    review = record_review(
        decision=flag.decision, outcome=Review.Outcome.LIFT, reasons=REASONS, by=officer
    )

    flag.refresh_from_db()
    flag.decision.refresh_from_db()
    assert flag.lifted_at is not None and flag.lift_reason == REASONS
    assert flag.decision.status == Decision.Status.ENDED
    letter = review.letter
    assert letter is not None and letter.kind == LetterKind.LIFTING_NOTICE
    # The notice says the measure ended; it does not repeat the behaviour behind it.
    assert flag.decision.basis not in letter.behaviour_found
    assert "no longer needed" in letter.behaviour_found
    assert letter.expected_behaviour and letter.consequences
    told = contractor_notices(contractor_a)
    assert len(told) == 1 and "lifted" in told[0]
    assert contractor_notices(contractor_b) == []


def test_lifting_a_restriction_ends_it(restriction: ContactRestriction, officer: User) -> None:
    review = record_review(
        decision=restriction.decision,
        outcome=Review.Outcome.LIFT,
        reasons="Contact has been reasonable for six months.",
        by=officer,
    )

    restriction.refresh_from_db()
    assert restriction.lifted_at is not None
    assert review.letter is not None and review.letter.kind == LetterKind.LIFTING_NOTICE
    assert "arrangement for how you contact us" in review.letter.behaviour_found


def test_lifting_refuses_a_next_review_date(flag: WarningFlag, officer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        record_review(
            decision=flag.decision,
            outcome=Review.Outcome.LIFT,
            reasons=REASONS,
            next_review_on=timezone.localdate() + timedelta(days=100),
            by=officer,
        )

    assert "A lifted measure has no next review" in refused.value.message_dict["next_review_on"][0]
    flag.refresh_from_db()
    assert flag.lifted_at is None


def test_a_measure_no_longer_in_force_cannot_be_reviewed(flag: WarningFlag, officer: User) -> None:
    record_review(decision=flag.decision, outcome="lift", reasons=REASONS, by=officer)

    with pytest.raises(ValidationError) as refused:
        record_review(decision=flag.decision, outcome="lift", reasons=REASONS, by=officer)

    assert "nothing to review" in refused.value.messages[0]
    assert Review.objects.count() == 1


def test_a_decision_that_is_not_a_measure_cannot_be_reviewed(world: World, officer: User) -> None:
    decision = propose_decision(
        case=world.north_case,
        response="informal_conversation",
        basis="Spoke to him about shouting.",
        by=officer,
    )

    with pytest.raises(ValidationError):
        record_review(decision=decision, outcome="lift", reasons=REASONS, by=officer)


def test_a_decision_not_to_tell_the_customer_must_be_looked_at_again(
    flag: WarningFlag, officer: User, world: World
) -> None:
    not_told = record_customer_not_told(
        case=world.north_case,
        decision=flag.decision,
        reason="Telling him would identify the colleague who reported the threat.",
        review_on=timezone.localdate() + timedelta(days=60),
        by=officer,
    )

    def review(considered: bool) -> Review:
        return record_review(
            decision=flag.decision,
            outcome=Review.Outcome.CONTINUE,
            reasons=REASONS,
            next_review_on=timezone.localdate() + timedelta(days=120),
            non_disclosure_considered=considered,
            by=officer,
        )

    with pytest.raises(ValidationError) as refused:
        review(False)
    assert flag.decision.reference in refused.value.message_dict["non_disclosure_considered"][0]

    recorded = review(True)
    assert recorded.non_disclosure == not_told
