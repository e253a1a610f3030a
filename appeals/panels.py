"""The case page's section on appeals."""

from typing import Any

from access import policy
from access.http import SignedInRequest
from cases.models import Case
from decisions.models import Decision, Response

# The case page shows the most recent; the appeals list shows the rest.
PANEL_LIMIT = 20


def case_panel(request: SignedInRequest, case: Case) -> dict[str, Any]:
    """Context for templates/appeals/_case_panel.html, under one key: `appeals`.

    Merge it into the case page's context and include the template. Two bounded queries,
    both through the access policy.
    """
    user = request.user
    appeals = list(
        policy.visible_appeals(user)
        .filter(decision__case=case)
        .select_related("decision", "reviewer", "resulting_decision")
        .order_by("-received_on", "-id")[:PANEL_LIMIT]
    )
    appealable: list[Decision] = []
    if policy.can_work_case(user, case):
        # Legal action is appealed in court, not under the policy; one open appeal at a time.
        appealable = list(
            policy.visible_decisions(user)
            .filter(case=case, status=Decision.Status.IN_FORCE)
            .exclude(response=Response.LEGAL_ACTION)
            .exclude(appeals__outcome="")
            .order_by("-decided_at", "-id")[:PANEL_LIMIT]
        )
    return {"appeals": {"case": case, "appeals": appeals, "appealable_decisions": appealable}}
