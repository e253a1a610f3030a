"""The draft letter telling the customer what a review decided.

The officer checks and corrects the draft before it is issued (letters app). A lifting
notice does not repeat the behaviour behind the measure: the measure has ended and the letter
says so, without raising old concerns again.
"""

from datetime import date

from decisions.models import Decision, RestrictionKind
from incidents.models import Behaviour
from letters.models import LetterKind
from restrictions.models import ContactRestriction
from reviews.models import Review
from reviews.selectors import Measure

COURTESY = (
    "We expect you to treat our colleagues with courtesy and respect whenever you contact "
    "us, in person, by phone, in writing or online."
)


def measure_in_words(measure: Measure, decision: Decision) -> str:
    """The measure as the customer knows it."""
    if isinstance(measure, ContactRestriction):
        kind = RestrictionKind(decision.restriction_kind or measure.kind).label
        return f"the arrangement for how you contact us ({kind[0].lower()}{kind[1:]})"
    return "the warning on our records about visits and contact with you"


def _behaviour_found(decision: Decision) -> str:
    behaviours = decision.assessment.behaviours if decision.assessment else []
    labels = [Behaviour(value).label for value in behaviours if value in Behaviour.values]
    return "\n".join(labels) or decision.basis


def letter_for(
    *,
    outcome: str,
    reviewed: Decision,
    current: Decision,
    measure: Measure,
    reasons: str,
    today: date,
) -> tuple[str, dict[str, str]]:
    """The kind of letter and its parts. `current` is the decision after the review (the
    varied version for a variation, otherwise the one reviewed)."""
    words = measure_in_words(measure, reviewed)
    reasons = reasons.strip()
    if outcome == Review.Outcome.LIFT:
        return LetterKind.LIFTING_NOTICE, {
            "behaviour_found": f"We have reviewed {words} and found that it is no longer "
            "needed. This letter does not raise any new concern about your behaviour.",
            "expected_behaviour": "Please keep treating our colleagues with courtesy and "
            "respect whenever you contact us, as you have been.",
            "consequences": "If unacceptable behaviour happened again, we would look at it "
            "afresh under our unacceptable customer behaviour policy, as we would for any "
            "customer.",
            "body": f"{words[0].upper()}{words[1:]} ended on {today:%d %B %Y}. "
            "From now on you can contact us in all the usual ways."
            f"\n\nWhy we decided this:\n{reasons}",
        }
    assert current.review_on is not None
    next_review = f"We will review it again by {current.review_on:%d %B %Y}."
    if outcome == Review.Outcome.VARY:
        started = f" from {current.starts_on:%d %B %Y}" if current.starts_on else ""
        said = (
            f"We have reviewed {words} and changed it. It is now "
            f"{measure_in_words(measure, current)}, and applies{started}. {next_review}"
        )
    else:
        said = f"We have reviewed {words}. It will continue as it is. {next_review}"
    return LetterKind.REVIEW_OUTCOME, {
        "behaviour_found": _behaviour_found(reviewed),
        "expected_behaviour": COURTESY,
        "consequences": "If the behaviour happens again while this is in place, we may extend "
        "it or take further action under our unacceptable customer behaviour policy.",
        "body": f"{said}\n\nWhy we decided this:\n{reasons}",
    }
