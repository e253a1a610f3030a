from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access import policy
from access.http import SignedInRequest
from audit.actions import record_read
from audit.models import Event
from decisions.forms import add_action_errors
from flags.actions import lift_flag, propose_flag
from flags.forms import FlagForm, LiftForm
from flags.models import WarningFlag


@require_http_methods(["GET", "POST"])
def propose(request: SignedInRequest, case_id: int) -> HttpResponse:
    case = policy.get_case_for_user(request.user, case_id, write=True)
    on_case = policy.visible_incidents(request.user).filter(case=case).order_by("-occurred_at")
    # The latest 50 to choose from (a form field needs an unsliced queryset to check choices).
    incidents = on_case.filter(pk__in=list(on_case.values_list("pk", flat=True)[:50]))
    if request.method == "POST":
        form = FlagForm(request.POST, case=case, incidents=incidents)
        if form.is_valid():
            data = form.cleaned_data
            try:
                flag = propose_flag(
                    case=case,
                    by=request.user,
                    risk_level=data["risk_level"],
                    handling_instruction=data["handling_instruction"],
                    incidents=list(data["incidents"]),
                    starts_on=data["starts_on"],
                    review_on=data["review_on"],
                    basis=data["basis"],
                    **form.subject_arguments(),
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(
                    request,
                    f"Warning flag {flag.reference} proposed. It takes "
                    "effect when a manager approves it.",
                )
                return redirect("flags:detail", flag.pk)
        status = 422
    else:
        form, status = FlagForm(case=case, incidents=incidents), 200
    return render(request, "flags/propose.html", {"case": case, "form": form}, status=status)


def _detail(
    request: SignedInRequest, flag: WarningFlag, form: LiftForm, status: int = 200
) -> HttpResponse:
    reasons = policy.can_see_reasons(request.user, flag.case)
    if reasons:
        # The reasons are case detail: reading them is logged.
        record_read(subject=flag, by=request.user, kind=Event.FLAG_REASONS_READ)
    return render(
        request,
        "flags/detail.html",
        {
            "flag": flag,
            "decision": flag.decision,
            "form": form,
            "show_reasons": reasons,
            "incidents": list(flag.incidents.order_by("-occurred_at")) if reasons else [],
            "can_lift": flag.lifted_at is None and policy.can_work_case(request.user, flag.case),
        },
        status=status,
    )


@require_GET
def detail(request: SignedInRequest, flag_id: int) -> HttpResponse:
    return _detail(request, policy.get_flag_for_user(request.user, flag_id), LiftForm())


@require_POST
def lift(request: SignedInRequest, flag_id: int) -> HttpResponse:
    flag = policy.get_flag_for_user(request.user, flag_id)
    policy.get_case_for_user(request.user, flag.case_id, write=True)
    form = LiftForm(request.POST)
    if form.is_valid():
        try:
            lift_flag(flag=flag, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"Warning flag {flag.reference} lifted.")
            return redirect("flags:detail", flag.pk)
    return _detail(request, flag, form, status=422)
