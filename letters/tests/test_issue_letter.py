"""Issuing a letter: every required part first, then rendered once and kept as sent."""

import hashlib
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from access.models import User
from audit.models import AuditEvent, Event
from cases.models import ChronologyEntry
from conftest import World
from decisions.actions import approve_decision
from decisions.models import Decision, Response
from letters.actions import draft_letter, issue_letter, update_draft
from letters.models import Letter, LetterKind
from letters.tests.conftest import complete_parts, make_decision

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int]:
    return ChronologyEntry.objects.count(), AuditEvent.objects.count()


def test_issuing_keeps_both_pdfs_their_fingerprint_and_the_recipient_as_they_were(
    complete_letter: Callable[..., Letter], officer: User, world: World
) -> None:
    letter = issue_letter(letter=complete_letter(), channel="post", by=officer)
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.is_issued and letter.issued_by == officer and letter.issued_at is not None
    assert letter.channel == Letter.Channel.POST
    assert letter.stored_pdf().startswith(b"%PDF")
    assert letter.stored_pdf(large_print=True).startswith(b"%PDF")
    assert letter.pdf_sha256 == hashlib.sha256(letter.stored_pdf()).hexdigest()
    assert letter.recipient_name == "Dennis Archer"
    assert letter.recipient_address.splitlines() == ["2 Mill Lane", "Bristol", "BS2 9TG"]


def test_issuing_adds_a_chronology_line_with_the_date_and_channel_and_an_audit_row(
    complete_letter: Callable[..., Letter], officer: User, world: World
) -> None:
    letter = issue_letter(letter=complete_letter(), channel="hand_delivered", by=officer)
    entry = world.north_case.chronology.get(kind=ChronologyEntry.Kind.LETTER)
    today = timezone.localdate()
    assert entry.summary == (
        f"{letter.reference}: Formal warning delivered by hand on {today:%d %B %Y}"
    )
    audit = AuditEvent.objects.get(kind=Event.LETTER_ISSUED)
    assert audit.object_id == str(letter.pk) and audit.actor == officer
    assert (
        audit.detail["sha256"] == letter.pdf_sha256 and audit.detail["channel"] == "hand_delivered"
    )


@pytest.mark.parametrize(
    ("part", "message"),
    [
        ("behaviour_found", "Say what behaviour we found unacceptable."),
        ("expected_behaviour", "Say how we expect the customer to behave in future."),
        ("consequences", "Say what will happen if the behaviour continues."),
        ("measure_duration", "Say how long the measure will last."),
        ("review_on", "Enter the date the measure will be reviewed."),
    ],
)
def test_a_letter_missing_a_required_part_is_refused_and_nothing_changes(
    part: str, message: str, complete_letter: Callable[..., Letter], officer: User
) -> None:
    letter = complete_letter(
        LetterKind.RESTRICTION_NOTICE, **{part: None if part == "review_on" else ""}
    )
    before = counts()
    with pytest.raises(ValidationError) as refused:
        issue_letter(letter=letter, channel="post", by=officer)
    assert refused.value.message_dict[part] == [message]
    letter.refresh_from_db()
    assert letter.status == Letter.Status.DRAFT and letter.issued_at is None
    assert letter.pdf is None and letter.pdf_sha256 == ""
    assert counts() == before


def test_an_issued_letter_cannot_be_issued_again_or_changed(
    complete_letter: Callable[..., Letter], officer: User
) -> None:
    letter = issue_letter(letter=complete_letter(), channel="email", by=officer)
    stored = Letter.objects.get(pk=letter.pk).stored_pdf()
    before = counts()
    with pytest.raises(ValidationError, match="cannot be issued again"):
        issue_letter(letter=letter, channel="post", by=officer)
    with pytest.raises(ValidationError, match="cannot be changed"):
        update_draft(letter=letter, by=officer, behaviour_found="Something else")
    assert counts() == before
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.stored_pdf() == stored and letter.channel == "email"


def test_the_model_refuses_to_save_or_delete_an_issued_letter_whoever_asks(
    complete_letter: Callable[..., Letter], officer: User
) -> None:
    letter = issue_letter(letter=complete_letter(), channel="post", by=officer)
    letter = Letter.objects.get(pk=letter.pk)
    letter.behaviour_found = "Rewritten after the event"
    with pytest.raises(RuntimeError, match="has been issued"):
        letter.save()
    with pytest.raises(RuntimeError, match="has been issued"):
        letter.delete()
    assert Letter.objects.get(pk=letter.pk).behaviour_found != "Rewritten after the event"


def test_a_letter_about_a_decision_awaiting_approval_waits_until_it_is_approved(
    world: World, officer: User, head_of_service: User
) -> None:
    decision = make_decision(case=world.north_case, response=Response.WARNING_FLAG, officer=officer)
    assert decision.status == Decision.Status.AWAITING_APPROVAL
    letter = draft_letter(
        case=world.north_case,
        kind=LetterKind.FLAG_NOTICE,
        decision=decision,
        by=officer,
        **complete_parts(LetterKind.FLAG_NOTICE, decision),
    )
    with pytest.raises(ValidationError) as refused:
        issue_letter(letter=letter, channel="post", by=officer)
    assert "not in force" in refused.value.message_dict["decision"][0]
    approve_decision(decision=decision, by=head_of_service)
    assert issue_letter(letter=letter, channel="post", by=officer).is_issued


def test_a_decision_after_investigation_can_be_issued_whatever_became_of_the_decision(
    world: World, officer: User
) -> None:
    decision = make_decision(
        case=world.north_case, response=Response.CONTACT_RESTRICTION, officer=officer
    )
    letter = draft_letter(
        case=world.north_case,
        kind=LetterKind.DECISION_AFTER_INVESTIGATION,
        decision=decision,
        by=officer,
        **complete_parts(LetterKind.DECISION_AFTER_INVESTIGATION),
    )
    assert issue_letter(letter=letter, channel="post", by=officer).is_issued


def test_a_measure_letter_keeps_to_the_review_date_that_was_decided(
    complete_letter: Callable[..., Letter], officer: User
) -> None:
    letter = complete_letter(LetterKind.RESTRICTION_NOTICE)
    assert letter.decision is not None and letter.decision.review_on is not None
    update_draft(letter=letter, by=officer, review_on=letter.decision.review_on + timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        issue_letter(letter=letter, channel="post", by=officer)
    assert refused.value.message_dict["review_on"] == [
        f"The review date must be the one decided in {letter.decision.reference}: "
        f"{letter.decision.review_on:%d %B %Y}."
    ]


def test_an_agreement_must_be_reviewed_within_12_months(
    complete_letter: Callable[..., Letter], officer: User
) -> None:
    letter = complete_letter(
        LetterKind.ACCEPTABLE_BEHAVIOUR_AGREEMENT,
        review_on=timezone.localdate() + timedelta(days=400),
    )
    with pytest.raises(ValidationError) as refused:
        issue_letter(letter=letter, channel="post", by=officer)
    assert refused.value.message_dict["review_on"] == [
        "The review date must be in the next 12 months (policy)."
    ]


def test_a_letter_cannot_go_by_post_to_a_customer_with_no_address(
    complete_letter: Callable[..., Letter], officer: User, world: World
) -> None:
    letter = complete_letter(LetterKind.INFORMAL_WARNING)
    household = world.north_person.household
    assert household is not None
    household.property = None
    household.save(update_fields=["property"])
    with pytest.raises(ValidationError) as refused:
        issue_letter(letter=letter, channel="post", by=officer)
    assert "no address on record for Dennis Archer" in refused.value.message_dict["channel"][0]
    assert issue_letter(letter=letter, channel="email", by=officer).recipient_address == ""


def test_a_channel_must_be_chosen(complete_letter: Callable[..., Letter], officer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        issue_letter(letter=complete_letter(), channel="pigeon", by=officer)
    assert refused.value.message_dict["channel"] == ["Select how the letter was sent."]
