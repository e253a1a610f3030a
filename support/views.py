from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access import policy
from access.http import SignedInRequest
from audit.actions import record_read
from audit.models import Event
from incidents.models import AffectedColleague
from support.actions import add_follow_up as add_follow_up_action
from support.actions import complete_follow_up as complete_follow_up_action
from support.actions import complete_support, record_support
from support.forms import (
    CompleteSupportForm,
    FollowUpDoneForm,
    FollowUpForm,
    SupportForm,
    add_action_errors,
    is_stale,
    with_current_version,
)
from support.models import ColleagueSupport

FOLLOW_UPS_PAGE_SIZE = 50
AWAITING_LIMIT = 50


def _support_of(affected: AffectedColleague) -> ColleagueSupport | None:
    # A missing reverse one-to-one raises an AttributeError subclass: no record kept yet.
    support: ColleagueSupport | None = getattr(affected, "support", None)
    return support


def _done_form_prefix(follow_up_id: int) -> str:
    return f"follow-up-{follow_up_id}"


def _render_record(
    request: SignedInRequest,
    affected: AffectedColleague,
    *,
    status: int = 200,
    **forms: django_forms.Form,
) -> HttpResponse:
    support = _support_of(affected)
    # Support records are about a colleague's wellbeing: every read is logged.
    record_read(subject=support or affected, by=request.user, kind=Event.SUPPORT_READ)
    can_record = policy.can_record_support(request.user, affected)
    follow_ups = (
        list(support.follow_ups.select_related("added_by", "done_by").order_by("due_on", "id"))
        if support
        else []
    )
    failed_done = forms.get("done_form")
    for follow_up in follow_ups:
        follow_up.done_form = (  # type: ignore[attr-defined]
            failed_done
            if failed_done is not None and failed_done.prefix == _done_form_prefix(follow_up.pk)
            else FollowUpDoneForm(prefix=_done_form_prefix(follow_up.pk))
        )
    open_follow_ups = [f for f in follow_ups if not f.is_done]
    context = {
        "affected": affected,
        "incident": affected.incident,
        "support": support,
        "offers": support.offers() if support else [],
        "can_record": can_record and not (support and support.is_completed),
        "follow_ups": follow_ups,
        "open_follow_ups": open_follow_ups,
        "today": timezone.localdate(),
        "support_form": forms.get("support_form") or SupportForm.for_support(support),
        "follow_up_form": forms.get("follow_up_form") or FollowUpForm(),
        "done_form": failed_done,
        "complete_form": forms.get("complete_form")
        or CompleteSupportForm(initial={"version": support.version if support else 1}),
        "has_errors": any(form.errors for form in forms.values()),
    }
    return render(request, "support/record.html", context, status=status)


@require_http_methods(["GET", "POST"])
def record(request: SignedInRequest, affected_id: int) -> HttpResponse:
    if request.method != "POST":
        affected = policy.get_support_for_user(request.user, affected_id)
        return _render_record(request, affected)
    affected = policy.get_support_for_user(request.user, affected_id, write=True)
    form = SupportForm(request.POST)
    if form.is_valid():
        try:
            record_support(
                affected=affected,
                discussed_on=form.cleaned_data["discussed_on"],
                needs_notes=form.cleaned_data["needs_notes"],
                offered=form.cleaned_data["offered"],
                offered_other=form.cleaned_data["offered_other"],
                accepted=form.cleaned_data["accepted"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
            if is_stale(error):
                # Read now, after the refusal: the record as someone else has just saved it.
                current = _support_of(affected)
                with_current_version(form, current.version if current else 0)
        else:
            messages.success(request, f"Support for {affected.colleague.display_name} recorded.")
            return redirect("support:record", affected.pk)
    return _render_record(request, affected, status=422, support_form=form)


@require_POST
def add_follow_up(request: SignedInRequest, affected_id: int) -> HttpResponse:
    affected = policy.get_support_for_user(request.user, affected_id, write=True)
    support = _support_of(affected)
    form = FollowUpForm(request.POST)
    if support is None:
        form.is_valid()
        form.add_error(None, "Record the support conversation before adding a follow-up.")
    elif form.is_valid():
        try:
            add_follow_up_action(
                support=support,
                due_on=form.cleaned_data["due_on"],
                notes=form.cleaned_data["notes"],
                by=request.user,
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "Follow-up added.")
            return redirect("support:record", affected.pk)
    return _render_record(request, affected, status=422, follow_up_form=form)


@require_POST
def complete_follow_up(request: SignedInRequest, follow_up_id: int) -> HttpResponse:
    follow_up = policy.get_support_follow_up_for_user(request.user, follow_up_id, write=True)
    affected = policy.get_support_for_user(request.user, follow_up.support.affected_id)
    form = FollowUpDoneForm(request.POST, prefix=_done_form_prefix(follow_up.pk))
    if form.is_valid():
        try:
            complete_follow_up_action(
                follow_up=follow_up,
                outcome_notes=form.cleaned_data["outcome_notes"],
                by=request.user,
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(request, "Follow-up marked as done.")
            return redirect("support:record", affected.pk)
    return _render_record(request, affected, status=422, done_form=form)


@require_POST
def complete(request: SignedInRequest, affected_id: int) -> HttpResponse:
    affected = policy.get_support_for_user(request.user, affected_id, write=True)
    support = _support_of(affected)
    form = CompleteSupportForm(request.POST)
    if support is None:
        form.is_valid()
        form.add_error(None, "Record the support conversation before completing it.")
    elif form.is_valid():
        try:
            complete_support(
                support=support,
                summary=form.cleaned_data["summary"],
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_action_errors(form, error)
            if is_stale(error):
                # Show the record as it is now, with their summary kept.
                support.refresh_from_db()
                with_current_version(form, support.version)
        else:
            messages.success(request, f"Support for {affected.colleague.display_name} completed.")
            return redirect("support:record", affected.pk)
    return _render_record(request, affected, status=422, complete_form=form)


@require_GET
def follow_ups(request: SignedInRequest) -> HttpResponse:
    user = request.user
    open_follow_ups = (
        policy.visible_support_follow_ups(user)
        .filter(done_on__isnull=True)
        .select_related("support__affected__colleague", "support__affected__incident")
        .order_by("due_on", "id")
    )
    page = Paginator(open_follow_ups, FOLLOW_UPS_PAGE_SIZE).get_page(request.GET.get("page"))
    # The line manager's own prompt: team members affected with no support recorded yet.
    awaiting = (
        policy.visible_support(user)
        .filter(Q(line_manager=user) | Q(colleague__line_manager=user), support__isnull=True)
        .exclude(colleague=user)
        .select_related("colleague", "incident")
        .order_by("-incident__reported_at", "-id")[:AWAITING_LIMIT]
    )
    return render(
        request,
        "support/follow_ups.html",
        {"page": page, "today": timezone.localdate(), "awaiting": list(awaiting)},
    )
