from typing import Any

from django import forms
from django.db.models import QuerySet

from access.models import User
from decisions.forms import DATE
from decisions.models import RestrictionKind
from restrictions.models import WEEKDAYS

TIME = forms.TimeInput(format="%H:%M", attrs={"type": "time"})


class RestrictionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of contact restriction",
        choices=RestrictionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of contact restriction."},
    )
    single_point_of_contact = forms.ModelChoiceField(
        label="Single point of contact (for that kind)",
        queryset=User.objects.none(),
        required=False,
    )
    deputy = forms.ModelChoiceField(
        label="Deputy when they are away (optional)",
        queryset=User.objects.none(),
        required=False,
    )
    call_days = forms.TypedMultipleChoiceField(
        label="Days calls may be made (for set call times)",
        coerce=int,
        required=False,
        choices=list(enumerate(WEEKDAYS)),
        widget=forms.CheckboxSelectMultiple,
    )
    call_from = forms.TimeField(
        label="Calls from",
        required=False,
        widget=TIME,
        error_messages={"invalid": "Enter the start time, like 10:00."},
    )
    call_to = forms.TimeField(
        label="Calls until",
        required=False,
        widget=TIME,
        error_messages={"invalid": "Enter the end time, like 12:00."},
    )
    max_contacts = forms.IntegerField(
        label="Contacts allowed (for a limit)",
        required=False,
        min_value=1,
        error_messages={
            "invalid": "Enter the number of contacts allowed.",
            "min_value": "Allow at least one contact.",
        },
    )
    period_days = forms.IntegerField(
        label="In how many days",
        required=False,
        min_value=1,
        error_messages={
            "invalid": "Enter a number of days.",
            "min_value": "Enter at least one day.",
        },
    )
    advocate_name = forms.CharField(
        label="Advocate or representative (for that kind)", required=False, max_length=200
    )
    advocate_contact = forms.CharField(
        label="How to reach the advocate", required=False, max_length=300
    )
    meeting_place = forms.CharField(
        label="Office where meetings take place (optional)", required=False, max_length=300
    )
    starts_on = forms.DateField(
        label="Starts on",
        widget=DATE,
        error_messages={
            "required": "Enter the date the restriction starts.",
            "invalid": "Enter the start date as a real date.",
        },
    )
    review_on = forms.DateField(
        label="Review on (3 to 12 months after the start)",
        widget=DATE,
        error_messages={
            "required": "Enter the review date.",
            "invalid": "Enter the review date as a real date.",
        },
    )
    basis = forms.CharField(
        label="Why a restriction is needed (the reasons; seen only by those working the case)",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Explain the decision and its basis in your own words."},
    )
    adjustment_rationale = forms.CharField(
        label="Reasonable adjustment (if the restriction clashes with a recorded need)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, colleagues: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["single_point_of_contact"].queryset = colleagues  # type: ignore[attr-defined]
        self.fields["deputy"].queryset = colleagues  # type: ignore[attr-defined]
