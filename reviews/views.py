from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from access import policy
from access.http import SignedInRequest
from decisions.models import Decision, DecisionSettings
from restrictions.models import ContactRestriction
from reviews.actions import record_review
from reviews.forms import RecordReviewForm
from reviews.models import Review
from reviews.selectors import (
    due_measures,
    due_non_disclosures,
    is_reviewable,
    measure_of,
    non_disclosure_for,
    versions_of,
)

PAGE_SIZE = 50
NOT_TOLD_LIMIT = 100


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
def overdue(request: SignedInRequest) -> HttpResponse:
    """Measures due for review within the reminder window, and overdue ones, that the viewer
    may see; and decisions not to tell the customer that are due."""
    user = request.user
    today = timezone.localdate()
    window = DecisionSettings.current().review_reminder_days
    measures = due_measures(policy.visible_decisions(user), today=today, window_days=window)
    page = Paginator(measures, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "decision": decision,
            "measure": measure_of(decision),
            "overdue": decision.review_on < today,
            "can_review": policy.can_work_case(user, decision.case),
        }
        for decision in page.object_list
    ]
    not_told = due_non_disclosures(
        policy.visible_non_disclosure_decisions(user), today=today, window_days=window
    )
    return render(
        request,
        "reviews/overdue.html",
        {
            "page": page,
            "rows": rows,
            "not_told": [
                {"record": record, "can_review": policy.can_work_case(user, record.case)}
                for record in not_told[:NOT_TOLD_LIMIT]
            ],
            "not_told_count": not_told.count(),
            "not_told_limit": NOT_TOLD_LIMIT,
            "today": today,
            "window": window,
        },
    )


def _record_context(
    request: SignedInRequest, decision: Decision, form: RecordReviewForm | None = None
) -> dict[str, Any]:
    user = request.user
    measure = measure_of(decision)
    reviewable = is_reviewable(decision)
    not_told = non_disclosure_for(decision, policy.visible_non_disclosure_decisions(user))
    if reviewable and form is None:
        form = RecordReviewForm(
            is_restriction=isinstance(measure, ContactRestriction),
            has_non_disclosure=not_told is not None,
        )
    reviews = (
        policy.visible_reviews(user)
        .filter(decision__in=[version.pk for version in versions_of(decision)])
        .select_related("decision", "resulting_decision", "reviewed_by", "letter")
        .order_by("-reviewed_at", "-id")
    )
    replaced_by = (
        policy.visible_decisions(user).filter(replaces=decision).first()
        if decision.status == Decision.Status.VARIED
        else None
    )
    today = timezone.localdate()
    return {
        "decision": decision,
        "case": decision.case,
        "measure": measure,
        "is_restriction": isinstance(measure, ContactRestriction),
        "reviewable": reviewable,
        "overdue": reviewable and decision.review_on is not None and decision.review_on < today,
        "not_told": not_told,
        "reviews": list(reviews[:20]),
        "replaced_by": replaced_by,
        "form": form if reviewable else None,
        "today": today,
    }


@require_http_methods(["GET", "POST"])
def record(request: SignedInRequest, decision_id: int) -> HttpResponse:
    decision = policy.get_decision_for_user(request.user, decision_id, write=True)
    context = _record_context(request, decision)
    if request.method != "POST":
        return render(request, "reviews/record.html", context)
    if not context["reviewable"]:
        return render(request, "reviews/record.html", context, status=422)
    form = RecordReviewForm(
        request.POST,
        is_restriction=context["is_restriction"],
        has_non_disclosure=context["not_told"] is not None,
    )
    if form.is_valid():
        try:
            review = record_review(decision=decision, by=request.user, **form.action_arguments())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _said(review))
            return redirect("reviews:record", (review.resulting_decision or decision).pk)
    context = _record_context(request, decision, form)
    return render(request, "reviews/record.html", context, status=422)


def _said(review: Review) -> str:
    if review.outcome == Review.Outcome.CONTINUE:
        assert review.next_review_on is not None
        done = f"it continues, next review by {review.next_review_on:%d %B %Y}"
    elif review.outcome == Review.Outcome.VARY:
        assert review.resulting_decision is not None
        done = f"it is varied, now {review.resulting_decision.reference}"
    else:
        done = "it is lifted"
    return f"Review recorded: {done}. Check the draft letter to the customer and issue it."
