"""Governance pages: the dashboard and its charts, equality monitoring, board packs and the
policy's own governance. All are for the Head of Service and the Director (ROUTES), except
recording a person's equality details (case officers too, for their own cases)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.http import content_disposition_header
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_http_methods

from access import policy
from access.http import SignedInRequest
from access.reauth import recent_password_required
from audit.actions import record_event, record_read
from audit.models import Event
from governance import periods
from governance.actions import (
    record_board_pack_download,
    record_equality_details,
    record_policy_monitoring,
    record_policy_version,
    request_board_pack,
)
from governance.charts import render_svg
from governance.dashboard import build_sections, chart_table, summary_facts
from governance.equality import equality_section
from governance.forms import (
    BoardPackForm,
    EqualityForm,
    PolicyMonitoringForm,
    PolicyVersionForm,
)
from governance.policy_dates import policy_dates
from governance.views_support import add_errors, chart_slugs, period_from

DOWNLOADS = {
    "pdf": ("application/pdf", "pdf"),
    "csv": ("application/zip", "zip"),
}


@require_GET
def dashboard(request: SignedInRequest) -> HttpResponse:
    today = timezone.localdate()
    form, period = period_from(request.GET, today=today)
    context: dict[str, Any] = {
        "form": form,
        "period": period,
        "shortcuts": periods.shortcuts(today),
        "today": today,
    }
    if period is None:
        return render(request, "governance/dashboard.html", context, status=422)
    sections = build_sections(period, today=today)
    with transaction.atomic():
        record_event(
            subject="governance.dashboard",
            by=request.user,
            kind=Event.DASHBOARD_READ,
            detail={
                "starts_on": period.starts_on.isoformat(),
                "ends_on": period.ends_on.isoformat(),
            },
        )
    context.update(
        sections=sections,
        facts=summary_facts(sections),
        chart_slugs=chart_slugs(sections),
        query=f"starts_on={period.starts_on.isoformat()}&ends_on={period.ends_on.isoformat()}",
    )
    return render(request, "governance/dashboard.html", context)


# An SVG shown as an image carries matplotlib's own style attributes; it runs no script.
@csp_override({"default-src": [CSP.NONE], "style-src": [CSP.UNSAFE_INLINE]})
@require_GET
def chart(request: SignedInRequest, chart: str) -> HttpResponse:
    _, period = period_from(request.GET, today=timezone.localdate())
    table = chart_table(period, chart) if period is not None else None
    if table is None or table.chart is None:
        raise Http404
    return HttpResponse(render_svg(table.chart), content_type="image/svg+xml")


@require_GET
def equality(request: SignedInRequest) -> HttpResponse:
    today = timezone.localdate()
    section = equality_section(today=today)
    with transaction.atomic():
        record_event(subject="governance.equality", by=request.user, kind=Event.EQUALITY_READ)
    return render(request, "governance/equality.html", {"section": section, "today": today})


@require_http_methods(["GET", "POST"])
def equality_record(request: SignedInRequest, person_id: int) -> HttpResponse:
    person = policy.get_person_for_equality(request.user, person_id)
    profile = getattr(person, "equality_profile", None)
    if request.method == "POST":
        form = EqualityForm(request.POST)
        if form.is_valid():
            try:
                record_equality_details(person=person, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "Equality monitoring details recorded.")
                return redirect("people:person", person.pk)
        return render(
            request,
            "governance/equality_record.html",
            {"form": form, "person": person},
            status=422,
        )
    if profile is not None:
        with transaction.atomic():
            record_read(subject=profile, by=request.user, kind=Event.EQUALITY_READ)
    initial = (
        {"sex": profile.sex, "ethnicity": profile.ethnicity, "disability": profile.disability}
        if profile is not None
        else {}
    )
    form = EqualityForm(initial=initial)
    return render(
        request,
        "governance/equality_record.html",
        {"form": form, "person": person, "profile": profile},
    )


@require_http_methods(["GET", "POST"])
def board_packs(request: SignedInRequest) -> HttpResponse:
    today = timezone.localdate()
    form = BoardPackForm(request.POST or None, today=today)
    if request.method == "POST" and form.is_valid():
        pack = request_board_pack(period=form.chosen(), by=request.user)
        return redirect("governance:board_pack", pack.pk)
    packs = policy.visible_board_packs(request.user).select_related("requested_by")
    return render(
        request,
        "governance/board_packs.html",
        {"form": form, "packs": list(packs.defer("pdf", "csv_zip")[:50])},
        status=422 if request.method == "POST" else 200,
    )


@require_GET
def board_pack(request: SignedInRequest, pack_id: int) -> HttpResponse:
    pack = policy.get_board_pack_for_user(request.user, pack_id)
    fragment = bool(request.htmx)  # type: ignore[attr-defined]
    template = "governance/_board_pack_status.html" if fragment else "governance/board_pack.html"
    return render(request, template, {"pack": pack})


@recent_password_required
@require_GET
def board_pack_download(request: SignedInRequest, pack_id: int, kind: str) -> HttpResponse:
    pack = policy.get_board_pack_for_user(request.user, pack_id, with_files=True)
    if kind not in DOWNLOADS or not pack.is_ready:
        raise Http404
    record_board_pack_download(pack=pack, kind=kind, by=request.user)
    content_type, extension = DOWNLOADS[kind]
    response = HttpResponse(pack.stored(kind), content_type=content_type)
    name = f"board-pack-{pack.starts_on:%Y-%m-%d}-to-{pack.ends_on:%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def policy_governance(request: SignedInRequest) -> HttpResponse:
    today = timezone.localdate()
    dates = policy_dates()
    versions = policy.visible_policy_versions(request.user).defer("document")
    return render(
        request,
        "governance/policy.html",
        {
            "dates": dates,
            "approval_state": dates.approval_state(today),
            "monitoring_state": dates.monitoring_state(today),
            "versions": list(versions.select_related("recorded_by")),
            "monitoring": list(
                policy.visible_policy_monitoring(request.user).select_related(
                    "policy_version", "recorded_by"
                )
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def policy_version(request: SignedInRequest) -> HttpResponse:
    form = PolicyVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["document"]
        try:
            record_policy_version(
                version=form.cleaned_data["version"],
                approved_on=form.cleaned_data["approved_on"],
                approved_by=form.cleaned_data["approved_by"],
                summary_of_changes=form.cleaned_data["summary_of_changes"],
                document=upload.read() if upload else None,
                document_name=upload.name if upload else "",
                document_content_type=upload.content_type if upload else "",
                by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Policy version recorded.")
            return redirect("governance:policy")
    status = 422 if request.method == "POST" else 200
    return render(request, "governance/policy_version.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def policy_monitoring(request: SignedInRequest) -> HttpResponse:
    dates = policy_dates()
    if dates.version is None:
        raise Http404
    form = PolicyMonitoringForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_policy_monitoring(
                policy_version=dates.version, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Annual monitoring recorded.")
            return redirect("governance:policy")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "governance/policy_monitoring.html",
        {"form": form, "version": dates.version},
        status=status,
    )


@require_GET
def policy_document(request: SignedInRequest, version_id: int) -> HttpResponse:
    version = policy.get_policy_version_for_user(request.user, version_id)
    if version.document is None:
        raise Http404
    content_type = version.document_content_type or "application/octet-stream"
    response = HttpResponse(version.stored_document(), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=version.document_name
    )
    return response
