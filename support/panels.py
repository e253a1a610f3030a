"""The colleague-support section of the incident page."""

from access import policy
from access.http import SignedInRequest
from incidents.models import Incident


def incident_panel(request: SignedInRequest, incident: Incident) -> dict[str, object]:
    """Links to the support records of this incident's affected colleagues that the viewer may see.

    One query. Someone who may see none of them gets an empty list, and the section is not
    shown, so it does not tell them support records exist.
    """
    affected = (
        policy.visible_support(request.user)
        .filter(incident=incident)
        .select_related("colleague", "support")
        .order_by("id")
    )
    return {
        "support_rows": [{"affected": a, "support": getattr(a, "support", None)} for a in affected]
    }
