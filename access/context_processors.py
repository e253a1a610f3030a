from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from access import policy

NAVIGATION = [
    ("Report an incident", "incidents:report", policy.Capability.REPORT_INCIDENT),
    ("Find a person or home", "people:search", policy.Capability.FIND_PEOPLE),
    ("My work", "cases:my_work", policy.Capability.WORK_CASES),
    ("Cases", "cases:list", policy.Capability.VIEW_CASES),
    ("Approvals", "decisions:approvals", policy.Capability.APPROVE_DECISIONS),
    ("Reviews", "reviews:overdue", policy.Capability.VIEW_CASES),
    ("Appeals", "appeals:list", policy.Capability.REVIEW_APPEALS),
    ("Colleague support", "support:follow_ups", policy.Capability.SUPPORT_COLLEAGUES),
    ("Import", "people:import", policy.Capability.IMPORT_HOUSING_DATA),
    ("Contractor jobs", "contractors:jobs_import", policy.Capability.MANAGE_JOBS),
    ("Colleagues", "admin:index", policy.Capability.ADMINISTER_USERS),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = [
        {"label": label, "url": reverse(name), "active": False}
        for label, name, capability in NAVIGATION
        if policy.has_capability(user, capability)
    ]
    # The section is the longest menu address the page sits under (My work, not Cases).
    under = [item for item in items if request.path.startswith(str(item["url"]))]
    if under:
        max(under, key=lambda item: len(str(item["url"])))["active"] = True
    return {"nav_items": items}
