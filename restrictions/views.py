from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access import policy
from access.http import SignedInRequest
from access.models import Role, User
from audit.actions import record_read
from audit.models import Event
from decisions.forms import add_action_errors
from flags.forms import LiftForm
from flags.instructions import ALWAYS_ALLOWED
from restrictions.actions import lift_restriction, propose_restriction
from restrictions.forms import RestrictionForm
from restrictions.models import ContactRestriction


def _colleagues():  # type: ignore[no-untyped-def]
    return (
        User.objects.filter(is_active=True)
        .exclude(role__in=[Role.CONTRACTOR, Role.SYSTEM_ADMINISTRATOR])
        .order_by("first_name", "last_name")
    )


@require_http_methods(["GET", "POST"])
def propose(request: SignedInRequest, case_id: int) -> HttpResponse:
    case = policy.get_case_for_user(request.user, case_id, write=True)
    if request.method == "POST":
        form = RestrictionForm(request.POST, colleagues=_colleagues())
        if form.is_valid():
            try:
                restriction = propose_restriction(case=case, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(
                    request,
                    f"Contact restriction {restriction.reference} "
                    "proposed. It takes effect when it is approved.",
                )
                return redirect("restrictions:detail", restriction.pk)
        status = 422
    else:
        form = RestrictionForm(
            colleagues=_colleagues(), initial={"single_point_of_contact": case.assigned_officer_id}
        )
        status = 200
    return render(
        request,
        "restrictions/propose.html",
        {"case": case, "form": form, "always_allowed": ALWAYS_ALLOWED},
        status=status,
    )


def _detail(
    request: SignedInRequest, restriction: ContactRestriction, form: LiftForm, status: int = 200
) -> HttpResponse:
    reasons = policy.can_see_reasons(request.user, restriction.case)
    if reasons:
        record_read(subject=restriction, by=request.user, kind=Event.RESTRICTION_REASONS_READ)
    return render(
        request,
        "restrictions/detail.html",
        {
            "restriction": restriction,
            "decision": restriction.decision,
            "form": form,
            "show_reasons": reasons,
            "always_allowed": ALWAYS_ALLOWED,
            "can_lift": restriction.lifted_at is None
            and policy.can_work_case(request.user, restriction.case),
        },
        status=status,
    )


@require_GET
def detail(request: SignedInRequest, restriction_id: int) -> HttpResponse:
    return _detail(
        request, policy.get_restriction_for_user(request.user, restriction_id), LiftForm()
    )


@require_POST
def lift(request: SignedInRequest, restriction_id: int) -> HttpResponse:
    restriction = policy.get_restriction_for_user(request.user, restriction_id)
    policy.get_case_for_user(request.user, restriction.case_id, write=True)
    form = LiftForm(request.POST)
    if form.is_valid():
        try:
            lift_restriction(
                restriction=restriction, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"Contact restriction {restriction.reference} lifted.")
            return redirect("restrictions:detail", restriction.pk)
    return _detail(request, restriction, form, status=422)
