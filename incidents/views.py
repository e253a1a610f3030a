from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from access import policy
from access.http import SignedInRequest
from audit.actions import record_read
from audit.models import Event
from flags import instructions
from incidents.actions import report_incident
from incidents.forms import IncidentForm
from people.models import Person
from people.search import search_people
from support.panels import incident_panel


def _selected_ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit()][:10]


def _picker_context(
    request: SignedInRequest, query: str, selected: list[Person]
) -> dict[str, object]:
    people = policy.visible_people(request.user)
    chosen = {person.pk for person in selected}
    results = [p for p in search_people(people, query) if p.pk not in chosen] if query else []
    # The reporter sees, beside each person, what to do (handling instructions), never why.
    shown = instructions.for_people([p.pk for p in [*selected, *results]])
    return {
        "selected_people": selected,
        "search_results": results,
        "person_query": query,
        "person_instructions": shown,
    }


@require_http_methods(["GET", "POST"])
def report(request: SignedInRequest) -> HttpResponse:
    people = policy.visible_people(request.user)
    if request.method == "POST":
        form = IncidentForm(request.POST, request.FILES, user=request.user, people=people)
        selected = list(
            people.filter(pk__in=_selected_ids(request.POST.getlist("responsible"))).select_related(
                "household__property"
            )
        )
        searching = request.POST.get("action") == "search"
        if not searching and form.is_valid():
            try:
                incident = report_incident(report=form.to_report(), by=request.user)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                return redirect("incidents:reported", incident.pk)
        context = {
            "form": form,
            "files_dropped": bool(request.FILES),
            **_picker_context(request, request.POST.get("person_query", "").strip(), selected),
        }
        if searching:
            form.errors.clear()
        return render(request, "incidents/report.html", context, status=200 if searching else 422)
    form = IncidentForm(user=request.user, people=people)
    preselected = [int(request.GET["person"])] if request.GET.get("person", "").isdigit() else []
    selected = list(people.filter(pk__in=preselected).select_related("household__property"))
    return render(
        request, "incidents/report.html", {"form": form, **_picker_context(request, "", selected)}
    )


@require_GET
def person_options(request: SignedInRequest) -> HttpResponse:
    """htmx: the people matching what has been typed, as options to tick."""
    query = request.GET.get("person_query", "").strip()[:200]
    # People already ticked stay ticked while the colleague searches for another.
    ticked = _selected_ids(request.GET.getlist("responsible"))
    selected = list(
        policy.visible_people(request.user)
        .filter(pk__in=ticked)
        .select_related("household__property")
    )
    return render(
        request, "incidents/_person_options.html", _picker_context(request, query, selected)
    )


@require_GET
def reported(request: SignedInRequest, incident_id: int) -> HttpResponse:
    incident = policy.get_incident_for_user(request.user, incident_id)
    if incident.reported_by_id != request.user.pk:
        policy.refuse(request.user)
    managers = [
        a.line_manager
        for a in incident.affected_colleagues.select_related("line_manager")
        if a.line_manager is not None
    ]
    return render(request, "incidents/reported.html", {"incident": incident, "managers": managers})


@require_GET
def mine(request: SignedInRequest) -> HttpResponse:
    incidents = (
        policy.visible_incidents(request.user)
        .filter(reported_by=request.user)
        .order_by("-reported_at", "-id")
    )
    page = Paginator(incidents, 25).get_page(request.GET.get("page"))
    return render(request, "incidents/mine.html", {"page": page})


@require_GET
def detail(request: SignedInRequest, incident_id: int) -> HttpResponse:
    incident = policy.get_incident_for_user(request.user, incident_id)
    record_read(subject=incident, by=request.user, kind=Event.INCIDENT_READ)
    context = {
        "incident": incident,
        "behaviours": list(incident.behaviours.all()),
        "people": list(incident.people.select_related("person")),
        "colleagues": list(
            incident.affected_colleagues.select_related("colleague", "line_manager")
        ),
        "witnesses": list(incident.witnesses.all()),
        "evidence": list(incident.evidence.all()),
        "case_visible": incident.case_id is not None
        and policy.visible_cases(request.user).filter(pk=incident.case_id).exists(),
        "support": incident_panel(request, incident),
    }
    return render(request, "incidents/detail.html", context)


@require_GET
def evidence(request: SignedInRequest, evidence_id: int) -> FileResponse:
    item = policy.get_evidence_for_user(request.user, evidence_id)
    record_read(subject=item, by=request.user, kind=Event.EVIDENCE_READ)
    response = FileResponse(
        storages["evidence"].open(item.stored_name, "rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
