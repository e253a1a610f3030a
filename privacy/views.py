from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access import policy
from access.http import SignedInRequest
from access.reauth import recent_password_required
from people.search import search_people
from privacy.actions import (
    add_customer_statement,
    change_retention_schedule,
    correct_incident_facts,
    correct_person_details,
    record_subject_access_download,
    release_held_back_item,
    request_subject_access,
)
from privacy.forms import (
    CorrectIncidentForm,
    CorrectPersonForm,
    FindPersonForm,
    ReleaseForm,
    RetentionForm,
    StatementForm,
    SubjectAccessForm,
    add_action_errors,
)
from privacy.models import RetentionSettings

CONTENT_TYPES = {"pdf": "application/pdf", "json": "application/json", "zip": "application/zip"}


@require_GET
def index(request: SignedInRequest) -> HttpResponse:
    form = FindPersonForm(request.GET or None)
    results = []
    if form.is_bound and form.is_valid():
        results = search_people(policy.data_protection_people(request.user), form.cleaned_data["q"])
    recent = (
        policy.visible_subject_access_requests(request.user)
        .select_related("person")
        .defer("report_pdf", "data_json", "bundle_zip")[:20]
    )
    return render(
        request,
        "privacy/index.html",
        {"form": form, "results": results, "recent": recent, "searched": form.is_bound},
    )


def _person_context(request: SignedInRequest, person: Any, **extra: Any) -> dict[str, Any]:
    user = request.user
    return {
        "person": person,
        "requests": policy.visible_subject_access_requests(user)
        .filter(person=person)
        .defer("report_pdf", "data_json", "bundle_zip"),
        "corrections": policy.visible_corrections(user).filter(person=person),
        "statements": policy.visible_customer_statements(user)
        .filter(person=person)
        .select_related("assessment", "decision", "incident"),
        "incidents": policy.visible_incidents(user)
        .filter(people__person=person)
        .distinct()
        .order_by("-occurred_at"),
        "cases": policy.visible_cases(user).filter(person=person).order_by("-opened_at"),
        "form": extra.pop("form", None)
        or SubjectAccessForm(initial={"received_on": timezone.localdate()}),
        **extra,
    }


@require_GET
def person(request: SignedInRequest, person_id: int) -> HttpResponse:
    found = policy.get_person_for_data_protection(request.user, person_id)
    return render(request, "privacy/person.html", _person_context(request, found))


@require_POST
def request_export(request: SignedInRequest, person_id: int) -> HttpResponse:
    found = policy.get_person_for_data_protection(request.user, person_id)
    form = SubjectAccessForm(request.POST)
    if form.is_valid():
        try:
            made = request_subject_access(
                person=found, received_on=form.cleaned_data["received_on"], by=request.user
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"{made.reference} requested. It is being built.")
            return redirect("privacy:export", made.pk)
    context = _person_context(request, found, form=form)
    return render(request, "privacy/person.html", context, status=422)


def _export_context(request: SignedInRequest, export: Any, **extra: Any) -> dict[str, Any]:
    return {
        "export": export,
        "items": export.held_back.select_related("released_by"),
        "release_form": ReleaseForm(),
        **extra,
    }


@require_GET
def export(request: SignedInRequest, request_id: int) -> HttpResponse:
    found = policy.get_subject_access_request_for_user(request.user, request_id)
    return render(request, "privacy/export.html", _export_context(request, found))


@require_GET
def export_progress(request: SignedInRequest, request_id: int) -> HttpResponse:
    found = policy.get_subject_access_request_for_user(request.user, request_id)
    return render(request, "privacy/_progress.html", {"export": found})


@require_GET
@recent_password_required
def download(request: SignedInRequest, request_id: int) -> HttpResponse:
    found = policy.get_subject_access_request_for_user(request.user, request_id)
    file_format = request.GET.get("format", "pdf")
    if file_format not in CONTENT_TYPES or not found.is_ready:
        raise Http404
    content = record_subject_access_download(
        request=found, file_format=file_format, by=request.user
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    name = f"{found.reference}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def release_item(request: SignedInRequest, item_id: int) -> HttpResponse:
    item = policy.get_held_back_item_for_user(request.user, item_id)
    form = ReleaseForm(request.POST)
    if form.is_valid():
        try:
            release_held_back_item(item=item, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, f"{item.label} released. The export is being rebuilt.")
            return redirect("privacy:export", item.request_id)
    context = _export_context(request, item.request, release_form=form, failed_item=item.pk)
    return render(request, "privacy/export.html", context, status=422)


@require_http_methods(["GET", "POST"])
def correct_person(request: SignedInRequest, person_id: int) -> HttpResponse:
    found = policy.get_person_for_data_protection(request.user, person_id)
    if request.method == "GET":
        fields = ["first_name", "last_name", "date_of_birth", "email", "phone"]
        form = CorrectPersonForm(initial={name: getattr(found, name) for name in fields})
        return render(request, "privacy/correct_person.html", {"person": found, "form": form})
    form = CorrectPersonForm(request.POST)
    if form.is_valid():
        try:
            correct_person_details(
                person=found,
                changes=form.changes(),
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "Corrected. The previous values are kept in the history.")
            return redirect("privacy:person", found.pk)
    context = {"person": found, "form": form}
    return render(request, "privacy/correct_person.html", context, status=422)


@require_http_methods(["GET", "POST"])
def correct_incident(request: SignedInRequest, incident_id: int) -> HttpResponse:
    incident = policy.get_incident_for_data_protection(request.user, incident_id)
    history = policy.visible_corrections(request.user).filter(incident=incident)
    if request.method == "GET":
        fields = ["occurred_at", "channel", "location", "colleague_at_work"]
        initial = {name: getattr(incident, name) for name in fields}
        initial["occurred_at"] = timezone.localtime(incident.occurred_at)
        form = CorrectIncidentForm(initial=initial)
        context = {"incident": incident, "form": form, "history": history}
        return render(request, "privacy/correct_incident.html", context)
    form = CorrectIncidentForm(request.POST)
    if form.is_valid():
        try:
            correct_incident_facts(
                incident=incident,
                changes=form.changes(),
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(
                request, f"{incident.reference} corrected; the history keeps the old values."
            )
            return redirect("privacy:correct_incident", incident.pk)
    context = {"incident": incident, "form": form, "history": history}
    return render(request, "privacy/correct_incident.html", context, status=422)


def _opinion_choices(request: SignedInRequest, case: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    opinions = policy.statement_opinions(request.user, case)
    by_key: dict[str, Any] = {}
    groups: dict[str, list[tuple[str, str]]] = {
        "Assessments": [],
        "Decisions": [],
        "Incident accounts": [],
    }
    for assessment in opinions["assessment"]:
        key = f"assessment:{assessment.pk}"
        by_key[key] = assessment
        groups["Assessments"].append((key, str(assessment)))
    for decision in opinions["decision"]:
        key = f"decision:{decision.pk}"
        by_key[key] = decision
        groups["Decisions"].append(
            (key, f"{decision.reference}: {decision.get_response_display()}")
        )
    for incident in opinions["incident"]:
        key = f"incident:{incident.pk}"
        by_key[key] = incident
        groups["Incident accounts"].append(
            (key, f"{incident.reference} ({timezone.localtime(incident.occurred_at):%d %b %Y})")
        )
    return groups, by_key


@require_http_methods(["GET", "POST"])
def add_statement(request: SignedInRequest, case_id: int) -> HttpResponse:
    case = policy.get_case_for_data_protection(request.user, case_id)
    groups, by_key = _opinion_choices(request, case)
    if request.method == "GET":
        initial = {"opinion": request.GET.get("opinion", ""), "received_on": timezone.localdate()}
        form = StatementForm(initial=initial, opinions=groups)
        return render(request, "privacy/add_statement.html", {"case": case, "form": form})
    form = StatementForm(request.POST, opinions=groups)
    if form.is_valid():
        try:
            add_customer_statement(
                opinion=by_key[form.cleaned_data["opinion"]],
                text=form.cleaned_data["text"],
                received_on=form.cleaned_data["received_on"],
                by=request.user,
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "The customer's statement is kept with the opinion.")
            return redirect("privacy:person", case.person_id)
    return render(request, "privacy/add_statement.html", {"case": case, "form": form}, status=422)


@require_http_methods(["GET", "POST"])
def retention(request: SignedInRequest) -> HttpResponse:
    current = RetentionSettings.current()
    can_change = policy.can_change_retention(request.user)
    fields = ["case_closed_years", "lifted_measure_years", "contact_event_years"]
    if request.method == "GET":
        form = RetentionForm(initial={name: getattr(current, name) for name in fields})
        context = {"form": form, "current": current, "can_change": can_change}
        return render(request, "privacy/retention.html", context)
    policy.require_retention_editor(request.user)
    form = RetentionForm(request.POST)
    if form.is_valid():
        try:
            change_retention_schedule(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "Retention schedule saved. The daily sweep applies it.")
            return redirect("privacy:retention")
    context = {"form": form, "current": current, "can_change": can_change}
    return render(request, "privacy/retention.html", context, status=422)
