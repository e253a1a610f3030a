"""Reviews on the case page and on My work."""

from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone

from access import policy
from access.http import SignedInRequest
from access.models import Role
from cases.models import Case
from decisions.models import Decision, DecisionSettings
from reviews.selectors import due_measures, due_non_disclosures, measure_of, measures_in_force

# The most recent; the reviews page and each measure's review page show the rest.
PANEL_LIMIT = 20


def case_panel(request: SignedInRequest, case: Case) -> dict[str, Any]:
    """Context for templates/reviews/_case_panel.html, under one key: `reviews`.

    The case's measures in force with their review dates, and its recent reviews. Two
    bounded queries, both through the access policy.
    """
    user = request.user
    today = timezone.localdate()
    window = DecisionSettings.current().review_reminder_days
    measures = (
        measures_in_force(policy.visible_decisions(user).filter(case=case))
        .select_related("warning_flag", "contact_restriction")
        .order_by("review_on", "id")[:PANEL_LIMIT]
    )
    reviews = (
        policy.visible_reviews(user)
        .filter(decision__case=case)
        .select_related("decision", "resulting_decision", "reviewed_by", "letter")
        .order_by("-reviewed_at", "-id")[:PANEL_LIMIT]
    )
    return {
        "reviews": {
            "case": case,
            "can_work": policy.can_work_case(user, case),
            "measures": [_case_row(decision, today=today, window=window) for decision in measures],
            "reviews": list(reviews),
            "today": today,
        }
    }


def _case_row(decision: Decision, *, today: date, window: int) -> dict[str, Any]:
    assert decision.review_on is not None  # a measure in force always has one
    return {
        "decision": decision,
        "measure": measure_of(decision),
        "overdue": decision.review_on < today,
        "due_soon": (decision.review_on - today).days <= window,
    }


def my_work_panel(request: SignedInRequest) -> dict[str, Any]:
    """Context for templates/reviews/_my_work_panel.html, under one key: `reviews`.

    The viewer's own measures due for review soon or overdue, and their decisions not to tell
    the customer that are due: the cases assigned to them (for the Head of Service, also the
    cases nobody is assigned to, which the sweep reminds them about).
    """
    user = request.user
    today = timezone.localdate()
    window = DecisionSettings.current().review_reminder_days
    mine = Q(case__assigned_officer=user)
    if user.role == Role.HEAD_OF_SERVICE:
        mine |= Q(case__assigned_officer__isnull=True) | Q(case__assigned_officer__is_active=False)
    measures = due_measures(
        policy.visible_decisions(user).filter(mine), today=today, window_days=window
    )
    not_told = due_non_disclosures(
        policy.visible_non_disclosure_decisions(user).filter(mine),
        today=today,
        window_days=window,
    )
    return {
        "reviews": {
            "measures": [
                {
                    "decision": decision,
                    "measure": measure_of(decision),
                    "overdue": decision.review_on < today,
                }
                for decision in measures[:PANEL_LIMIT]
            ],
            "measure_count": measures.count(),
            "not_told": list(not_told[:PANEL_LIMIT]),
            "overdue_count": measures.filter(review_on__lt=today).count(),
            "today": today,
            "window": window,
            "can_work": policy.has_capability(user, policy.Capability.WORK_CASES),
        }
    }
