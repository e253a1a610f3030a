from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from incidents.models import Channel

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
DATETIME = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})


def add_action_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class FindPersonForm(forms.Form):
    q = forms.CharField(
        label="Name, reference, postcode or address",
        max_length=100,
        error_messages={"required": "Enter a name, reference, postcode or address to search for."},
    )


class SubjectAccessForm(forms.Form):
    received_on = forms.DateField(
        label="When did the customer ask?",
        help_text="We must respond within one month of this date.",
        widget=DATE,
        error_messages={
            "required": "Enter the date the customer asked for their information.",
            "invalid": "Enter the date the customer asked as a real date, like 3 March 2026.",
        },
    )


class ReleaseForm(forms.Form):
    reason = forms.CharField(
        label="Why can this be released to the customer?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Say why this can be released (for example, the police have no objection).",
            "max_length": "Give the reason in 2,000 characters or fewer.",
        },
    )


REASON = forms.CharField(
    label="Why was the record wrong, and how do you know?",
    max_length=2000,
    widget=forms.Textarea(attrs={"rows": 3}),
    error_messages={
        "required": "Say why the record was wrong and how you know.",
        "max_length": "Give the reason in 2,000 characters or fewer.",
    },
)


class CorrectPersonForm(forms.Form):
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={"required": "Enter the person's last name."},
    )
    date_of_birth = forms.DateField(
        label="Date of birth",
        required=False,
        widget=DATE,
        error_messages={"invalid": "Enter the date of birth as a real date."},
    )
    email = forms.EmailField(
        label="Email",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.com."},
    )
    phone = forms.CharField(label="Phone", max_length=32, required=False)
    reason = REASON

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "reason"}


class CorrectIncidentForm(forms.Form):
    occurred_at = forms.DateTimeField(
        label="When it happened",
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={
            "required": "Enter when the incident happened.",
            "invalid": "Enter when it happened as a real date and time.",
        },
    )
    channel = forms.ChoiceField(
        label="How it happened",
        choices=Channel.choices,
        error_messages={"required": "Choose how the incident happened."},
    )
    location = forms.CharField(label="Where it happened", max_length=300, required=False)
    colleague_at_work = forms.BooleanField(label="The colleague was at work", required=False)
    reason = REASON

    def changes(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "reason"}


class StatementForm(forms.Form):
    opinion = forms.ChoiceField(
        label="Which opinion does the customer dispute?",
        error_messages={"required": "Choose the opinion the customer disputes."},
    )
    text = forms.CharField(
        label="The customer's statement",
        help_text="In their own words. It will be shown wherever the opinion is.",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Enter the customer's statement.",
            "max_length": "Enter the statement in 20,000 characters or fewer.",
        },
    )
    received_on = forms.DateField(
        label="When did the customer give it?",
        widget=DATE,
        error_messages={
            "required": "Enter the date the customer gave the statement.",
            "invalid": "Enter the date as a real date, like 3 March 2026.",
        },
    )

    def __init__(self, *args: Any, opinions: dict[str, list[tuple[str, str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["opinion"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Choose an opinion")] + [
            (group, choices) for group, choices in opinions.items() if choices
        ]


class RetentionForm(forms.Form):
    case_closed_years = forms.IntegerField(
        label="Years to keep a case after it closes",
        min_value=1,
        max_value=50,
        error_messages={
            "required": "Enter how many years to keep a closed case.",
            "invalid": "Enter a whole number of years.",
            "min_value": "Keep a closed case for at least 1 year.",
            "max_value": "Keep a closed case for 50 years or fewer.",
        },
    )
    lifted_measure_years = forms.IntegerField(
        label="Years to keep a lifted warning flag or restriction and its incidents",
        min_value=1,
        max_value=50,
        error_messages={
            "required": "Enter how many years to keep a lifted measure.",
            "invalid": "Enter a whole number of years.",
            "min_value": "Keep a lifted measure for at least 1 year.",
            "max_value": "Keep a lifted measure for 50 years or fewer.",
        },
    )
    contact_event_years = forms.IntegerField(
        label="Years to keep contact events",
        min_value=1,
        max_value=50,
        error_messages={
            "required": "Enter how many years to keep contact events.",
            "invalid": "Enter a whole number of years.",
            "min_value": "Keep contact events for at least 1 year.",
            "max_value": "Keep contact events for 50 years or fewer.",
        },
    )
