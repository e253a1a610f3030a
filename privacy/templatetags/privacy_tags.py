"""Customers' statements shown wherever the opinion they dispute is shown (UK GDPR Art 16;
ICO: an opinion is kept, with the person's view of it recorded beside it)."""

from typing import Any

from django import template

from access import policy
from privacy.models import CustomerStatement

register = template.Library()


@register.inclusion_tag("privacy/_statements.html")
def customer_statements(opinion: Any, heading: str = "h3") -> dict[str, Any]:
    """The statements on one assessment, decision or incident (nothing if it has none)."""
    statements: list[CustomerStatement] = []
    if opinion is not None and getattr(opinion, "pk", None):
        key = type(opinion).__name__.lower()
        if key in ("assessment", "decision", "incident"):
            statements = list(
                CustomerStatement.objects.filter(**{key: opinion}).order_by("received_on", "id")
            )
    return {"statements": statements, "heading": heading}


@register.inclusion_tag("privacy/_letter_statements.html")
def letter_statements(decision: Any) -> dict[str, Any]:
    """For a letter about a decision: the customer's statements on its basis."""
    return customer_statements(decision)


@register.inclusion_tag("privacy/_home_link.html", takes_context=True)
def data_protection_link(context: Any) -> dict[str, Any]:
    user = context.get("user")
    shown = user is not None and policy.has_capability(user, policy.Capability.DATA_PROTECTION)
    return {"shown": shown}
