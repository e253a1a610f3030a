from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from access import policy
from access.http import SignedInRequest
from appeals import panels as appeals_panels
from audit.actions import record_read
from audit.models import Event
from cases.actions import add_case_note, assign_case
from cases.forms import AssignCaseForm, CaseNoteForm
from cases.models import Case
from decisions import panels as decisions_panels
from decisions.models import Decision
from interventions import panels as interventions_panels
from letters import panels as letters_panels

CHRONOLOGY_PAGE_SIZE = 50
REVIEW_WINDOW_DAYS = 30
CASE_PANELS = [
    decisions_panels.case_panel,
    letters_panels.case_panel,
    appeals_panels.case_panel,
    interventions_panels.case_panel,
]


def _case_context(request: SignedInRequest, case: Case, **forms: object) -> dict[str, object]:
    entries = case.chronology.select_related("incident", "by").order_by("-at", "-id")
    page = Paginator(entries, CHRONOLOGY_PAGE_SIZE).get_page(request.GET.get("page"))
    can_work = policy.can_work_case(request.user, case)
    officers = policy.assignable_officers(request.user, case)
    context: dict[str, object] = {
        "case": case,
        "page": page,
        "can_work": can_work,
        "incident_count": case.incidents.count(),
        "note_form": forms.get("note_form") or CaseNoteForm(),
        "assign_form": forms.get("assign_form") or AssignCaseForm(officers=officers),
    }
    # Each casework app contributes its section of the case page (a few bounded queries each).
    for panel in CASE_PANELS:
        context.update(panel(request, case))
    return context


@require_GET
def detail(request: SignedInRequest, case_id: int) -> HttpResponse:
    case = policy.get_case_for_user(request.user, case_id)
    # The chronology shows incident narrative: the read is logged.
    record_read(subject=case, by=request.user, kind=Event.CASE_READ)
    return render(request, "cases/detail.html", _case_context(request, case))


@require_POST
def add_note(request: SignedInRequest, case_id: int) -> HttpResponse:
    case = policy.get_case_for_user(request.user, case_id, write=True)
    form = CaseNoteForm(request.POST)
    if form.is_valid():
        try:
            add_case_note(case=case, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as error:
            form.add_error("text", error.messages[0])
        else:
            if request.htmx:  # type: ignore[attr-defined]
                return render(request, "cases/_chronology.html", _case_context(request, case))
            messages.success(request, "Note added to the chronology.")
            return redirect("cases:detail", case.pk)
    template = "cases/_note_form.html" if request.htmx else "cases/detail.html"  # type: ignore[attr-defined]
    return render(request, template, _case_context(request, case, note_form=form), status=422)


@require_POST
def assign(request: SignedInRequest, case_id: int) -> HttpResponse:
    case = policy.get_case_for_user(request.user, case_id, write=True)
    officers = policy.assignable_officers(request.user, case)
    form = AssignCaseForm(request.POST, officers=officers)
    if form.is_valid():
        try:
            assign_case(case=case, officer=form.cleaned_data["officer"], by=request.user)
        except ValidationError as error:
            form.add_error("officer", error.messages[0])
        else:
            messages.success(
                request, f"Case assigned to {form.cleaned_data['officer'].display_name}."
            )
            return redirect("cases:detail", case.pk)
    return render(
        request, "cases/detail.html", _case_context(request, case, assign_form=form), status=422
    )


@require_GET
def case_list(request: SignedInRequest) -> HttpResponse:
    cases = (
        policy.visible_cases(request.user)
        .filter(status=Case.Status.OPEN)
        .select_related("person", "assigned_officer", "team")
        .order_by("-opened_at", "-id")
    )
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(request, "cases/list.html", {"page": page})


@require_GET
def my_work(request: SignedInRequest) -> HttpResponse:
    user = request.user
    cases = (
        policy.visible_cases(user)
        .filter(assigned_officer=user, status=Case.Status.OPEN)
        .select_related("person")
        .order_by("-opened_at", "-id")
    )
    incidents = (
        policy.visible_incidents(user)
        .filter(case__in=policy.visible_cases(user))
        .select_related("case__person")
        .order_by("-reported_at", "-id")[:20]
    )
    soon = timezone.localdate() + timedelta(days=REVIEW_WINDOW_DAYS)
    # Decisions not to tell the customer come up for review like any measure does.
    not_told = (
        policy.visible_non_disclosure_decisions(user)
        .filter(case__assigned_officer=user, review_on__lte=soon)
        .select_related("case__person", "decision")
        .order_by("review_on")[:50]
    )
    measures = (
        policy.visible_decisions(user)
        .filter(case__assigned_officer=user, status=Decision.Status.IN_FORCE, review_on__lte=soon)
        .select_related("case__person")
        .order_by("review_on")[:50]
    )
    return render(
        request,
        "cases/my_work.html",
        {
            "cases": list(cases[:100]),
            "case_count": cases.count(),
            "incidents": list(incidents),
            "not_told": list(not_told),
            "measures": list(measures),
            "today": timezone.localdate(),
            "window": REVIEW_WINDOW_DAYS,
        },
    )
