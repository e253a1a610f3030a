from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from decisions.models import (
    MEASURES,
    SEVERITY_EXPLAINED,
    CommunicationNeed,
    Need,
    NeedsCheck,
    Response,
    RestrictionKind,
    Severity,
)
from incidents.models import Behaviour

YES_NO = [("yes", "Yes"), ("no", "No")]
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def add_action_errors(form: forms.Form, error: ValidationError) -> None:
    """Show an action's refusal on the form: on its field if the form has one, else on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class AssessmentForm(forms.Form):
    behaviours = forms.MultipleChoiceField(
        label="Behaviours you found (nature)",
        choices=Behaviour.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the behaviours you found."},
    )
    severity = forms.TypedChoiceField(
        label="Severity",
        choices=Severity.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the severity."},
    )
    notes = forms.CharField(
        label="Assessment notes (optional)",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    severity_explained = SEVERITY_EXPLAINED


class NeedsCheckForm(forms.Form):
    needs = forms.MultipleChoiceField(
        label="Contributing needs found",
        choices=Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Record what the customer or their support told you.",
    )
    other_need = forms.CharField(label="Other need (if selected)", required=False, max_length=300)
    communication_needs = forms.MultipleChoiceField(
        label="Needs that affect how we can contact them",
        choices=CommunicationNeed.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    no_needs_found = forms.BooleanField(label="We found no contributing needs", required=False)
    referral_offered = forms.ChoiceField(
        label="Was a referral to an agency offered?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether a referral was offered."},
    )
    consent = forms.ChoiceField(
        label="Did the customer agree to the referral?",
        choices=NeedsCheck.Consent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the customer agreed to a referral."},
    )
    consent_date = forms.DateField(
        label="Date they agreed",
        required=False,
        widget=DATE,
        error_messages={"invalid": "Enter the date they agreed as a real date."},
    )
    consent_how = forms.ChoiceField(
        label="How they agreed",
        choices=NeedsCheck.ConsentHow.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    referral_agency = forms.CharField(label="Agency referred to", required=False, max_length=200)
    referral_made_on = forms.DateField(
        label="Date the referral was made",
        required=False,
        widget=DATE,
        error_messages={"invalid": "Enter the date the referral was made as a real date."},
    )
    referral_outcome = forms.CharField(
        label="Outcome of the referral (if known)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    expectation_explained = forms.BooleanField(
        label="The customer was told the behaviour must stop, whatever their needs",
        required=False,
        help_text="The policy's expectation does not change when needs are found.",
    )
    notes = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def action_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["referral_offered"] = data["referral_offered"] == "yes"
        return data


class DecisionForm(forms.Form):
    # Flags and restrictions have their own pages, which take their details.
    response = forms.ChoiceField(
        label="Your decision",
        choices=[(value, label) for value, label in Response.choices if value not in MEASURES],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the response you decided on."},
    )
    basis = forms.CharField(
        label="The decision and its basis, in your own words",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Why this response is proportionate to the nature, severity and frequency.",
        error_messages={"required": "Explain the decision and its basis in your own words."},
    )
    restriction_kind = forms.ChoiceField(
        label="Kind of contact restriction (for a contact restriction)",
        choices=RestrictionKind.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    starts_on = forms.DateField(
        label="Starts on (for a restriction or flag)",
        required=False,
        widget=DATE,
        error_messages={"invalid": "Enter the start date as a real date."},
    )
    review_on = forms.DateField(
        label="Review on (3 to 12 months after the start)",
        required=False,
        widget=DATE,
        error_messages={"invalid": "Enter the review date as a real date."},
    )
    adjustment_rationale = forms.CharField(
        label="Reasonable adjustment (if the measure clashes with a recorded need)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ApprovalForm(forms.Form):
    note = forms.CharField(
        label="Note (required when not approving)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
