"""Small helpers that give Django form fields GOV.UK Frontend markup."""

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()

WIDGET_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}
GROUPED_WIDGETS = {"radioselect", "checkboxselectmultiple"}


@register.filter
def error_anchor(field: BoundField) -> str:
    """GOV.UK: an error-summary link for a radio or checkbox group points at its first input."""
    if field.widget_type in GROUPED_WIDGETS:
        return f"{field.auto_id}_0"
    return str(field.auto_id)


@register.filter
def govuk_widget(field: BoundField) -> SafeString:
    base = WIDGET_CLASSES.get(field.widget_type, "govuk-input")
    classes = [base, field.field.widget.attrs.get("class", "")]
    if field.errors:
        classes.append(f"{base}--error")
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    attrs: dict[str, str | bool] = {"class": " ".join(c for c in classes if c)}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """`{{ instructions|lookup:person.pk }}`: one entry of a dict built in the view."""
    return mapping.get(key) if mapping else None


@register.filter
def has_restriction(instructions: Any) -> bool:
    return any(getattr(item, "is_restriction", False) for item in instructions or ())


@register.simple_tag
def always_allowed() -> str:
    """What a contact restriction can never stop (shown wherever a restriction is)."""
    from flags.instructions import ALWAYS_ALLOWED

    return ALWAYS_ALLOWED
