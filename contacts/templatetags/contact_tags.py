"""What the contacts pages offer a colleague, for pages owned by other apps."""

from typing import Any

from django import template

from access import policy

register = template.Library()


@register.simple_tag
def contact_capabilities(user: Any) -> dict[str, bool]:
    """`{% contact_capabilities user as contact %}`: which contacts links to show."""
    return {
        "log": policy.has_capability(user, policy.Capability.LOG_CONTACTS),
        "import": policy.has_capability(user, policy.Capability.IMPORT_CONTACTS),
        "signals": policy.has_capability(user, policy.Capability.VIEW_DEMAND_SIGNALS),
    }
