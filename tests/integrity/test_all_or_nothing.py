"""A multi-step write either happens in full or not at all. Each test makes one step of an
action fail (the next function it calls raises) and shows nothing was left behind: no rows,
no changed statuses, no files, and no email (emails go only once the change commits).

The tests commit for real (transactional), so an email that escaped a rolled-back change
would be in mail.outbox."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from access.models import User
from appeals.actions import decide_appeal, lodge_appeal
from appeals.models import Appeal
from cases.models import Case
from conftest import World
from decisions.actions import approve_decision, propose_decision, record_needs_check
from decisions.models import Decision, NeedsCheck, Response, RestrictionKind
from letters.actions import draft_letter, issue_letter
from letters.models import Letter, LetterKind

pytestmark = pytest.mark.django_db(transaction=True)


class InjectedFailure(Exception):
    """The fault put in by the test: a crash, a full disk, a lost connection."""


@contextmanager
def failing(target: str, *, on_call: int = 1) -> Iterator[None]:
    """Make `target` raise on its `on_call`-th call; earlier calls do the real thing."""
    real = mock.patch(target).get_original()[0]
    calls = 0

    def fail_or_pass(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == on_call:
            raise InjectedFailure(target)
        return real(*args, **kwargs)

    with mock.patch(target, side_effect=fail_or_pass):
        yield
    assert calls >= on_call, f"{target} was never reached: the step list is out of date"


def stored_files() -> set[Path]:
    roots = [Path(settings.MEDIA_ROOT), Path(storages["evidence"].location)]  # type: ignore[attr-defined]
    return {path for root in roots if root.exists() for path in root.rglob("*") if path.is_file()}


def snapshot() -> dict[str, Any]:
    """The count of every table, the states the actions change, and the files on disk."""
    return {
        "rows": {model._meta.label: model._default_manager.count() for model in apps.get_models()},
        "decisions": list(Decision.objects.values_list("pk", "status").order_by("pk")),
        "letters": list(Letter.objects.values_list("pk", "status", "version").order_by("pk")),
        "appeals": list(Appeal.objects.values_list("pk", "outcome").order_by("pk")),
        "cases": list(Case.objects.values_list("pk", "version").order_by("pk")),
        "files": stored_files(),
    }


def assert_nothing_happened(action: Callable[[], Any], before: dict[str, Any]) -> None:
    mail.outbox.clear()
    with pytest.raises(InjectedFailure):
        action()
    assert snapshot() == before
    assert mail.outbox == []


def after_the_action(action: Callable[[], Any]) -> Callable[[], Any]:
    """The action finishes, then the request it was part of fails before committing."""

    def run() -> None:
        with transaction.atomic():
            action()
            raise InjectedFailure("after the action returned")

    return run


def needs_checked(case: Case, officer: User) -> None:
    record_needs_check(
        case=case,
        by=officer,
        referral_offered=False,
        consent=NeedsCheck.Consent.NOT_OFFERED,
        expectation_explained=True,
        no_needs_found=True,
    )


def proposed_restriction(case: Case, officer: User) -> Decision:
    needs_checked(case, officer)
    today = timezone.localdate()
    return propose_decision(
        case=case,
        response=Response.CONTACT_RESTRICTION,
        restriction_kind=RestrictionKind.WRITTEN_ONLY,
        starts_on=today,
        review_on=today + timedelta(days=180),
        basis="Forty calls a week to the contact centre, abusive on most.",
        by=officer,
    )


# --- issue_letter: render, render large print, store, chronology, audit ---

ISSUE_STEPS = {
    "rendering the letter": ("letters.actions.render_letter_pdf", 1),
    "after rendering the standard print": ("letters.actions.render_letter_pdf", 2),
    "after rendering the large print": ("letters.actions.save_if_version", 1),
    "after storing the letter and its PDFs": ("letters.actions.add_chronology_entry", 1),
    "after the chronology line": ("letters.actions.record_event", 1),
}


@pytest.fixture
def complete_draft(world: World, officer: User) -> Letter:
    return draft_letter(
        case=world.north_case,
        kind=LetterKind.INFORMAL_WARNING,
        by=officer,
        behaviour_found="On 3 March you shouted and swore at our officer on the phone.",
        expected_behaviour="Speak to our colleagues calmly whenever you contact us.",
        consequences="If it happens again we may limit how you can contact us.",
    )


@pytest.mark.parametrize("step", ISSUE_STEPS)
def test_a_letter_that_fails_part_way_through_issuing_stays_an_unchanged_draft(
    step: str, complete_draft: Letter, officer: User
) -> None:
    target, on_call = ISSUE_STEPS[step]
    before = snapshot()
    with failing(target, on_call=on_call):
        assert_nothing_happened(
            lambda: issue_letter(letter=complete_draft, channel="post", by=officer), before
        )


def test_a_letter_issued_inside_a_request_that_then_fails_is_not_issued(
    complete_draft: Letter, officer: User
) -> None:
    before = snapshot()
    assert_nothing_happened(
        after_the_action(lambda: issue_letter(letter=complete_draft, channel="post", by=officer)),
        before,
    )


def test_issuing_with_no_fault_writes_every_part(complete_draft: Letter, officer: User) -> None:
    before = snapshot()
    issue_letter(letter=complete_draft, channel="post", by=officer)
    after = snapshot()
    assert after["rows"]["cases.ChronologyEntry"] == before["rows"]["cases.ChronologyEntry"] + 1
    assert after["rows"]["audit.AuditEvent"] == before["rows"]["audit.AuditEvent"] + 1
    assert Letter.objects.get(pk=complete_draft.pk).is_issued


# --- approve_decision: store, chronology, audit, notify ---

APPROVE_STEPS = {
    "after storing the approval": "decisions.actions.add_chronology_entry",
    "after the chronology line": "decisions.actions.record_event",
    "after the audit row": "decisions.actions.notify",
}


@pytest.mark.parametrize("step", APPROVE_STEPS)
def test_an_approval_that_fails_part_way_leaves_the_decision_awaiting_approval(
    step: str, world: World, officer: User, head_of_service: User
) -> None:
    proposed = proposed_restriction(world.north_case, officer)
    before = snapshot()
    with failing(APPROVE_STEPS[step]):
        assert_nothing_happened(
            lambda: approve_decision(decision=proposed, by=head_of_service), before
        )
    assert Decision.objects.get(pk=proposed.pk).status == Decision.Status.AWAITING_APPROVAL


def test_an_approval_inside_a_request_that_then_fails_sends_no_email(
    world: World, officer: User, head_of_service: User
) -> None:
    proposed = proposed_restriction(world.north_case, officer)
    before = snapshot()
    assert_nothing_happened(
        after_the_action(lambda: approve_decision(decision=proposed, by=head_of_service)), before
    )


def test_an_approval_with_no_fault_emails_the_proposer_once_committed(
    world: World, officer: User, head_of_service: User
) -> None:
    proposed = proposed_restriction(world.north_case, officer)
    mail.outbox.clear()
    approve_decision(decision=proposed, by=head_of_service)
    assert [message.to for message in mail.outbox] == [[officer.email]]


# --- decide_appeal: vary the decision, draft the outcome letter, store, chronology, audit ---

DECIDE_STEPS = {
    "varying the decision": "appeals.actions.vary_decision",
    "after varying the decision": "appeals.actions._draft_outcome_letter",
    "after drafting the outcome letter": "appeals.actions.Appeal.save",
    "after storing the outcome": "appeals.actions.add_chronology_entry",
    "after the chronology line": "appeals.actions.record_event",
}


@pytest.fixture
def appeal_against_restriction(world: World, officer: User, head_of_service: User) -> Appeal:
    decision = approve_decision(
        decision=proposed_restriction(world.north_case, officer), by=head_of_service
    )
    return lodge_appeal(
        decision=decision,
        by=officer,
        received_on=timezone.localdate(),
        how_received=Appeal.HowReceived.EMAIL,
        grounds="I was only shouting because the repair had been missed four times.",
    )


def vary_on_appeal(appeal: Appeal, reviewer: User) -> Callable[[], Appeal]:
    return lambda: decide_appeal(
        appeal=appeal,
        outcome=Appeal.Outcome.VARIED,
        reasons="The restriction stands, but three months is enough before it is reviewed.",
        by=reviewer,
        review_on=timezone.localdate() + timedelta(days=90),
    )


@pytest.mark.parametrize("step", DECIDE_STEPS)
def test_an_appeal_decision_that_fails_part_way_leaves_the_decision_and_appeal_as_they_were(
    step: str, appeal_against_restriction: Appeal, appeal_reviewer: User
) -> None:
    before = snapshot()
    with failing(DECIDE_STEPS[step]):
        assert_nothing_happened(vary_on_appeal(appeal_against_restriction, appeal_reviewer), before)
    appeal = Appeal.objects.get(pk=appeal_against_restriction.pk)
    assert appeal.is_open and appeal.decision.status == Decision.Status.IN_FORCE


def test_an_appeal_decided_inside_a_request_that_then_fails_is_still_open(
    appeal_against_restriction: Appeal, appeal_reviewer: User
) -> None:
    before = snapshot()
    assert_nothing_happened(
        after_the_action(vary_on_appeal(appeal_against_restriction, appeal_reviewer)), before
    )


def test_an_appeal_decided_with_no_fault_varies_the_decision_and_drafts_the_letter(
    appeal_against_restriction: Appeal, appeal_reviewer: User
) -> None:
    decided = vary_on_appeal(appeal_against_restriction, appeal_reviewer)()
    assert decided.resulting_decision is not None and decided.outcome_letter is not None
