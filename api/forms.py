from django import forms

from access.models import ContractorOrganisation
from api.models import ApiToken, Scope


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Which system is the token for?",
        help_text="In plain words, for example 'Housing management system' or "
        "'Acme Repairs job system'.",
        max_length=200,
        error_messages={
            "required": "Enter the name of the system the token is for.",
            "max_length": "The name must be 200 characters or fewer.",
        },
    )
    scopes = forms.MultipleChoiceField(
        label="What may the system do?",
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one thing the system may do.",
            "invalid_choice": "Select things the system may do from the list.",
        },
    )
    contractor = forms.ModelChoiceField(
        label="Contractor firm (only for a contractor's system)",
        help_text="A contractor's token sees only the homes where its firm has an active job.",
        queryset=ContractorOrganisation.objects.order_by("name"),
        required=False,
        empty_label="Not a contractor's system",
        error_messages={"invalid_choice": "Select a contractor firm from the list."},
    )


class WebhookForm(forms.Form):
    name = forms.CharField(
        label="Name of the webhook",
        max_length=200,
        error_messages={
            "required": "Enter a name for the webhook.",
            "max_length": "The name must be 200 characters or fewer.",
        },
    )
    url = forms.URLField(
        label="Address to send changes to",
        help_text="An https address of the receiving system.",
        max_length=500,
        assume_scheme="https",
        error_messages={
            "required": "Enter the address to send changes to.",
            "invalid": "Enter a full web address, like https://example.org/safecontact-hook.",
            "max_length": "The address must be 500 characters or fewer.",
        },
    )
    token = forms.ModelChoiceField(
        label="Which system's token does it belong to?",
        help_text="It is told only what that token may read: a contractor's only its homes.",
        queryset=ApiToken.objects.none(),
        empty_label="Choose a token",
        error_messages={
            "required": "Select the token the webhook belongs to.",
            "invalid_choice": "Select a token from the list.",
        },
    )

    def __init__(self, *args: object, tokens: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["token"].queryset = tokens  # type: ignore[attr-defined]
