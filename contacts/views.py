from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm, Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access import policy
from access.http import SignedInRequest
from contacts.actions import (
    act_on_signal,
    change_signal_settings,
    dismiss_signal,
    log_contact,
    read_contact_log,
    start_contact_import,
)
from contacts.csv_import import BACKGROUND_FROM, OPTIONAL_COLUMNS, REQUIRED_COLUMNS, run_import
from contacts.forms import (
    ActOnSignalForm,
    ContactImportForm,
    DismissSignalForm,
    LogContactForm,
    SignalSettingsForm,
)
from contacts.models import DemandSignal, SignalKind, SignalSettings

RECENT = 5
PAGE_SIZE = 50


def _keep_errors(form: BaseForm, error: ValidationError) -> None:
    """An action's field messages shown against the form's own fields."""
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


@require_http_methods(["GET", "POST"])
def log(request: SignedInRequest, person_id: int) -> HttpResponse:
    person = policy.get_person_for_user(request.user, person_id)
    posted = request.POST if request.method == "POST" else None
    form = LogContactForm(posted, user=request.user)
    if posted is not None and form.is_valid():
        try:
            log_contact(person=person, details=form.details(), by=request.user)
        except ValidationError as error:
            _keep_errors(form, error)
        else:
            messages.success(request, f"Contact with {person.full_name} logged.")
            return redirect("people:person", person.pk)
    return render(
        request,
        "contacts/log.html",
        {"person": person, "form": form},
        status=422 if form.errors else 200,
    )


@require_GET
def person_log(request: SignedInRequest, person_id: int) -> HttpResponse:
    user = request.user
    person = policy.get_person_for_user(user, person_id)
    events = (
        policy.visible_contact_events(user)
        .filter(person=person)
        .select_related("handled_by", "asked_for")
        .order_by("-occurred_at", "-id")
    )
    read_contact_log(person=person, by=user)
    if request.htmx:  # type: ignore[attr-defined]
        recent = list(events[:RECENT])
        return render(request, "contacts/_recent.html", {"person": person, "events": recent})
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    breached = set(
        policy.visible_breaches(user)
        .filter(event__in=[e.pk for e in page])
        .values_list("event_id", flat=True)
    )
    return render(
        request,
        "contacts/person_log.html",
        {"person": person, "page": page, "breached": breached},
    )


@require_http_methods(["GET", "POST"])
def import_contacts(request: SignedInRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = ContactImportForm(request.POST, request.FILES) if posted else ContactImportForm()
    if posted and form.is_valid():
        background = form.row_count > BACKGROUND_FROM
        contact_import = start_contact_import(
            file_name=form.file_name,
            text=form.cleaned_data["file"],
            source=form.cleaned_data["source"],
            rows=form.row_count,
            by=request.user,
            background=background,
        )
        if not background:
            run_import(contact_import.pk)
        return redirect("contacts:import_progress", contact_import.pk)
    imports = policy.visible_contact_imports(request.user).order_by("-started_at")[:10]
    return render(
        request,
        "contacts/import.html",
        {
            "form": form,
            "imports": imports,
            "required_columns": REQUIRED_COLUMNS,
            "optional_columns": OPTIONAL_COLUMNS,
            "background_from": BACKGROUND_FROM,
        },
        status=422 if form.errors else 200,
    )


@require_GET
def import_progress(request: SignedInRequest, contact_import_id: int) -> HttpResponse:
    contact_import = policy.get_contact_import_for_user(request.user, contact_import_id)
    template = (
        "contacts/_import_progress.html"
        if request.htmx  # type: ignore[attr-defined]
        else "contacts/import_progress.html"
    )
    return render(request, template, {"contact_import": contact_import})


@require_GET
def signals(request: SignedInRequest) -> HttpResponse:
    status = request.GET.get("status", DemandSignal.Status.RAISED)
    if status not in DemandSignal.Status.values:
        status = DemandSignal.Status.RAISED
    kind = request.GET.get("kind", "")
    found = (
        policy.visible_demand_signals(request.user)
        .filter(status=status)
        .select_related("person", "team")
        .order_by("-score", "-raised_at", "-pk")
    )
    if kind in SignalKind.values:
        found = found.filter(kind=kind)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "contacts/signals.html",
        {
            "page": page,
            "status": status,
            "kind": kind,
            "statuses": DemandSignal.Status.choices,
            "kinds": SignalKind.choices,
            "can_change_settings": policy.can_change_signal_settings(request.user),
        },
    )


def _signal_page(
    request: SignedInRequest, signal: DemandSignal, *, status: int = 200, **forms: Form
) -> HttpResponse:
    history = (
        policy.visible_demand_signals(request.user)
        .filter(person_id=signal.person_id)
        .exclude(pk=signal.pk)
        .order_by("-raised_at")[:10]
    )
    return render(
        request,
        "contacts/signal.html",
        {
            "signal": signal,
            "history": history,
            "can_work": signal.is_raised and policy.can_work_signal(request.user, signal),
            "dismiss_form": forms.get("dismiss_form") or DismissSignalForm(),
            "act_form": forms.get("act_form")
            or ActOnSignalForm(initial={"description": signal.explanation}),
        },
        status=status,
    )


@require_GET
def signal_detail(request: SignedInRequest, signal_id: int) -> HttpResponse:
    signal = policy.get_demand_signal_for_user(request.user, signal_id)
    return _signal_page(request, signal)


@require_POST
def dismiss(request: SignedInRequest, signal_id: int) -> HttpResponse:
    signal = policy.get_demand_signal_for_user(request.user, signal_id, write=True)
    form = DismissSignalForm(request.POST)
    if form.is_valid():
        try:
            dismiss_signal(signal=signal, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            _keep_errors(form, error)
        else:
            messages.success(request, f"Signal for {signal.person.full_name} dismissed.")
            return redirect("contacts:signals")
    return _signal_page(request, signal, status=422, dismiss_form=form)


@require_POST
def act_on(request: SignedInRequest, signal_id: int) -> HttpResponse:
    signal = policy.get_demand_signal_for_user(request.user, signal_id, write=True)
    form = ActOnSignalForm(request.POST)
    if form.is_valid():
        try:
            incident = act_on_signal(
                signal=signal, description=form.cleaned_data["description"], by=request.user
            )
        except ValidationError as error:
            _keep_errors(form, error)
        else:
            messages.success(request, f"Incident {incident.reference} recorded from the signal.")
            return redirect("incidents:detail", incident.pk)
    return _signal_page(request, signal, status=422, act_form=form)


@require_http_methods(["GET", "POST"])
def signal_settings(request: SignedInRequest) -> HttpResponse:
    can_change = policy.can_change_signal_settings(request.user)
    current = SignalSettings.current()
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        form = SignalSettingsForm(request.POST)
        if form.is_valid():
            try:
                change_signal_settings(values=form.cleaned_data, by=request.user)
            except ValidationError as error:
                _keep_errors(form, error)
            else:
                messages.success(request, "Signal thresholds changed.")
                return redirect("contacts:signal_settings")
    else:
        form = SignalSettingsForm(instance=current)
    return render(
        request,
        "contacts/settings.html",
        {"form": form, "can_change": can_change, "current": current},
        status=422 if form.errors else 200,
    )
