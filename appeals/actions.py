"""Lodge an appeal, give it a reviewer who took no part in the decision, record the outcome.

Policy: "we will ... offer customers the chance to appeal any decisions we make", except
legal action, which has "its own defence and appeals processes".
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from access import policy
from access.models import Role, User
from appeals.models import Appeal
from appeals.working_days import add_working_days
from audit.actions import record_event
from audit.models import Event
from cases.actions import add_chronology_entry
from cases.models import ChronologyEntry
from decisions.actions import decision_people, overturn_decision, vary_decision
from decisions.models import Decision, DecisionSettings, Response
from incidents.models import Behaviour
from notifications.actions import notify
from notifications.models import Notification

LEGAL_ACTION_REFUSAL = (
    "Legal action has its own defence and appeal process in court; "
    "it cannot be appealed under this policy."
)
# Who is asked first when an appeal is lodged; a manager can choose someone else later.
AUTOMATIC_REVIEWER_ROLES = (Role.APPEAL_REVIEWER, Role.HEAD_OF_SERVICE)
VARIATION_FIELDS = ("response", "basis", "restriction_kind", "starts_on", "review_on")


def due_date(received_on: date) -> date:
    return add_working_days(received_on, DecisionSettings.current().appeal_due_working_days)


def conflicted_people(decision: Decision) -> set[int]:
    """Everyone who proposed, approved or decided the decision or any decision it replaces."""
    people: set[int] = set()
    seen: set[int] = set()
    current: Decision | None = decision
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        people |= decision_people(current)
        current = current.replaces
    return people


def reviewer_refusal(appeal: Appeal, reviewer: User) -> str | None:
    """Why this colleague may not review the appeal, or None when they may."""
    name = reviewer.display_name
    if reviewer.role == Role.CONTRACTOR:
        return "A contractor cannot review an appeal."
    if reviewer.role == Role.SYSTEM_ADMINISTRATOR:
        return "A system administrator cannot review an appeal."
    if not reviewer.is_active:
        return f"{name} no longer has an active account."
    if not policy.has_capability(reviewer, policy.Capability.REVIEW_APPEALS):
        return (
            f"{name} is a {reviewer.get_role_display().lower()}: choose an appeal reviewer, "
            "the Head of Service, the Director or a case officer from another team."
        )
    if reviewer.pk in conflicted_people(appeal.decision):
        # Natural justice: nobody reviews a decision they took part in.
        return (
            f"{name} proposed, approved or decided the decision appealed against "
            "(or one it replaced), so cannot review the appeal."
        )
    if appeal.decision.case.team_id in policy.casework_team_ids(reviewer):
        return f"{name} works cases in this case's team, so cannot review the appeal."
    return None


def eligible_reviewers(appeal: Appeal) -> list[User]:
    """Colleagues who may review the appeal, appeal reviewers first."""
    rank: dict[str, int] = {Role.APPEAL_REVIEWER: 0, Role.HEAD_OF_SERVICE: 1, Role.DIRECTOR: 2}
    candidates = User.objects.filter(
        is_active=True,
        role__in=policy.CAPABILITIES[policy.Capability.REVIEW_APPEALS],
    ).order_by("first_name", "last_name", "pk")
    eligible = [user for user in candidates if reviewer_refusal(appeal, user) is None]
    return sorted(eligible, key=lambda user: rank.get(user.role, 3))


def automatic_reviewer(appeal: Appeal) -> User | None:
    for role in AUTOMATIC_REVIEWER_ROLES:
        for candidate in User.objects.filter(role=role, is_active=True).order_by("pk"):
            if reviewer_refusal(appeal, candidate) is None:
                return candidate
    return None


def lodging_refusal(decision: Decision) -> str | None:
    """Why no appeal can be recorded against the decision now, or None when one can."""
    if decision.response == Response.LEGAL_ACTION:
        return LEGAL_ACTION_REFUSAL
    if decision.status != Decision.Status.IN_FORCE:
        return (
            f"{decision.reference} is not in force "
            f"({decision.get_status_display().lower()}), so it cannot be appealed."
        )
    if Appeal.objects.filter(decision=decision, outcome="").exists():
        return (
            f"An appeal against {decision.reference} is already open. "
            "Record its outcome before recording another."
        )
    return None


def _check_lodging(
    *, decision: Decision, received_on: date | None, how_received: str, grounds: str
) -> None:
    refusal = lodging_refusal(decision)
    if refusal:
        raise ValidationError(refusal)
    errors: dict[str, str] = {}
    decided_on = timezone.localdate(decision.decided_at) if decision.decided_at else None
    if received_on is None:
        errors["received_on"] = "Enter the date the appeal was received."
    elif received_on > timezone.localdate():
        errors["received_on"] = "The date the appeal was received must be today or in the past."
    elif decided_on and received_on < decided_on:
        errors["received_on"] = (
            f"The date the appeal was received must be on or after the decision "
            f"({decided_on:%d %B %Y})."
        )
    if how_received not in Appeal.HowReceived.values:
        errors["how_received"] = "Select how the appeal was received."
    if not grounds.strip():
        errors["grounds"] = "Enter the grounds of the appeal, in the customer's words if you can."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def lodge_appeal(
    *, decision: Decision, received_on: date | None, how_received: str, grounds: str, by: User
) -> Appeal:
    """Record an appeal and, when someone is free of conflict, assign them to review it."""
    # The lock makes "one open appeal per decision" hold for two colleagues at once too;
    # the database constraint is the last word.
    decision = Decision.objects.select_for_update().select_related("case").get(pk=decision.pk)
    _check_lodging(
        decision=decision, received_on=received_on, how_received=how_received, grounds=grounds
    )
    assert received_on is not None
    appeal = Appeal.objects.create(
        decision=decision,
        received_on=received_on,
        how_received=how_received,
        grounds=grounds.strip(),
        lodged_by=by,
        lodged_at=timezone.now(),
        due_on=due_date(received_on),
    )
    add_chronology_entry(
        case=decision.case,
        kind=ChronologyEntry.Kind.APPEAL,
        by=by,
        summary=f"{appeal.reference}: appeal against {decision.reference} received "
        f"{received_on:%d %B %Y} ({appeal.get_how_received_display().lower()}); "
        f"due {appeal.due_on:%d %B %Y}",
        body=appeal.grounds,
    )
    record_event(
        subject=appeal,
        by=by,
        kind=Event.APPEAL_LODGED,
        detail={
            "decision": decision.pk,
            "case": decision.case_id,
            "due_on": appeal.due_on.isoformat(),
        },
    )
    reviewer = automatic_reviewer(appeal)
    if reviewer is not None:
        _assign(appeal=appeal, reviewer=reviewer, by=by, automatic=True)
    return appeal


def _assign(*, appeal: Appeal, reviewer: User, by: User, automatic: bool) -> None:
    previous = appeal.reviewer_id
    appeal.reviewer = reviewer
    appeal.assigned_by = None if automatic else by
    appeal.assigned_at = timezone.now()
    appeal.save(update_fields=["reviewer", "assigned_by", "assigned_at"])
    add_chronology_entry(
        case=appeal.decision.case,
        kind=ChronologyEntry.Kind.APPEAL,
        by=by,
        summary=f"{appeal.reference}: {reviewer.display_name} assigned to review the appeal"
        + (" automatically" if automatic else ""),
    )
    record_event(
        subject=appeal,
        by=by,
        kind=Event.APPEAL_REVIEWER_ASSIGNED,
        detail={"reviewer": reviewer.pk, "previous": previous, "automatic": automatic},
    )
    # The in-app notice commits with the assignment; notify() sends its email on commit.
    notify(
        recipient=reviewer,
        kind=Notification.Kind.APPEAL_ASSIGNED,
        message=f"Appeal {appeal.reference} against {appeal.decision.reference} was assigned "
        f"to you to review by {appeal.due_on:%d %B %Y}.",
        url=reverse("appeals:detail", args=[appeal.pk]),
    )


@transaction.atomic
def assign_reviewer(*, appeal: Appeal, reviewer: User, by: User) -> Appeal:
    appeal = Appeal.objects.select_for_update().select_related("decision__case").get(pk=appeal.pk)
    if not policy.can_assign_appeal_reviewer(by, appeal):
        raise ValidationError("Only the Head of Service can choose who reviews an appeal.")
    if not appeal.is_open:
        raise ValidationError("This appeal has been decided, so its reviewer cannot change.")
    refusal = reviewer_refusal(appeal, reviewer)
    if refusal:
        raise ValidationError({"reviewer": refusal})
    if appeal.reviewer_id == reviewer.pk:
        raise ValidationError({"reviewer": f"{reviewer.display_name} is already the reviewer."})
    _assign(appeal=appeal, reviewer=reviewer, by=by, automatic=False)
    return appeal


def _variation_changes(decision: Decision, variation: dict[str, Any]) -> dict[str, Any]:
    """The variation without its empty parts, or an error when it changes nothing."""
    unknown = set(variation) - set(VARIATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown parts of a variation: {', '.join(sorted(unknown))}")
    changes = {key: value for key, value in variation.items() if value not in (None, "")}
    if not any(getattr(decision, key) != value for key, value in changes.items()):
        raise ValidationError(
            {
                "response": "Say how the decision is varied: change the response, its basis, "
                "the kind of restriction or its dates."
            }
        )
    return changes


@transaction.atomic
def decide_appeal(
    *, appeal: Appeal, outcome: str, reasons: str, by: User, **variation: Any
) -> Appeal:
    """Record the reviewer's outcome; a varied or overturned decision changes with it."""
    appeal = Appeal.objects.select_for_update().select_related("decision__case").get(pk=appeal.pk)
    if not appeal.is_open:
        raise ValidationError("This appeal has already been decided.")
    if appeal.reviewer_id != by.pk:
        raise ValidationError("Only the colleague assigned to review this appeal can decide it.")
    errors: dict[str, str] = {}
    if outcome not in Appeal.Outcome.values:
        errors["outcome"] = "Select the outcome of the appeal."
    if not reasons.strip():
        errors["reasons"] = "Give the reasons for the outcome of the appeal."
    if errors:
        raise ValidationError(errors)
    decision = appeal.decision
    if outcome == Appeal.Outcome.VARIED:
        changes = _variation_changes(decision, variation)
        appeal.resulting_decision = vary_decision(
            decision=decision, by=by, reason=reasons, **changes
        )
    elif outcome == Appeal.Outcome.OVERTURNED:
        overturn_decision(decision=decision, by=by, reason=reasons)
    elif decision.status != Decision.Status.IN_FORCE:
        raise ValidationError(
            f"{decision.reference} is no longer in force, so it cannot be upheld."
        )
    appeal.outcome, appeal.outcome_reasons = outcome, reasons.strip()
    appeal.decided_at = timezone.now()
    appeal.outcome_letter = _draft_outcome_letter(appeal=appeal, by=by)
    appeal.save(
        update_fields=[
            "outcome",
            "outcome_reasons",
            "decided_at",
            "resulting_decision",
            "outcome_letter",
        ]
    )
    add_chronology_entry(
        case=decision.case,
        kind=ChronologyEntry.Kind.APPEAL,
        by=by,
        summary=f"{appeal.reference}: {appeal.get_outcome_display().lower()} on appeal"
        + (f", now {appeal.resulting_decision.reference}" if appeal.resulting_decision else ""),
        body=appeal.outcome_reasons,
    )
    record_event(
        subject=appeal,
        by=by,
        kind=Event.APPEAL_DECIDED,
        detail={
            "outcome": outcome,
            "decision": decision.pk,
            "resulting_decision": appeal.resulting_decision_id,
        },
    )
    return appeal


def _letter_parts(appeal: Appeal) -> dict[str, str]:
    """The draft's parts (policy: the behaviour found, what we expect, what happens if not).

    The officer checks and corrects the draft before it is issued.
    """
    decision = appeal.resulting_decision or appeal.decision
    behaviours = decision.assessment.behaviours if decision.assessment else []
    labels = [Behaviour(value).label for value in behaviours if value in Behaviour.values]
    response = decision.get_response_display().lower()
    outcome_said = {
        Appeal.Outcome.UPHELD: f"Our decision stands: {response}.",
        Appeal.Outcome.VARIED: f"We have changed our decision. It is now: {response}.",
        Appeal.Outcome.OVERTURNED: "We have overturned our decision: it no longer applies.",
    }[Appeal.Outcome(appeal.outcome)]
    return {
        "behaviour_found": "\n".join(labels) or decision.basis,
        "expected_behaviour": "We expect you to treat our colleagues with courtesy and respect "
        "whenever you contact us, in person, by phone, in writing or online.",
        "consequences": "If the behaviour happens again, we will look at it under our "
        "unacceptable customer behaviour policy and may change how we work with you.",
        "body": f"{outcome_said}\n\n{appeal.outcome_reasons}",
    }


def _draft_outcome_letter(*, appeal: Appeal, by: User) -> Any:
    """Draft the appeal-outcome letter, when the letters app can draft one."""
    # Imported here: the letters app may not offer drafting yet, and appeals do not wait.
    try:
        from letters import actions as letter_actions
    except ImportError:
        return None
    draft_letter = getattr(letter_actions, "draft_letter", None)
    if draft_letter is None:
        return None
    return draft_letter(
        case=appeal.decision.case,
        kind="appeal_outcome",
        decision=appeal.resulting_decision or appeal.decision,
        by=by,
        **_letter_parts(appeal),
    )
