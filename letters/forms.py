from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from decisions.models import Decision
from letters.models import Letter, LetterKind

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
MEASURE_HINT = "For a contact restriction, warning flag or acceptable behaviour agreement."


def add_action_errors(form: forms.Form, error: ValidationError) -> None:
    """Show an action's refusal on the form: on its field if the form has one, else on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.reference}: {obj.get_response_display()} ({obj.get_status_display()})"


class LetterPartsForm(forms.Form):
    """The parts the officer writes; the template adds the standard sections."""

    behaviour_found = forms.CharField(
        label="What behaviour did we find unacceptable?",
        help_text="Describe what happened in plain words. Do not name the colleagues affected "
        "unless it is safe to.",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": "Describe the behaviour in 20,000 characters or fewer."},
    )
    expected_behaviour = forms.CharField(
        label="How do we expect them to behave in future?",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Say what we expect in 20,000 characters or fewer."},
    )
    consequences = forms.CharField(
        label="What will happen if the behaviour continues?",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Say what will happen in 20,000 characters or fewer."},
    )
    measure_duration = forms.CharField(
        label="How long will the measure last?",
        help_text=f"{MEASURE_HINT} For example, “6 months, from 3 March 2026”.",
        required=False,
        max_length=300,
        error_messages={"max_length": "Say how long it lasts in 300 characters or fewer."},
    )
    review_on = forms.DateField(
        label="Review date",
        help_text=MEASURE_HINT,
        required=False,
        widget=DATE,
        error_messages={"invalid": "Enter the review date as a real date."},
    )
    body = forms.CharField(
        label="Anything else the letter should say (optional)",
        help_text="For example, the basis of the decision or an offer to meet.",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Keep this part to 20,000 characters or fewer."},
    )

    # The version of the letter the page was loaded at: a save over someone else's is refused.
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": "Reload the letter and make your changes again.",
            "invalid": "Reload the letter and make your changes again.",
            "min_value": "Reload the letter and make your changes again.",
        },
    )

    def parts(self) -> dict[str, Any]:
        names = [name for name in LetterPartsForm.base_fields if name != "version"]
        return {name: self.cleaned_data[name] for name in names}


class DraftLetterForm(LetterPartsForm):
    kind = forms.ChoiceField(
        label="What kind of letter is it?",
        choices=LetterKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the kind of letter.",
            "invalid_choice": "Select a kind of letter from the list.",
        },
    )
    decision = DecisionChoiceField(
        label="Which decision does it tell them about?",
        help_text="Needed for a formal warning, agreement, restriction, flag or legal action.",
        queryset=Decision.objects.none(),
        required=False,
        empty_label="No decision",
        error_messages={"invalid_choice": "Select a decision on this case."},
    )

    # A new letter has no earlier version to protect.
    version = None  # type: ignore[assignment]

    field_order = ["kind", "decision", *LetterPartsForm.base_fields]

    def __init__(self, *args: Any, decisions: QuerySet[Decision], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions  # type: ignore[attr-defined]


class IssueLetterForm(forms.Form):
    channel = forms.ChoiceField(
        label="How was the letter sent?",
        choices=Letter.Channel.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how the letter was sent.",
            "invalid_choice": "Select post, email or hand delivery.",
        },
    )


class WithholdForm(forms.Form):
    decision = DecisionChoiceField(
        label="Which decision will the customer not be told about?",
        queryset=Decision.objects.none(),
        empty_label="Select a decision",
        error_messages={
            "required": "Select the decision the customer will not be told about.",
            "invalid_choice": "Select a decision on this case.",
        },
    )
    reason = forms.CharField(
        label="Why would telling the customer put a colleague at risk?",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Say why telling the customer would put a colleague at risk.",
            "max_length": "Give the reason in 20,000 characters or fewer.",
        },
    )
    review_on = forms.DateField(
        label="When will this be reviewed?",
        help_text="Within the next 12 months.",
        widget=DATE,
        error_messages={
            "required": "Enter the date this will be reviewed.",
            "invalid": "Enter the review date as a real date.",
        },
    )

    def __init__(self, *args: Any, decisions: QuerySet[Decision], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions  # type: ignore[attr-defined]
