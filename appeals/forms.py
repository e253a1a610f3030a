from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from access.models import User
from appeals.models import Appeal
from decisions.models import Response, RestrictionKind

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class LodgeAppealForm(forms.Form):
    received_on = forms.DateField(
        label="Date the appeal was received",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Enter the date the appeal was received.",
            "invalid": "Enter the date the appeal was received as a real date.",
        },
    )
    how_received = forms.ChoiceField(
        label="How was the appeal received?",
        choices=Appeal.HowReceived.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how the appeal was received.",
            "invalid_choice": "Select how the appeal was received.",
        },
    )
    grounds = forms.CharField(
        label="Grounds of the appeal",
        help_text="Why the customer says the decision is wrong, in their words if you can.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        error_messages={
            "required": "Enter the grounds of the appeal, in the customer's words if you can.",
            "max_length": "The grounds must be 20,000 characters or fewer.",
        },
    )


class AssignReviewerForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label="Reviewer",
        queryset=User.objects.none(),
        help_text="Only colleagues who took no part in the decision are listed.",
        error_messages={
            "required": "Select who will review the appeal.",
            "invalid_choice": "Select a colleague from the list to review the appeal.",
        },
    )

    def __init__(self, *args: Any, eligible: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reviewer"]
        # Any active colleague parses, so the action can say why a conflicted one is refused;
        # only those free of conflict are offered.
        field.queryset = User.objects.filter(is_active=True)  # type: ignore[attr-defined]
        field.widget.choices = [("", "Select a reviewer")] + [
            (user.pk, f"{user.display_name} ({user.get_role_display()})") for user in eligible
        ]


class DecideAppealForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome of the appeal",
        choices=Appeal.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the outcome of the appeal.",
            "invalid_choice": "Select the outcome of the appeal.",
        },
    )
    reasons = forms.CharField(
        label="Reasons for the outcome",
        help_text="These go into the outcome letter to the customer.",
        widget=forms.Textarea(attrs={"rows": 6}),
        # The letter part they go into holds 20,000 with the standard wording around them.
        max_length=19000,
        error_messages={
            "required": "Give the reasons for the outcome of the appeal.",
            "max_length": "The reasons must be 19,000 characters or fewer.",
        },
    )
    response = forms.ChoiceField(
        label="Varied response (if varied)",
        required=False,
        choices=[("", "No change")]
        + [(value, label) for value, label in Response.choices if value != Response.LEGAL_ACTION],
        error_messages={"invalid_choice": "Select a response from the list."},
    )
    basis = forms.CharField(
        label="Varied decision and its basis (if varied)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
        error_messages={"max_length": "The basis must be 20,000 characters or fewer."},
    )
    restriction_kind = forms.ChoiceField(
        label="Kind of contact restriction (if varied)",
        required=False,
        choices=[("", "No change")] + list(RestrictionKind.choices),
        error_messages={"invalid_choice": "Select a kind of contact restriction from the list."},
    )
    starts_on = forms.DateField(
        label="Varied start date (if varied)",
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": "Enter the start date as a real date."},
    )
    review_on = forms.DateField(
        label="Varied review date (if varied)",
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": "Enter the review date as a real date."},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") != Appeal.Outcome.VARIED:
            for name in ("response", "basis", "restriction_kind", "starts_on", "review_on"):
                if data.get(name):
                    raise ValidationError(
                        "You changed the decision but did not choose 'Decision varied': "
                        "choose it, or clear the changes."
                    )
        return data

    def variation(self) -> dict[str, Any]:
        data = self.cleaned_data
        if data["outcome"] != Appeal.Outcome.VARIED:
            return {}
        return {
            name: data.get(name) or None
            for name in ("response", "basis", "restriction_kind", "starts_on", "review_on")
        }
