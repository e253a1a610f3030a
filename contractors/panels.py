from typing import Any

from access import policy
from access.http import SignedInRequest
from cases.models import Case

JOBS_SHOWN = 20


def case_panel(request: SignedInRequest, case: Case) -> dict[str, Any]:
    """Contractors' current and coming jobs at the case's homes: who will see the
    instructions there (two queries)."""
    jobs = policy.visible_jobs_for_case(request.user, case).select_related("home", "contractor")
    return {
        "contractors_panel": {
            "jobs": list(jobs.order_by("starts_on", "pk")[:JOBS_SHOWN]),
            "can_manage_jobs": policy.can_manage_jobs(request.user),
        }
    }
