"""Demo casework through the real actions: assessments, decisions, letters, an appeal, support.

Small on purpose: enough that every casework page has something real to show.
"""

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from access.models import User
from appeals.actions import lodge_appeal
from cases.models import Case
from contractors.actions import record_job
from decisions.actions import (
    approve_decision,
    assess_case,
    propose_decision,
    record_needs_check,
)
from decisions.models import Decision, Response, RestrictionKind
from flags.actions import propose_flag
from incidents.models import AffectedColleague, Behaviour
from letters.actions import draft_letter, issue_letter
from restrictions.actions import propose_restriction
from support.actions import add_follow_up, record_support


def seed_casework(*, users: dict[str, User]) -> int:
    """Work the officer's three busiest open cases; returns how many cases were worked."""
    officer, head = users["officer"], users["head_of_service"]
    cases = list(
        Case.objects.filter(assigned_officer=officer, status=Case.Status.OPEN)
        .annotate(n=Count("incidents"))
        .order_by("-n", "pk")[:3]
    )
    today = timezone.localdate()
    for number, case in enumerate(cases):
        found = sorted(
            {b for b in case.incidents.values_list("behaviours__behaviour", flat=True) if b}
            or {Behaviour.SHOUTING_ABUSIVE_LANGUAGE}
        )
        assess_case(
            case=case,
            behaviours=found,
            severity=3 + (number == 0),
            by=officer,
            notes="Reviewed every incident on the case and spoke to the colleagues.",
        )
        record_needs_check(
            case=case,
            by=officer,
            referral_offered=True,
            consent="agreed",
            consent_date=today,
            consent_how="verbally",
            referral_agency="Community mental health team",
            needs=["mental_health"],
            expectation_explained=True,
        )
        if number == 0:
            _restriction_with_letter_and_appeal(case=case, officer=officer, head=head)
        else:
            propose_decision(
                case=case,
                response=Response.WARNING_LETTER,
                by=officer,
                basis="Repeated abuse of colleagues; a first formal warning.",
            )
    _support_for_recent_incidents(users=users)
    if len(cases) > 1:
        _flag_with_contractor_job(case=cases[1], users=users)
    return len(cases)


def _flag_with_contractor_job(*, case: Case, users: dict[str, User]) -> None:
    """A warning flag on a home where the demo gas engineer has a job this week."""
    household = case.person.household
    if household is None or household.property is None:
        return
    today = timezone.localdate()
    flag = propose_flag(
        case=case,
        by=users["officer"],
        risk_level="high",
        handling_instruction="Attend in pairs; do not enter the property; meet at the office.",
        incidents=list(case.incidents.order_by("-occurred_at")[:2]),
        starts_on=today,
        review_on=today + timedelta(days=182),
        home=household.property,
        basis="Threats to a repairs operative at the door; see the incidents on the case.",
    )
    approve_decision(decision=flag.decision, by=users["head_of_service"])
    record_job(
        external_reference=f"JOB-DEMO-{household.property.pk}",
        home=household.property,
        contractor_id=users["contractor_a"].contractor_organisation_id,  # type: ignore[arg-type]
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=6),
        description="Annual gas safety check",
        by=None,
    )


def _restriction_with_letter_and_appeal(*, case: Case, officer: User, head: User) -> None:
    today = timezone.localdate()
    decision = propose_restriction(
        case=case,
        by=officer,
        kind=RestrictionKind.SINGLE_POINT_OF_CONTACT,
        single_point_of_contact=officer,
        starts_on=today,
        review_on=today + timedelta(days=180),
        basis="Contact every day about the same matters; one named officer will answer.",
    ).decision
    approve_decision(decision=decision, by=head, note="Proportionate; review in six months.")
    letter = draft_letter(
        case=case,
        kind="restriction_notice",
        decision=Decision.objects.get(pk=decision.pk),
        by=officer,
        behaviour_found="Calling the office many times a day and shouting at colleagues.",
        expected_behaviour="Contact your named officer, Owen Price, by phone or letter.",
        consequences="We may restrict contact further or apply to the court for an injunction.",
        measure_duration="Six months",
        review_on=today + timedelta(days=180),
    )
    issue_letter(letter=letter, channel="post", by=officer)
    lodge_appeal(
        decision=Decision.objects.get(pk=decision.pk),
        received_on=today,
        how_received="letter",
        by=officer,
        grounds="I need to speak to the repairs team directly about my boiler.",
    )


def _support_for_recent_incidents(*, users: dict[str, User]) -> None:
    manager = users["line_manager"]
    today = timezone.localdate()
    recent = AffectedColleague.objects.filter(line_manager=manager).order_by(
        "-incident__reported_at"
    )[:2]
    for affected in recent:
        support = record_support(
            affected=affected,
            discussed_on=today,
            by=manager,
            needs_notes="Shaken; would rather not visit the estate alone for a while.",
            offered=["counselling", "change_of_duties"],
            offered_other="",
            accepted=["counselling"],
        )
        add_follow_up(
            support=support,
            due_on=today + timedelta(days=14),
            by=manager,
            notes="Check how counselling is going.",
        )
