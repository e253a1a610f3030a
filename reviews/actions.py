"""Record the review of a measure: continue it, vary it or lift it.

Policy: "Review any changes to the way we work with customers after an agreed period (of
between 3 and 12 months ...)". Each outcome goes through the decision, flag and restriction
actions, drafts the letter to the customer, and tells contractors working at the home.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from access.models import User
from audit.actions import record_event
from audit.models import Event
from cases.actions import add_chronology_entry
from cases.models import ChronologyEntry
from contractors.actions import tell_contractors_arrangement_changed
from decisions.actions import set_next_review, vary_decision
from decisions.models import Decision, RestrictionKind
from flags.actions import affected_home_ids, lift_flag
from flags.models import WarningFlag
from letters.actions import draft_letter
from letters.models import NonDisclosureDecision
from restrictions.actions import lift_restriction
from restrictions.models import ContactRestriction
from reviews.models import Review
from reviews.outcome_letters import letter_for
from reviews.selectors import Measure, is_reviewable, measure_of, non_disclosure_for

# The decision actions name these parts as they are stored; the review form names them for
# the review.
RENAMED = {"review_on": "next_review_on", "reason": "reasons"}


@dataclass(frozen=True)
class Variation:
    """What a review changes in a measure it varies; empty parts stay as they are."""

    basis: str = ""
    restriction_kind: str = ""
    starts_on: date | None = None

    def changes(self) -> dict[str, object]:
        given = {
            "basis": self.basis.strip(),
            "restriction_kind": self.restriction_kind,
            "starts_on": self.starts_on,
        }
        return {name: value for name, value in given.items() if value}


@contextmanager
def _as_review_fields() -> Iterator[None]:
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {RENAMED.get(name, name): errors for name, errors in error.error_dict.items()}
        ) from error


def _check(
    *,
    decision: Decision,
    measure: Measure,
    outcome: str,
    reasons: str,
    next_review_on: date | None,
    variation: Variation,
    not_told: NonDisclosureDecision | None,
    non_disclosure_considered: bool,
) -> None:
    errors: dict[str, str] = {}
    if outcome not in Review.Outcome.values:
        errors["outcome"] = "Select the outcome of the review: continue, vary or lift."
    if not reasons.strip():
        errors["reasons"] = "Give the reasons for the outcome of the review."
    if outcome in (Review.Outcome.CONTINUE, Review.Outcome.VARY) and next_review_on is None:
        errors["next_review_on"] = "Enter the date of the next review."
    if outcome == Review.Outcome.LIFT and next_review_on is not None:
        errors["next_review_on"] = (
            "A lifted measure has no next review: clear the date, or choose to continue or "
            "vary the measure."
        )
    if outcome != Review.Outcome.VARY and variation.changes():
        errors["outcome"] = (
            "You changed the measure but did not choose 'Vary it': choose it, or clear the changes."
        )
    if outcome == Review.Outcome.VARY:
        errors.update(_variation_problems(decision, measure, variation))
    if not_told is not None and not non_disclosure_considered:
        errors["non_disclosure_considered"] = (
            f"Confirm you have looked again at the decision not to tell the customer about "
            f"{not_told.decision.reference}: it comes up at this review."
        )
    if errors:
        raise ValidationError(errors)


def _variation_problems(
    decision: Decision, measure: Measure, variation: Variation
) -> dict[str, str]:
    kind = variation.restriction_kind
    if kind and not isinstance(measure, ContactRestriction):
        return {"restriction_kind": "Only a contact restriction has a kind to change."}
    if kind and kind not in RestrictionKind.values:
        return {"restriction_kind": "Select a kind of contact restriction from the list."}
    if not any(getattr(decision, name) != value for name, value in variation.changes().items()):
        return {
            "basis": "Say how the measure is varied: change its basis, the kind of restriction "
            "or its start date. To keep it as it is, choose 'Continue'."
        }
    return {}


def _reload(measure: Measure) -> Measure:
    if isinstance(measure, WarningFlag):
        return WarningFlag.objects.select_related(
            "decision", "person__household", "household", "home"
        ).get(pk=measure.pk)
    return ContactRestriction.objects.select_related("decision", "person__household").get(
        pk=measure.pk
    )


def _homes(measure: Measure) -> set[int]:
    if isinstance(measure, WarningFlag):
        return affected_home_ids(
            person=measure.person, household=measure.household, home=measure.home
        )
    return affected_home_ids(person=measure.person, household=None, home=None)


def _apply(
    *,
    decision: Decision,
    measure: Measure,
    outcome: str,
    reasons: str,
    next_review_on: date | None,
    variation: Variation,
    by: User,
) -> Decision | None:
    """Carry out the outcome; returns the varied decision for a variation."""
    with _as_review_fields():
        if outcome == Review.Outcome.CONTINUE:
            assert next_review_on is not None
            set_next_review(decision=decision, review_on=next_review_on, by=by, reason=reasons)
            return None
        if outcome == Review.Outcome.VARY:
            assert decision.starts_on is not None
            starts_on = variation.starts_on or max(decision.starts_on, timezone.localdate())
            return vary_decision(
                decision=decision,
                by=by,
                reason=reasons,
                basis=variation.basis.strip() or None,
                restriction_kind=variation.restriction_kind or None,
                starts_on=starts_on,
                review_on=next_review_on,
            )
        if isinstance(measure, WarningFlag):
            lift_flag(flag=measure, reason=reasons, by=by)
        else:
            lift_restriction(restriction=measure, reason=reasons, by=by)
        return None


@transaction.atomic
def record_review(
    *,
    decision: Decision,
    outcome: str,
    reasons: str,
    by: User,
    next_review_on: date | None = None,
    basis: str | None = None,
    restriction_kind: str | None = None,
    starts_on: date | None = None,
    non_disclosure_considered: bool = False,
) -> Review:
    """Record a review. Continue sets the next review date (within the configured bounds);
    vary replaces the decision with a varied one (both kept); lift lifts the flag or
    restriction. Each drafts the letter to the customer for the officer to check and issue."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not is_reviewable(decision):
        raise ValidationError(
            f"{decision.reference} is not a warning flag or contact restriction in force "
            f"({decision.get_status_display().lower()}), so there is nothing to review."
        )
    measure = measure_of(decision)
    assert measure is not None and decision.review_on is not None
    variation = Variation(
        basis=basis or "", restriction_kind=restriction_kind or "", starts_on=starts_on
    )
    not_told = non_disclosure_for(decision, NonDisclosureDecision.objects.all())
    _check(
        decision=decision,
        measure=measure,
        outcome=outcome,
        reasons=reasons,
        next_review_on=next_review_on,
        variation=variation,
        not_told=not_told,
        non_disclosure_considered=non_disclosure_considered,
    )
    due_on, was_in_force = decision.review_on, measure.is_active
    varied = _apply(
        decision=decision,
        measure=measure,
        outcome=outcome,
        reasons=reasons,
        next_review_on=next_review_on,
        variation=variation,
        by=by,
    )
    current = varied or Decision.objects.get(pk=decision.pk)
    measure = _reload(measure)
    kind, parts = letter_for(
        outcome=outcome,
        reviewed=decision,
        current=current,
        measure=measure,
        reasons=reasons,
        today=timezone.localdate(),
    )
    letter = draft_letter(case=decision.case, kind=kind, decision=current, by=by, **parts)
    if outcome != Review.Outcome.LIFT and (was_in_force or measure.is_active):
        # Lifting tells them itself; the reasons never go to contractors.
        tell_contractors_arrangement_changed(
            home_ids=_homes(measure), change="have been reviewed", by=by
        )
    review = Review.objects.create(
        decision=decision,
        due_on=due_on,
        outcome=outcome,
        reasons=reasons.strip(),
        next_review_on=next_review_on if outcome == Review.Outcome.CONTINUE else None,
        resulting_decision=varied,
        non_disclosure=not_told,
        reviewed_by=by,
        reviewed_at=timezone.now(),
        letter=letter,
    )
    _record(review=review, measure=measure, by=by)
    return review


def _record(*, review: Review, measure: Measure, by: User) -> None:
    decision = review.decision
    if review.next_review_on is not None:
        said = f"continues; next review by {review.next_review_on:%d %B %Y}"
    elif review.resulting_decision is not None:
        said = f"varied, now {review.resulting_decision.reference}"
    else:
        said = f"{measure.reference} lifted"
    add_chronology_entry(
        case=decision.case,
        kind=ChronologyEntry.Kind.DECISION,
        by=by,
        summary=f"{decision.reference} reviewed (due {review.due_on:%d %B %Y}): {said}",
        body=review.reasons,
    )
    record_event(
        subject=review,
        by=by,
        kind=Event.REVIEW_RECORDED,
        detail={
            "decision": decision.pk,
            "case": decision.case_id,
            "outcome": review.outcome,
            "due_on": review.due_on.isoformat(),
            "next_review_on": review.next_review_on.isoformat() if review.next_review_on else None,
            "resulting_decision": review.resulting_decision_id,
            "non_disclosure": review.non_disclosure_id,
            "letter": review.letter_id,
        },
    )
