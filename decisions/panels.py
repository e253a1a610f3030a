from typing import Any

from access import policy
from access.http import SignedInRequest
from cases.models import Case
from decisions.actions import latest_assessment, latest_needs_check
from decisions.models import Response


def case_panel(request: SignedInRequest, case: Case) -> dict[str, Any]:
    assessment = latest_assessment(case)
    return {
        "decisions_panel": {
            "assessment": assessment,
            "recommended": Response(assessment.recommended_response) if assessment else None,
            "needs_check": latest_needs_check(case),
            "decisions": list(
                policy.visible_decisions(request.user)
                .filter(case=case)
                .select_related("proposed_by")[:20]
            ),
            "can_work": policy.can_work_case(request.user, case),
        }
    }
