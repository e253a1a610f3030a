"""Draft, correct and issue letters to the customer; record a decision not to tell them."""

import hashlib
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from access.models import User
from audit.actions import record_event
from audit.models import Event
from cases.actions import add_chronology_entry
from cases.concurrency import refuse_if_stale, save_if_version
from cases.models import Case, ChronologyEntry
from decisions.models import Decision, Response
from letters.content import letter_date, part_problems, recipient_for
from letters.models import MEASURE_KINDS, Letter, LetterKind, NonDisclosureDecision
from letters.rendering import render_letter_pdf

TEXT_PARTS = ("behaviour_found", "expected_behaviour", "consequences", "body")
PARTS = (*TEXT_PARTS, "measure_duration", "review_on")
TEXT_LIMIT, DURATION_LIMIT = 20_000, 300
# Policy: review measures "after an agreed period (of between 3 and 12 months ...)".
LONGEST_REVIEW = timedelta(days=366)

# The decision a letter tells the customer about. A letter announcing a sanction or measure
# needs the decision behind it, so no letter can impose what nobody decided or approved.
KIND_RESPONSES: dict[str, frozenset[str]] = {
    LetterKind.INFORMAL_WARNING: frozenset({Response.INFORMAL_CONVERSATION}),
    LetterKind.FORMAL_WARNING: frozenset({Response.WARNING_LETTER}),
    LetterKind.ACCEPTABLE_BEHAVIOUR_AGREEMENT: frozenset({Response.ACCEPTABLE_BEHAVIOUR_AGREEMENT}),
    LetterKind.RESTRICTION_NOTICE: frozenset({Response.CONTACT_RESTRICTION}),
    LetterKind.FLAG_NOTICE: frozenset({Response.WARNING_FLAG}),
    LetterKind.LIFTING_NOTICE: frozenset(
        {
            Response.ACCEPTABLE_BEHAVIOUR_AGREEMENT,
            Response.CONTACT_RESTRICTION,
            Response.WARNING_FLAG,
        }
    ),
    LetterKind.LEGAL_ACTION_NOTICE: frozenset({Response.LEGAL_ACTION}),
}
DECISION_REQUIRED = frozenset(
    {
        LetterKind.FORMAL_WARNING,
        LetterKind.ACCEPTABLE_BEHAVIOUR_AGREEMENT,
        LetterKind.RESTRICTION_NOTICE,
        LetterKind.FLAG_NOTICE,
        LetterKind.LEGAL_ACTION_NOTICE,
    }
)
# These tell the customer about a decision whatever became of it (rejected, varied,
# overturned); every other letter waits until its decision is in force.
ANY_DECISION_STATUS = frozenset(
    {LetterKind.DECISION_AFTER_INVESTIGATION, LetterKind.APPEAL_OUTCOME, LetterKind.REVIEW_OUTCOME}
)
# The letter that says a measure has ended may follow the decision's ending.
LIFTING_STATUSES = frozenset({Decision.Status.IN_FORCE, Decision.Status.ENDED})
CHANNEL_SAID: dict[str, str] = {
    Letter.Channel.POST: "sent by post",
    Letter.Channel.EMAIL: "sent by email",
    Letter.Channel.HAND_DELIVERED: "delivered by hand",
}
# Which letter a decision leads to, for pre-filling the draft.
RESPONSE_KIND: dict[str, str] = {
    Response.NO_FURTHER_ACTION: LetterKind.DECISION_AFTER_INVESTIGATION,
    Response.INFORMAL_CONVERSATION: LetterKind.INFORMAL_WARNING,
    Response.WARNING_LETTER: LetterKind.FORMAL_WARNING,
    Response.ACCEPTABLE_BEHAVIOUR_AGREEMENT: LetterKind.ACCEPTABLE_BEHAVIOUR_AGREEMENT,
    Response.CONTACT_RESTRICTION: LetterKind.RESTRICTION_NOTICE,
    Response.WARNING_FLAG: LetterKind.FLAG_NOTICE,
    Response.POLICE_REPORT: LetterKind.DECISION_AFTER_INVESTIGATION,
    Response.LEGAL_ACTION: LetterKind.LEGAL_ACTION_NOTICE,
}


def _clean_parts(parts: dict[str, Any]) -> dict[str, Any]:
    unknown = set(parts) - set(PARTS)
    if unknown:
        raise TypeError(f"Letters have no part called {', '.join(sorted(unknown))}.")
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for name in TEXT_PARTS:
        if name in parts:
            cleaned[name] = (parts[name] or "").strip()
            if len(cleaned[name]) > TEXT_LIMIT:
                errors[name] = "This part must be 20,000 characters or fewer."
    if "measure_duration" in parts:
        cleaned["measure_duration"] = (parts["measure_duration"] or "").strip()
        if len(cleaned["measure_duration"]) > DURATION_LIMIT:
            errors["measure_duration"] = (
                "Say how long the measure lasts in 300 characters or fewer."
            )
    if "review_on" in parts:
        review_on = parts["review_on"]
        if review_on is not None and not isinstance(review_on, date):
            errors["review_on"] = "Enter the review date as a real date."
        cleaned["review_on"] = review_on
    if errors:
        raise ValidationError(errors)
    return cleaned


def decision_problem(*, kind: str, decision: Decision | None, case: Case) -> str | None:
    """Why this decision cannot be the subject of this kind of letter on this case, or None."""
    if decision is None:
        if kind in DECISION_REQUIRED:
            return f"Select the decision this {LetterKind(kind).label.lower()} tells them about."
        return None
    if decision.case_id != case.pk:
        return f"{decision.reference} is a decision on another case."
    allowed = KIND_RESPONSES.get(kind)
    if allowed is not None and decision.response not in allowed:
        return (
            f"{decision.reference} is a decision for {decision.get_response_display().lower()}, "
            f"not one a {LetterKind(kind).label.lower()} can tell the customer about."
        )
    return None


def decision_status_problem(letter: Letter) -> str | None:
    """Why the letter's decision is not yet (or no longer) one we can tell the customer about."""
    decision = letter.decision
    if decision is None or letter.kind in ANY_DECISION_STATUS:
        return None
    allowed = (
        LIFTING_STATUSES if letter.kind == LetterKind.LIFTING_NOTICE else {Decision.Status.IN_FORCE}
    )
    if decision.status in allowed:
        return None
    return (
        f"{decision.reference} is {decision.get_status_display().lower()}, not in force: "
        "the letter can be issued once the decision is in force."
    )


@transaction.atomic
def draft_letter(
    *, case: Case, kind: str, decision: Decision | None = None, by: User, **parts: Any
) -> Letter:
    """Start a letter. Drafts may be incomplete; issuing checks every required part."""
    errors: dict[str, str] = {}
    if kind not in LetterKind.values:
        errors["kind"] = "Select the kind of letter."
    else:
        problem = decision_problem(kind=kind, decision=decision, case=case)
        if problem:
            errors["decision"] = problem
    try:
        cleaned = _clean_parts(parts)
    except ValidationError as error:
        errors.update({field: messages[0] for field, messages in error.message_dict.items()})
        cleaned = {}
    if errors:
        raise ValidationError(errors)
    if kind not in MEASURE_KINDS:
        # Only a measure's letter prints a duration and review date.
        cleaned["measure_duration"], cleaned["review_on"] = "", None
    letter = Letter.objects.create(
        case=case,
        decision=decision,
        kind=kind,
        created_by=by,
        created_at=timezone.now(),
        **cleaned,
    )
    record_event(
        subject=letter,
        by=by,
        kind=Event.LETTER_DRAFTED,
        detail={"case": case.pk, "kind": kind, "decision": decision.pk if decision else None},
    )
    return letter


def _refuse_if_issued(letter: Letter, doing: str) -> None:
    if letter.is_issued:
        assert letter.issued_at is not None
        raise ValidationError(
            f"{letter.reference} was issued on {timezone.localdate(letter.issued_at):%d %B %Y} "
            f"and cannot be {doing}. An issued letter stays exactly as it was sent; "
            "write a new letter if something needs to be corrected."
        )


@transaction.atomic
def update_draft(
    *, letter: Letter, by: User, expected_version: int | None = None, **parts: Any
) -> Letter:
    """Change a draft's parts. `expected_version` is the version the editor's page was loaded
    at: if someone saved in between, refuse rather than overwrite their change."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    _refuse_if_issued(letter, "changed")
    refuse_if_stale(letter, expected_version)
    cleaned = _clean_parts(parts)
    if letter.kind not in MEASURE_KINDS:
        cleaned.pop("measure_duration", None)
        cleaned.pop("review_on", None)
    changed = sorted(name for name, value in cleaned.items() if getattr(letter, name) != value)
    if not changed:
        return letter
    for name in changed:
        setattr(letter, name, cleaned[name])
    letter.version = save_if_version(letter, expected_version=letter.version, fields=changed)
    record_event(
        subject=letter,
        by=by,
        kind=Event.LETTER_DRAFTED,
        detail={"case": letter.case_id, "changed": changed},
    )
    return letter


def _issue_problems(letter: Letter, channel: str) -> dict[str, str]:
    problems = part_problems(letter)
    if channel not in Letter.Channel.values:
        problems["channel"] = "Select how the letter was sent."
    elif channel == Letter.Channel.POST and not recipient_for(letter.case)[1]:
        problems["channel"] = (
            f"There is no address on record for {letter.case.person.full_name}: "
            "update their home first, or send the letter another way."
        )
    decision_said = decision_problem(kind=letter.kind, decision=letter.decision, case=letter.case)
    status_said = decision_status_problem(letter)
    if decision_said or status_said:
        problems["decision"] = decision_said or status_said or ""
    if letter.is_measure and letter.review_on is not None:
        dated = letter_date(letter)
        decision = letter.decision
        if decision and decision.review_on and letter.review_on != decision.review_on:
            problems["review_on"] = (
                f"The review date must be the one decided in {decision.reference}: "
                f"{decision.review_on:%d %B %Y}."
            )
        elif not dated < letter.review_on <= dated + LONGEST_REVIEW:
            problems["review_on"] = "The review date must be in the next 12 months (policy)."
    return problems


@transaction.atomic
def issue_letter(*, letter: Letter, channel: str, by: User) -> Letter:
    """Check every required part, render the letter once (standard and large print) and keep
    both PDFs exactly as sent."""
    letter = (
        # Lock the letter row only: PostgreSQL cannot lock the nullable side of the joins.
        Letter.objects.select_for_update(of=("self",))
        .select_related("case__person__household__property", "decision", "created_by")
        .get(pk=letter.pk)
    )
    _refuse_if_issued(letter, "issued again")
    problems = _issue_problems(letter, channel)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    name, lines = recipient_for(letter.case)
    letter.status, letter.channel = Letter.Status.ISSUED, channel
    letter.issued_at, letter.issued_by = now, by
    letter.recipient_name, letter.recipient_address = name, "\n".join(lines)
    letter.pdf = render_letter_pdf(letter)
    letter.large_print_pdf = render_letter_pdf(letter, large=True)
    letter.pdf_sha256 = hashlib.sha256(letter.pdf).hexdigest()
    letter.version = save_if_version(
        letter,
        expected_version=letter.version,
        fields=[
            "status",
            "channel",
            "issued_at",
            "issued_by",
            "recipient_name",
            "recipient_address",
            "pdf",
            "large_print_pdf",
            "pdf_sha256",
        ],
    )
    add_chronology_entry(
        case=letter.case,
        kind=ChronologyEntry.Kind.LETTER,
        by=by,
        at=now,
        summary=f"{letter.reference}: {letter.get_kind_display()} "
        f"{CHANNEL_SAID[channel]} on {timezone.localdate(now):%d %B %Y}",
    )
    record_event(
        subject=letter,
        by=by,
        kind=Event.LETTER_ISSUED,
        detail={
            "case": letter.case_id,
            "kind": letter.kind,
            "channel": channel,
            "decision": letter.decision_id,
            "sha256": letter.pdf_sha256,
        },
    )
    return letter


def latest_review_date(today: date) -> date:
    """Twelve months after today (28 February when today is 29 February)."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


@transaction.atomic
def record_customer_not_told(
    *, case: Case, decision: Decision | None, reason: str, review_on: date | None, by: User
) -> NonDisclosureDecision:
    """Record that the customer will not be told about a decision, because telling them would
    put a colleague at risk (ICO: tell the person unless that would put a colleague at risk).
    The decision is kept under review, at most 12 months ahead."""
    errors: dict[str, str] = {}
    if decision is None:
        errors["decision"] = "Select the decision the customer will not be told about."
    elif decision.case_id != case.pk:
        errors["decision"] = f"{decision.reference} is a decision on another case."
    if not reason.strip():
        errors["reason"] = "Say why telling the customer would put a colleague at risk."
    today = timezone.localdate()
    if review_on is None:
        errors["review_on"] = "Enter the date this will be reviewed."
    elif review_on <= today:
        errors["review_on"] = "The review date must be in the future."
    elif review_on > latest_review_date(today):
        errors["review_on"] = "The review date must be within 12 months."
    if errors:
        raise ValidationError(errors)
    assert decision is not None and review_on is not None
    record = NonDisclosureDecision.objects.create(
        case=case,
        decision=decision,
        reason=reason.strip(),
        review_on=review_on,
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    add_chronology_entry(
        case=case,
        kind=ChronologyEntry.Kind.NOT_TOLD,
        by=by,
        summary=f"Customer not told about {decision.reference} "
        f"({decision.get_response_display().lower()}); review by {review_on:%d %B %Y}",
        body=record.reason,
    )
    record_event(
        subject=record,
        by=by,
        kind=Event.CUSTOMER_NOT_TOLD,
        detail={"case": case.pk, "decision": decision.pk, "review_on": review_on.isoformat()},
    )
    return record
