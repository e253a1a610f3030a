from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access import policy
from access.http import SignedInRequest
from audit.actions import record_read
from audit.models import Event
from decisions import actions
from decisions.forms import (
    ApprovalForm,
    AssessmentForm,
    DecisionForm,
    NeedsCheckForm,
    add_action_errors,
)
from decisions.models import SANCTIONS, Decision, Response


@require_http_methods(["GET", "POST"])
def assess(request: SignedInRequest, case_id: int) -> HttpResponse:
    case = policy.get_case_for_user(request.user, case_id, write=True)
    frequency = actions.compute_frequency(case=case)
    if request.method == "POST":
        form = AssessmentForm(request.POST)
        if form.is_valid():
            try:
                actions.assess_case(case=case, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, "Assessment recorded. Its recommendation is below.")
                return redirect("decisions:propose", case.pk)
        status = 422
    else:
        found = sorted(
            set(
                policy.visible_incidents(request.user)
                .filter(case=case)
                .values_list("behaviours__behaviour", flat=True)
            )
            - {None}
        )
        form, status = AssessmentForm(initial={"behaviours": found}), 200
    return render(
        request,
        "decisions/assess.html",
        {"case": case, "form": form, "frequency": frequency},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def needs_check(request: SignedInRequest, case_id: int) -> HttpResponse:
    case = policy.get_case_for_user(request.user, case_id, write=True)
    if request.method == "POST":
        form = NeedsCheckForm(request.POST)
        if form.is_valid():
            try:
                actions.record_needs_check(case=case, by=request.user, **form.action_arguments())
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, "Contributing-needs check recorded.")
                return redirect("decisions:propose", case.pk)
        status = 422
    else:
        form, status = NeedsCheckForm(), 200
    previous = actions.latest_needs_check(case)
    if previous is not None:
        # Health and vulnerability data: each read is logged.
        record_read(subject=previous, by=request.user, kind=Event.NEEDS_CHECK_READ)
    return render(
        request,
        "decisions/needs_check.html",
        {"case": case, "form": form, "previous": previous},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def propose(request: SignedInRequest, case_id: int) -> HttpResponse:
    case = policy.get_case_for_user(request.user, case_id, write=True)
    assessment = actions.latest_assessment(case)
    check = actions.latest_needs_check(case)
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                decision = actions.propose_decision(case=case, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(
                    request,
                    (
                        f"{decision.reference} is awaiting approval."
                        if decision.status == Decision.Status.AWAITING_APPROVAL
                        else f"{decision.reference} recorded."
                    ),
                )
                return redirect("decisions:detail", decision.pk)
        status = 422
    else:
        initial = {"response": assessment.recommended_response} if assessment else {}
        form, status = DecisionForm(initial=initial), 200
    return render(
        request,
        "decisions/propose.html",
        {
            "case": case,
            "form": form,
            "assessment": assessment,
            "check": check,
            "recommended": Response(assessment.recommended_response) if assessment else None,
            "sanction_labels": [Response(r).label.lower() for r in sorted(SANCTIONS)],
            "decisions": list(case.decisions.select_related("proposed_by")[:20]),
        },
        status=status,
    )


@require_GET
def detail(request: SignedInRequest, decision_id: int) -> HttpResponse:
    decision = policy.get_decision_for_user(request.user, decision_id)
    return _detail(request, decision, ApprovalForm(), status=200)


def _detail(
    request: SignedInRequest, decision: Decision, form: ApprovalForm, status: int
) -> HttpResponse:
    return render(
        request,
        "decisions/detail.html",
        {
            "decision": decision,
            "case": decision.case,
            "form": form,
            "can_approve": policy.can_approve_decision(request.user, decision),
            "can_work": policy.can_work_case(request.user, decision.case),
            "history": _history(decision),
        },
        status=status,
    )


def _history(decision: Decision) -> list[Decision]:
    """The decision's versions, newest first: what it replaced and what replaced it."""
    chain: list[Decision] = []
    current: Decision | None = decision
    while current is not None:
        chain.append(current)
        current = current.replaces
    newer = decision
    while hasattr(newer, "replaced_by"):
        newer = newer.replaced_by
        chain.insert(0, newer)
    return chain


@require_GET
def approvals(request: SignedInRequest) -> HttpResponse:
    waiting = (
        policy.visible_decisions(request.user)
        .filter(status=Decision.Status.AWAITING_APPROVAL)
        .select_related("case__person", "proposed_by")
        .order_by("proposed_at")
    )
    return render(request, "decisions/approvals.html", {"decisions": waiting})


@require_POST
def approve(request: SignedInRequest, decision_id: int) -> HttpResponse:
    return _approval(request, decision_id, approve=True)


@require_POST
def reject(request: SignedInRequest, decision_id: int) -> HttpResponse:
    return _approval(request, decision_id, approve=False)


def _approval(request: SignedInRequest, decision_id: int, *, approve: bool) -> HttpResponse:
    decision = policy.get_decision_for_user(request.user, decision_id)
    form = ApprovalForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    try:
        if approve:
            actions.approve_decision(decision=decision, by=request.user, note=note)
        else:
            actions.reject_decision(decision=decision, by=request.user, note=note)
    except ValidationError as error:
        add_action_errors(form, error)
        return _detail(request, decision, form, status=422)
    messages.success(request, f"{decision.reference} {'approved' if approve else 'returned'}.")
    return redirect("decisions:detail", decision.pk)
