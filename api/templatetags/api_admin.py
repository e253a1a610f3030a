from typing import Any

from django import template

from access import policy

register = template.Library()


@register.simple_tag
def may_manage_api(user: Any) -> bool:
    """Whether the home page shows the integration API's administration links."""
    return policy.has_capability(user, policy.Capability.MANAGE_API)
