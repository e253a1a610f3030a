from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from access import policy
from access.http import SignedInRequest
from appeals import panels as appeals_panels
from audit.actions import record_read
from audit.models import Event
from cases.actions import add_case_note, assign_case
from cases.forms import AssignCaseForm, CaseNoteForm
from cases.models import Case
from contractors import panels as contractors_panels
from decisions import panels as decisions_panels
from flags import instructions
from interventions import panels as interventions_panels
from letters import panels as letters_panels
from reviews import panels as reviews_panels

CHRONOLOGY_PAGE_SIZE = 50
CASE_PANELS = [
    decisions_panels.case_panel,
    letters_panels.case_panel,
    appeals_panels.case_panel,
    interventions_panels.case_panel,
    contractors_panels.case_panel,
    reviews_panels.case_panel,
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
        "instructions": instructions.for_people([case.person_id]).get(case.person_id, []),
        "note_form": forms.get("note_form") or CaseNoteForm(),
        "assign_form": forms.get("assign_form")
        or AssignCaseForm(officers=officers, initial={"version": case.version}),
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
            assign_case(
                case=case,
                officer=form.cleaned_data["officer"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            stale = getattr(error, "code", None) == "stale"
            form.add_error(None if stale else "officer", error.messages[0])
            if stale:
                # Keep their choice, now against the current version, so saving again works.
                case.refresh_from_db()
                data = request.POST.copy()
                data["version"] = str(case.version)
                form.data = data
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
    return render(
        request,
        "cases/my_work.html",
        {
            "cases": list(cases[:100]),
            "case_count": cases.count(),
            "incidents": list(incidents),
            **reviews_panels.my_work_panel(request),
        },
    )
