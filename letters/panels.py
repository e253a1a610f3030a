"""The case page's section on letters to the customer and decisions not to tell them."""

from typing import Any

from django.utils import timezone

from access import policy
from access.http import SignedInRequest
from cases.models import Case

# The case page shows the most recent; each letter's page shows the rest of its story.
PANEL_LIMIT = 20


def case_panel(request: SignedInRequest, case: Case) -> dict[str, Any]:
    """Context for templates/letters/_case_panel.html, under one key: `letters`.

    Merge it into the case page's context and include the template. Three bounded queries,
    each through the access policy; the stored PDFs are not loaded.
    """
    user = request.user
    letters = policy.visible_letters(user).filter(case=case)
    return {
        "letters": {
            "case": case,
            "can_work": policy.can_work_case(user, case),
            "letters": list(
                letters.defer("pdf", "large_print_pdf").order_by("-created_at", "-id")[:PANEL_LIMIT]
            ),
            "letter_count": letters.count(),
            "not_told": list(
                policy.visible_non_disclosure_decisions(user)
                .filter(case=case)
                .select_related("decision")
                .order_by("review_on", "id")[:PANEL_LIMIT]
            ),
            "today": timezone.localdate(),
        }
    }
