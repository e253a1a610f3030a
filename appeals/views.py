from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access import policy
from access.http import SignedInRequest
from appeals.actions import (
    assign_reviewer,
    decide_appeal,
    eligible_reviewers,
    lodge_appeal,
    lodging_refusal,
)
from appeals.forms import AssignReviewerForm, DecideAppealForm, LodgeAppealForm
from appeals.models import Appeal


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    """Put an action's errors on the form's fields, or above the form when it has no such field."""
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            for message in field_messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@require_GET
def appeal_list(request: SignedInRequest) -> HttpResponse:
    appeals = (
        policy.visible_appeals(request.user)
        .select_related("decision__case__person", "reviewer")
        .annotate(
            decided=models.Case(
                models.When(outcome="", then=models.Value(0)),
                default=models.Value(1),
                output_field=models.IntegerField(),
            )
        )
        .order_by("decided", "due_on", "id")
    )
    page = Paginator(appeals, 50).get_page(request.GET.get("page"))
    return render(request, "appeals/list.html", {"page": page})


@require_http_methods(["GET", "POST"])
def lodge(request: SignedInRequest, decision_id: int) -> HttpResponse:
    decision = policy.get_decision_for_user(request.user, decision_id, write=True)
    context: dict[str, object] = {"decision": decision, "refusal": lodging_refusal(decision)}
    if request.method == "POST":
        form = LodgeAppealForm(request.POST)
        if form.is_valid():
            try:
                appeal = lodge_appeal(decision=decision, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, f"Appeal {appeal.reference} recorded.")
                return redirect("appeals:detail", appeal.pk)
        return render(request, "appeals/lodge.html", {**context, "form": form}, status=422)
    return render(request, "appeals/lodge.html", {**context, "form": LodgeAppealForm()})


def _detail_context(request: SignedInRequest, appeal: Appeal, **forms_: object) -> dict:
    user = request.user
    can_assign = policy.can_assign_appeal_reviewer(user, appeal)
    can_decide = policy.can_decide_appeal(user, appeal)
    assign_form = forms_.get("assign_form")
    if can_assign and assign_form is None:
        assign_form = AssignReviewerForm(eligible=eligible_reviewers(appeal))
    return {
        "appeal": appeal,
        "decision": appeal.decision,
        "case_visible": policy.visible_cases(user).filter(pk=appeal.decision.case_id).exists(),
        "can_assign": can_assign,
        "can_decide": can_decide,
        "assign_form": assign_form,
        "decide_form": forms_.get("decide_form") or (DecideAppealForm() if can_decide else None),
    }


@require_GET
def detail(request: SignedInRequest, appeal_id: int) -> HttpResponse:
    appeal = policy.get_appeal_for_user(request.user, appeal_id)
    return render(request, "appeals/detail.html", _detail_context(request, appeal))


@require_POST
def assign(request: SignedInRequest, appeal_id: int) -> HttpResponse:
    appeal = policy.get_appeal_for_user(request.user, appeal_id)
    if not policy.can_assign_appeal_reviewer(request.user, appeal):
        raise PermissionDenied
    form = AssignReviewerForm(request.POST, eligible=eligible_reviewers(appeal))
    if form.is_valid():
        reviewer = form.cleaned_data["reviewer"]
        try:
            assign_reviewer(appeal=appeal, reviewer=reviewer, by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{reviewer.display_name} will review the appeal.")
            return redirect("appeals:detail", appeal.pk)
    context = _detail_context(request, appeal, assign_form=form)
    return render(request, "appeals/detail.html", context, status=422)


@require_POST
def decide(request: SignedInRequest, appeal_id: int) -> HttpResponse:
    appeal = policy.get_appeal_for_user(request.user, appeal_id)
    if not policy.can_decide_appeal(request.user, appeal):
        raise PermissionDenied
    form = DecideAppealForm(request.POST)
    if form.is_valid():
        try:
            decided = decide_appeal(
                appeal=appeal,
                outcome=form.cleaned_data["outcome"],
                reasons=form.cleaned_data["reasons"],
                by=request.user,
                **form.variation(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Outcome recorded: {decided.get_outcome_display().lower()}.")
            return redirect("appeals:detail", appeal.pk)
    context = _detail_context(request, appeal, decide_form=form)
    return render(request, "appeals/detail.html", context, status=422)
