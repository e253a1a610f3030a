from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access import policy
from access.http import SignedInRequest
from audit.actions import record_event
from audit.models import Event
from cases.models import Case
from decisions.models import Decision
from flags import instructions
from letters.actions import (
    RESPONSE_KIND,
    draft_letter,
    issue_letter,
    record_customer_not_told,
    update_draft,
)
from letters.content import missing_parts
from letters.forms import (
    DraftLetterForm,
    IssueLetterForm,
    LetterPartsForm,
    WithholdForm,
    add_action_errors,
)
from letters.models import MEASURE_KINDS, Letter
from letters.rendering import letter_context, render_letter_pdf


def _case_decisions(request: SignedInRequest, case: Case) -> QuerySet[Decision]:
    return policy.visible_decisions(request.user).filter(case=case).order_by("-proposed_at", "-id")


def _initial_from_decision(decisions: QuerySet[Decision], wanted: str | None) -> dict[str, Any]:
    """`?decision=<id>` pre-fills the kind of letter and, for a measure, its dates."""
    if not wanted or not wanted.isdigit():
        return {}
    decision = decisions.filter(pk=int(wanted)).first()
    if decision is None:
        return {}
    kind = RESPONSE_KIND.get(decision.response, "")
    initial: dict[str, Any] = {"decision": decision.pk, "kind": kind}
    if kind in MEASURE_KINDS and decision.review_on:
        initial["review_on"] = decision.review_on
        if decision.starts_on:
            initial["measure_duration"] = (
                f"From {date_format(decision.starts_on, 'j F Y')} until we review it on "
                f"{date_format(decision.review_on, 'j F Y')}"
            )
    return initial


@require_http_methods(["GET", "POST"])
def draft(request: SignedInRequest, case_id: int) -> HttpResponse:
    case = policy.get_case_for_user(request.user, case_id, write=True)
    decisions = _case_decisions(request, case)
    if request.method == "GET":
        initial = _initial_from_decision(decisions, request.GET.get("decision"))
        form = DraftLetterForm(initial=initial, decisions=decisions)
        return render(request, "letters/draft.html", {"case": case, "form": form})
    form = DraftLetterForm(request.POST, decisions=decisions)
    if form.is_valid():
        try:
            letter = draft_letter(
                case=case,
                kind=form.cleaned_data["kind"],
                decision=form.cleaned_data["decision"],
                by=request.user,
                **form.parts(),
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            messages.success(
                request, f"{letter.reference} saved as a draft. Check it, then issue it."
            )
            return redirect("letters:detail", letter.pk)
    return render(request, "letters/draft.html", {"case": case, "form": form}, status=422)


def _parts_data(letter: Letter) -> dict[str, str]:
    return {
        "behaviour_found": letter.behaviour_found,
        "expected_behaviour": letter.expected_behaviour,
        "consequences": letter.consequences,
        "measure_duration": letter.measure_duration,
        "review_on": letter.review_on.isoformat() if letter.review_on else "",
        "body": letter.body,
        "version": str(letter.version),
    }


def _detail_context(
    request: SignedInRequest,
    letter: Letter,
    *,
    parts_form: LetterPartsForm | None = None,
    issue_form: IssueLetterForm | None = None,
) -> dict[str, Any]:
    can_work = not letter.is_issued and policy.can_work_case(request.user, letter.case)
    if parts_form is None:
        parts_form = LetterPartsForm(_parts_data(letter))
        parts_form.is_valid()
    withheld: list[Any] = []
    if letter.decision_id:
        withheld = list(
            policy.visible_non_disclosure_decisions(request.user).filter(
                decision_id=letter.decision_id, review_on__gte=timezone.localdate()
            )
        )
    # The letters screen shows what to do with this customer too (need to know, no reasons).
    shown = instructions.for_people([letter.case.person_id]).get(letter.case.person_id, [])
    return {
        "instructions": shown,
        **letter_context(letter, draft=not letter.is_issued, in_page=True),
        "can_work": can_work,
        "parts_form": parts_form,
        "issue_form": issue_form or IssueLetterForm(),
        "missing": missing_parts(letter) if not letter.is_issued else [],
        "withheld": withheld,
    }


@require_GET
def detail(request: SignedInRequest, letter_id: int) -> HttpResponse:
    letter = policy.get_letter_for_user(request.user, letter_id)
    return render(request, "letters/detail.html", _detail_context(request, letter))


def _error_codes(error: ValidationError) -> list[str | None]:
    return [item.code for item in error.error_list] if hasattr(error, "error_list") else []


@require_POST
def update(request: SignedInRequest, letter_id: int) -> HttpResponse:
    letter = policy.get_letter_for_user(request.user, letter_id, write=True)
    form = LetterPartsForm(request.POST)
    if form.is_valid():
        try:
            update_draft(
                letter=letter,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                **form.parts(),
            )
        except ValidationError as error:
            add_action_errors(form, error)
            if any(code == "stale" for code in _error_codes(error)):
                # Keep what they typed, now against the current version, so a second save
                # after checking goes through.
                letter.refresh_from_db()
                data = request.POST.copy()
                data["version"] = str(letter.version)
                form.data = data
        else:
            messages.success(request, f"{letter.reference} saved.")
            return redirect("letters:detail", letter.pk)
    context = _detail_context(request, letter, parts_form=form)
    return render(request, "letters/detail.html", context, status=422)


@require_POST
def issue(request: SignedInRequest, letter_id: int) -> HttpResponse:
    letter = policy.get_letter_for_user(request.user, letter_id, write=True)
    issue_form = IssueLetterForm(request.POST)
    parts_form = LetterPartsForm(_parts_data(letter))
    parts_form.is_valid()
    if issue_form.is_valid():
        try:
            issue_letter(letter=letter, channel=issue_form.cleaned_data["channel"], by=request.user)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                # Missing parts are shown on the parts they belong to; the rest on the issue form.
                for field, field_messages in error.message_dict.items():
                    target = parts_form if field in parts_form.fields else issue_form
                    target.add_error(field if field in target.fields else None, field_messages)
            else:
                issue_form.add_error(None, error.messages)
        else:
            messages.success(request, f"{letter.reference} issued and added to the chronology.")
            return redirect("letters:detail", letter.pk)
    context = _detail_context(request, letter, parts_form=parts_form, issue_form=issue_form)
    return render(request, "letters/detail.html", context, status=422)


@require_GET
def pdf(request: SignedInRequest, letter_id: int) -> HttpResponse:
    letter = policy.get_letter_for_user(request.user, letter_id)
    large = request.GET.get("large") == "1"
    if letter.is_issued:
        # The bytes rendered at issue, byte for byte: what the customer received.
        content = letter.stored_pdf(large_print=large)
    else:
        content = render_letter_pdf(letter, large=large, draft=True)
    record_event(
        subject=letter,
        by=request.user,
        kind=Event.LETTER_READ,
        detail={"large_print": large, "draft": not letter.is_issued},
    )
    name = (
        letter.reference
        + ("-large-print" if large else "")
        + ("" if letter.is_issued else "-DRAFT")
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def withhold(request: SignedInRequest, case_id: int) -> HttpResponse:
    case = policy.get_case_for_user(request.user, case_id, write=True)
    decisions = _case_decisions(request, case).exclude(status=Decision.Status.REJECTED)
    if request.method == "GET":
        form = WithholdForm(decisions=decisions)
        return render(request, "letters/withhold.html", {"case": case, "form": form})
    form = WithholdForm(request.POST, decisions=decisions)
    if form.is_valid():
        try:
            record = record_customer_not_told(
                case=case,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                review_on=form.cleaned_data["review_on"],
                by=request.user,
            )
        except ValidationError as error:
            add_action_errors(form, error)
        else:
            review_on: date = record.review_on
            messages.success(
                request,
                f"Recorded that the customer will not be told about {record.decision.reference}. "
                f"Review it by {date_format(review_on, 'j F Y')}.",
            )
            return redirect("cases:detail", case.pk)
    return render(request, "letters/withhold.html", {"case": case, "form": form}, status=422)
