"""Drafting a letter: any part may wait, but a sanction's letter needs the decision behind it."""

import pytest
from django.core.exceptions import ValidationError

from access.models import User
from audit.models import AuditEvent, Event
from conftest import World
from decisions.models import Response
from letters.actions import draft_letter, update_draft
from letters.models import Letter, LetterKind
from letters.tests.conftest import make_decision

pytestmark = pytest.mark.django_db


def test_a_draft_may_be_incomplete_and_its_drafting_is_audited(world: World, officer: User) -> None:
    letter = draft_letter(
        case=world.north_case,
        kind=LetterKind.INFORMAL_WARNING,
        by=officer,
        behaviour_found="  Shouting  ",
    )
    assert letter.status == Letter.Status.DRAFT and letter.behaviour_found == "Shouting"
    event = AuditEvent.objects.get(kind=Event.LETTER_DRAFTED)
    assert event.object_id == str(letter.pk) and event.detail["kind"] == "informal_warning"


def test_a_restriction_notice_needs_the_restriction_decision(world: World, officer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        draft_letter(case=world.north_case, kind=LetterKind.RESTRICTION_NOTICE, by=officer)
    assert refused.value.message_dict["decision"] == [
        "Select the decision this contact restriction notice tells them about."
    ]
    warning = make_decision(
        case=world.north_case, response=Response.WARNING_LETTER, officer=officer
    )
    with pytest.raises(ValidationError) as refused:
        draft_letter(
            case=world.north_case, kind=LetterKind.RESTRICTION_NOTICE, decision=warning, by=officer
        )
    assert (
        "not one a contact restriction notice can tell the customer about"
        in (refused.value.message_dict["decision"][0])
    )
    assert not Letter.objects.exists()


def test_a_decision_on_another_case_is_refused(
    world: World, officer: User, other_officer: User
) -> None:
    south = make_decision(
        case=world.south_case, response=Response.WARNING_LETTER, officer=other_officer
    )
    with pytest.raises(ValidationError) as refused:
        draft_letter(
            case=world.north_case, kind=LetterKind.FORMAL_WARNING, decision=south, by=officer
        )
    assert refused.value.message_dict["decision"] == [
        f"{south.reference} is a decision on another case."
    ]


def test_a_letter_that_is_not_a_measure_keeps_no_duration_or_review_date(
    world: World, officer: User
) -> None:
    letter = draft_letter(
        case=world.north_case,
        kind=LetterKind.INFORMAL_WARNING,
        by=officer,
        measure_duration="Six months",
    )
    assert letter.measure_duration == "" and letter.review_on is None


def test_updating_a_draft_changes_only_what_was_given_and_is_audited(
    world: World, officer: User
) -> None:
    letter = draft_letter(
        case=world.north_case, kind=LetterKind.INFORMAL_WARNING, by=officer, behaviour_found="A"
    )
    update_draft(letter=letter, by=officer, consequences="We may restrict contact.")
    letter.refresh_from_db()
    assert (letter.behaviour_found, letter.consequences) == ("A", "We may restrict contact.")
    changed = AuditEvent.objects.filter(kind=Event.LETTER_DRAFTED).order_by("-id").first()
    assert changed is not None and changed.detail["changed"] == ["consequences"]


def test_an_appeal_outcome_can_be_drafted_for_an_overturned_decision(
    world: World, officer: User
) -> None:
    decision = make_decision(
        case=world.north_case, response=Response.WARNING_LETTER, officer=officer
    )
    decision.status = decision.Status.OVERTURNED
    decision.save(update_fields=["status"])
    letter = draft_letter(
        case=world.north_case, kind=LetterKind.APPEAL_OUTCOME, decision=decision, by=officer
    )
    assert letter.decision == decision
