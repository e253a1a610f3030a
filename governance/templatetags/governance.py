"""Whether to show the governance links: asked of the access policy, not decided here."""

from typing import Any

from django import template

from access import policy

register = template.Library()


@register.simple_tag
def may_govern(user: Any) -> bool:
    return policy.has_capability(user, policy.Capability.GOVERNANCE)
