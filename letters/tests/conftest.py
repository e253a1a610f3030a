"""Decisions and letters for the letters tests, made through the real actions."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from access.models import User
from cases.models import Case
from conftest import World
from decisions.actions import approve_decision, propose_decision, record_needs_check
from decisions.models import Decision, Response
from letters.actions import draft_letter
from letters.models import MEASURE_KINDS, Letter, LetterKind

BEHAVIOUR = "On 3 March you shouted and swore at our neighbourhood officer on the phone."
EXPECTED = "Speak to our colleagues calmly and without swearing whenever you contact us."
CONSEQUENCES = "If it happens again we may limit how you can contact us."
DURATION = "Six months from the date of this letter"
EXTRA = "We would be glad to meet you with a support worker."

# The decision each kind of letter is about (None: the letter needs none).
KIND_DECISIONS: dict[str, str | None] = {
    LetterKind.INFORMAL_WARNING: None,
    LetterKind.FORMAL_WARNING: Response.WARNING_LETTER,
    LetterKind.ACCEPTABLE_BEHAVIOUR_AGREEMENT: Response.ACCEPTABLE_BEHAVIOUR_AGREEMENT,
    LetterKind.RESTRICTION_NOTICE: Response.CONTACT_RESTRICTION,
    LetterKind.FLAG_NOTICE: Response.WARNING_FLAG,
    LetterKind.DECISION_AFTER_INVESTIGATION: Response.NO_FURTHER_ACTION,
    LetterKind.APPEAL_OUTCOME: Response.WARNING_LETTER,
    LetterKind.REVIEW_OUTCOME: None,
    LetterKind.LIFTING_NOTICE: None,
    LetterKind.LEGAL_ACTION_NOTICE: Response.LEGAL_ACTION,
}


def make_decision(
    *, case: Case, response: str, officer: User, approver: User | None = None
) -> Decision:
    """A decision on the case, approved by `approver` when it needs approval."""
    if not case.needs_checks.exists():
        record_needs_check(
            case=case,
            by=officer,
            referral_offered=False,
            consent="not_offered",
            expectation_explained=True,
            no_needs_found=True,
        )
    today = timezone.localdate()
    measure: dict[str, Any] = {}
    if response in (Response.CONTACT_RESTRICTION, Response.WARNING_FLAG):
        measure = {"starts_on": today, "review_on": today + timedelta(days=180)}
    if response == Response.CONTACT_RESTRICTION:
        measure["restriction_kind"] = "written_only"
    decision = propose_decision(
        case=case, response=response, basis="Repeated abuse on the phone.", by=officer, **measure
    )
    if decision.status == Decision.Status.AWAITING_APPROVAL and approver is not None:
        decision = approve_decision(decision=decision, by=approver)
    return decision


def complete_parts(kind: str, decision: Decision | None = None) -> dict[str, Any]:
    parts: dict[str, Any] = {
        "behaviour_found": BEHAVIOUR,
        "expected_behaviour": EXPECTED,
        "consequences": CONSEQUENCES,
        "body": EXTRA,
    }
    if kind in MEASURE_KINDS:
        review_on = decision.review_on if decision and decision.review_on else None
        parts["measure_duration"] = DURATION
        parts["review_on"] = review_on or timezone.localdate() + timedelta(days=180)
    return parts


@pytest.fixture
def complete_letter(world: World, officer: User, head_of_service: User) -> Callable[..., Letter]:
    """A draft letter of the given kind with every part written, on the North case."""

    def make(kind: str = LetterKind.FORMAL_WARNING, **changes: Any) -> Letter:
        response = KIND_DECISIONS[kind]
        decision = (
            make_decision(
                case=world.north_case, response=response, officer=officer, approver=head_of_service
            )
            if response
            else None
        )
        parts = {**complete_parts(kind, decision), **changes}
        return draft_letter(
            case=world.north_case, kind=kind, decision=decision, by=officer, **parts
        )

    return make
