"""The case page's section on mediation, legal action, police reports and disclosures."""

from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from access import policy
from access.http import SignedInRequest
from cases.models import Case
from interventions.models import LegalHearing

# The case page shows the most recent of each; the pages behind the links show the rest.
PANEL_LIMIT = 10


def case_panel(request: SignedInRequest, case: Case) -> dict[str, Any]:
    """Context for templates/interventions/_case_panel.html, under one key: `interventions`.

    Merge it into the case page's context and include the template. At most six queries,
    each through the access policy.
    """
    user = request.user
    upcoming = LegalHearing.objects.filter(on__gte=timezone.localdate()).order_by("on", "id")
    legal_actions = list(
        policy.visible_legal_actions(user)
        .filter(case=case)
        .prefetch_related(Prefetch("hearings", queryset=upcoming, to_attr="upcoming_hearings"))[
            :PANEL_LIMIT
        ]
    )
    disclosures = (
        policy.visible_disclosures(user)
        .filter(case=case)
        .select_related("proposed_by", "approved_by")[:PANEL_LIMIT]
    )
    return {
        "interventions": {
            "case": case,
            "can_work": policy.can_work_case(user, case),
            "can_see_sharing_log": policy.has_capability(
                user, policy.Capability.SEE_INFORMATION_SHARING
            ),
            "mediation_referrals": list(
                policy.visible_mediation(user).filter(case=case)[:PANEL_LIMIT]
            ),
            "legal_actions": [
                {
                    "legal_action": action,
                    "next_hearing": action.upcoming_hearings[0]  # type: ignore[attr-defined]
                    if action.upcoming_hearings  # type: ignore[attr-defined]
                    else None,
                }
                for action in legal_actions
            ],
            "police_reports": list(
                policy.visible_police_reports(user)
                .filter(case=case)
                .select_related("incident")[:PANEL_LIMIT]
            ),
            "disclosures": [
                {
                    "disclosure": disclosure,
                    "can_approve": policy.can_approve_disclosure(user, disclosure),
                }
                for disclosure in disclosures
            ],
        }
    }
