from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access import policy
from access.http import SignedInRequest
from audit.actions import record_event
from audit.models import Event
from cases.models import Case
from decisions.models import Decision, Response
from interventions import actions, sharing
from interventions.forms import (
    DisclosureForm,
    DisclosureSharedForm,
    HearingForm,
    HearingResultForm,
    MediationReferralForm,
    MediationUpdateForm,
    PoliceReportForm,
    StartLegalActionForm,
    UpdateLegalActionForm,
)
from interventions.models import Disclosure, LegalAction, LegalHearing, MediationReferral

LOG_PAGE_SIZE = 50
# The sharing log can be narrowed to where each disclosure has got to.
LOG_STATES: dict[str, tuple[str, dict[str, bool]]] = {
    "awaiting_approval": ("Awaiting approval", {"approved_at__isnull": True}),
    "approved": (
        "Approved, not yet shared",
        {"approved_at__isnull": False, "shared_on__isnull": True},
    ),
    "shared": ("Shared", {"shared_on__isnull": False}),
}


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """Put an action's refusal on the form: on the field it names, else at the top."""
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            for message in field_messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def is_stale(error: ValidationError) -> bool:
    """Whether an action refused the save because the page was out of date."""
    return any(item.code == "stale" for item in getattr(error, "error_list", []))


def with_current_version(form: forms.Form, version: int) -> None:
    """Keep what was typed, now against the current version, so saving again after checking
    goes through."""
    data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict: keeps multi-values
    data["version"] = str(version)
    form.data = data


def invalid(request: SignedInRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    # A refused form is shown again with what was typed and a specific message for each problem.
    return render(request, template, context, status=422)


# --- mediation ----------------------------------------------------------------------------


def _mediation_context(request: SignedInRequest, case: Case, form: forms.Form) -> dict[str, Any]:
    referrals = policy.visible_mediation(request.user).filter(case=case)
    return {"case": case, "form": form, "referrals": list(referrals[:50])}


@require_http_methods(["GET", "POST"])
def mediation(request: SignedInRequest, case_id: int) -> HttpResponse:
    case = policy.get_case_for_user(request.user, case_id, write=True)
    if request.method == "GET":
        form = MediationReferralForm(initial={"referred_on": timezone.localdate()})
        return render(
            request, "interventions/mediation.html", _mediation_context(request, case, form)
        )
    form = MediationReferralForm(request.POST)
    if form.is_valid():
        try:
            actions.refer_to_mediation(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Mediation referral recorded.")
            return redirect("cases:detail", case.pk)
    return invalid(request, "interventions/mediation.html", _mediation_context(request, case, form))


@require_http_methods(["GET", "POST"])
def mediation_update(request: SignedInRequest, referral_id: int) -> HttpResponse:
    referral: MediationReferral = policy.get_mediation_for_user(
        request.user, referral_id, write=True
    )
    context: dict[str, Any] = {"referral": referral, "case": referral.case}
    if request.method == "GET":
        context["form"] = MediationUpdateForm(
            initial={
                "customer_agreed": "yes" if referral.customer_agreed else "no",
                "first_session_on": referral.first_session_on,
                "outcome": referral.outcome,
                "ended_on": referral.ended_on,
                "outcome_notes": referral.outcome_notes,
                "version": referral.version,
            }
        )
        return render(request, "interventions/mediation_update.html", context)
    form = context["form"] = MediationUpdateForm(request.POST)
    if form.is_valid():
        values = dict(form.cleaned_data)
        expected_version = values.pop("version")
        try:
            actions.update_mediation(
                referral=referral, by=request.user, expected_version=expected_version, **values
            )
        except ValidationError as error:
            add_errors(form, error)
            if is_stale(error):
                # Show the referral as it is now, with what they typed kept.
                referral.refresh_from_db()
                with_current_version(form, referral.version)
        else:
            messages.success(request, "Mediation updated.")
            return redirect("cases:detail", referral.case_id)
    return invalid(request, "interventions/mediation_update.html", context)


# --- legal action -------------------------------------------------------------------------


def _legal_action_decisions(case: Case) -> QuerySet[Decision]:
    # The case was fetched through the policy, so its own decisions are the viewer's to see.
    return (
        case.decisions.filter(response=Response.LEGAL_ACTION)
        .exclude(status=Decision.Status.REJECTED)
        .order_by("-proposed_at")
    )


def _legal_action_context(request: SignedInRequest, case: Case, form: forms.Form) -> dict[str, Any]:
    legal_actions = (
        policy.visible_legal_actions(request.user).filter(case=case).prefetch_related("hearings")
    )
    return {"case": case, "form": form, "legal_actions": list(legal_actions[:50])}


@require_http_methods(["GET", "POST"])
def legal_action(request: SignedInRequest, case_id: int) -> HttpResponse:
    case = policy.get_case_for_user(request.user, case_id, write=True)
    decisions = _legal_action_decisions(case)
    template = "interventions/legal_action.html"
    if request.method == "GET":
        form = StartLegalActionForm(decisions=decisions)
        return render(request, template, _legal_action_context(request, case, form))
    form = StartLegalActionForm(request.POST, decisions=decisions)
    if form.is_valid():
        try:
            started = actions.start_legal_action(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{started.get_kind_display()} recorded.")
            return redirect("interventions:legal_action_update", started.pk)
    return invalid(request, template, _legal_action_context(request, case, form))


def _hearings_awaiting_result(legal_action: LegalAction) -> QuerySet[LegalHearing]:
    return legal_action.hearings.filter(result="", on__lte=timezone.localdate())


def _legal_action_update_context(
    request: SignedInRequest, legal_action: LegalAction, **forms_given: forms.Form
) -> dict[str, Any]:
    decisions = _legal_action_decisions(legal_action.case)
    initial = {
        "status": legal_action.status,
        "court_name": legal_action.court_name,
        "application_on": legal_action.application_on,
        "outcome": legal_action.outcome,
        "decision": legal_action.decision_id,
        "version": legal_action.version,
    }
    awaiting = _hearings_awaiting_result(legal_action)
    return {
        "legal_action": legal_action,
        "case": legal_action.case,
        "hearings": list(legal_action.hearings.all()),
        "update_form": forms_given.get("update_form")
        or UpdateLegalActionForm(initial=initial, decisions=decisions),
        "hearing_form": forms_given.get("hearing_form")
        or HearingForm(prefix="hearing", initial={"court": legal_action.court_name}),
        "result_form": forms_given.get("result_form")
        or HearingResultForm(prefix="result", hearings=awaiting),
        "can_record_result": awaiting.exists(),
    }


def _update_legal_action(request: SignedInRequest, legal_action: LegalAction) -> Any:
    form = UpdateLegalActionForm(request.POST, decisions=_legal_action_decisions(legal_action.case))
    if form.is_valid():
        values = dict(form.cleaned_data)
        expected_version = values.pop("version")
        try:
            actions.update_legal_action(
                legal_action=legal_action,
                by=request.user,
                expected_version=expected_version,
                **values,
            )
        except ValidationError as error:
            add_errors(form, error)
            if is_stale(error):
                # Show the legal action as it is now, with what they typed kept.
                legal_action.refresh_from_db()
                with_current_version(form, legal_action.version)
        else:
            return "Legal action updated."
    return {"update_form": form}


def _add_hearing(request: SignedInRequest, legal_action: LegalAction) -> Any:
    form = HearingForm(request.POST, prefix="hearing")
    if form.is_valid():
        try:
            actions.add_hearing(legal_action=legal_action, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return "Hearing added."
    return {"hearing_form": form}


def _record_result(request: SignedInRequest, legal_action: LegalAction) -> Any:
    form = HearingResultForm(
        request.POST, prefix="result", hearings=_hearings_awaiting_result(legal_action)
    )
    if form.is_valid():
        try:
            actions.record_hearing_result(
                hearing=form.cleaned_data["hearing"],
                result=form.cleaned_data["result"],
                by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return "Hearing result recorded."
    return {"result_form": form}


LEGAL_ACTION_STEPS = {
    "update": _update_legal_action,
    "hearing": _add_hearing,
    "result": _record_result,
}


@require_http_methods(["GET", "POST"])
def legal_action_update(request: SignedInRequest, legal_action_id: int) -> HttpResponse:
    found: LegalAction = policy.get_legal_action_for_user(request.user, legal_action_id, write=True)
    template = "interventions/legal_action_update.html"
    if request.method == "GET":
        return render(request, template, _legal_action_update_context(request, found))
    step = LEGAL_ACTION_STEPS.get(request.POST.get("step", ""), _update_legal_action)
    outcome = step(request, found)
    if isinstance(outcome, str):
        messages.success(request, outcome)
        return redirect("interventions:legal_action_update", found.pk)
    return invalid(request, template, _legal_action_update_context(request, found, **outcome))


# --- police -------------------------------------------------------------------------------


def _police_context(request: SignedInRequest, case: Case, form: forms.Form) -> dict[str, Any]:
    reports = policy.visible_police_reports(request.user).filter(case=case)
    return {"case": case, "form": form, "reports": list(reports.select_related("incident")[:50])}


@require_http_methods(["GET", "POST"])
def police_report(request: SignedInRequest, case_id: int) -> HttpResponse:
    case = policy.get_case_for_user(request.user, case_id, write=True)
    # The case was fetched through the policy: its own incidents may be named in the report.
    incidents = case.incidents.order_by("-occurred_at")
    template = "interventions/police_report.html"
    if request.method == "GET":
        form = PoliceReportForm(initial={"reported_on": timezone.localdate()}, incidents=incidents)
        return render(request, template, _police_context(request, case, form))
    form = PoliceReportForm(request.POST, incidents=incidents)
    if form.is_valid():
        try:
            actions.record_police_report(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Police report recorded.")
            return redirect("cases:detail", case.pk)
    return invalid(request, template, _police_context(request, case, form))


# --- information sharing ------------------------------------------------------------------


def _disclosure_context(
    request: SignedInRequest,
    case: Case,
    form: forms.Form,
    refused: tuple[int, forms.Form] | None = None,
) -> dict[str, Any]:
    disclosures = (
        policy.visible_disclosures(request.user)
        .filter(case=case)
        .select_related("proposed_by", "approved_by")
    )
    rows = []
    for disclosure in disclosures[:50]:
        shared_form = None
        if disclosure.is_approved and not disclosure.is_shared:
            shared_form = (
                refused[1]
                if refused and refused[0] == disclosure.pk
                else DisclosureSharedForm(prefix=f"shared-{disclosure.pk}")
            )
        rows.append({"disclosure": disclosure, "shared_form": shared_form})
    return {
        "case": case,
        "form": form,
        "rows": rows,
        "refused_form": refused[1] if refused else None,
    }


@require_http_methods(["GET", "POST"])
def disclosure(request: SignedInRequest, case_id: int) -> HttpResponse:
    case = policy.get_case_for_user(request.user, case_id, write=True)
    template = "interventions/disclosure.html"
    if request.method == "GET":
        return render(request, template, _disclosure_context(request, case, DisclosureForm()))
    form = DisclosureForm(request.POST)
    if form.is_valid():
        try:
            sharing.propose_disclosure(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                "Disclosure proposed. Do not share anything until a senior colleague approves it.",
            )
            return redirect("interventions:disclosure", case.pk)
    return invalid(request, template, _disclosure_context(request, case, form))


@require_POST
def disclosure_shared(request: SignedInRequest, disclosure_id: int) -> HttpResponse:
    found: Disclosure = policy.get_disclosure_for_user(request.user, disclosure_id, write=True)
    form = DisclosureSharedForm(request.POST, prefix=f"shared-{found.pk}")
    if form.is_valid():
        try:
            sharing.record_disclosure_shared(disclosure=found, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Recorded as shared.")
            return redirect("interventions:disclosure", found.case_id)
    context = _disclosure_context(request, found.case, DisclosureForm(), refused=(found.pk, form))
    return invalid(request, "interventions/disclosure.html", context)


def _sharing_log_context(request: SignedInRequest, error: str = "") -> dict[str, Any]:
    state = request.GET.get("state", "")
    log = policy.sharing_log_for_user(request.user).select_related(
        "case__person", "proposed_by", "approved_by"
    )
    if state in LOG_STATES:
        log = log.filter(**LOG_STATES[state][1])
    else:
        state = ""
    page = Paginator(log.order_by("-proposed_at", "-id"), LOG_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {"disclosure": d, "can_approve": policy.can_approve_disclosure(request.user, d)}
        for d in page
    ]
    # Police and s.115 material: every read of the log is recorded.
    record_event(
        subject="interventions.disclosure",
        by=request.user,
        kind=Event.DISCLOSURE_READ,
        detail={"state": state, "page": page.number},
    )
    return {
        "page": page,
        "rows": rows,
        "state": state,
        "states": [(key, label) for key, (label, _) in LOG_STATES.items()],
        "error": error,
    }


@require_GET
def sharing_log(request: SignedInRequest) -> HttpResponse:
    return render(request, "interventions/sharing_log.html", _sharing_log_context(request))


@require_POST
def approve_disclosure(request: SignedInRequest, disclosure_id: int) -> HttpResponse:
    found: Disclosure = policy.get_disclosure_for_user(request.user, disclosure_id)
    try:
        sharing.approve_disclosure(disclosure=found, by=request.user)
    except ValidationError as error:
        context = _sharing_log_context(request, error=" ".join(error.messages))
        return invalid(request, "interventions/sharing_log.html", context)
    messages.success(
        request, f"Disclosure to {found.shared_with_organisation} on {found.case} approved."
    )
    return redirect("interventions:sharing_log")
