from typing import Any

from django import forms

from cases.models import Case
from decisions.forms import DATE
from flags.models import RiskLevel
from incidents.models import Incident


class FlagForm(forms.Form):
    subject = forms.ChoiceField(
        label="Who or what is the flag on?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether the flag is on the person, their household or their home."
        },
    )
    incidents = forms.ModelMultipleChoiceField(
        label="Incidents the flag rests on",
        queryset=Incident.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the recorded incidents the flag rests on."},
    )
    risk_level = forms.ChoiceField(
        label="Risk level",
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the risk level."},
    )
    handling_instruction = forms.CharField(
        label="Handling instruction",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What colleagues and contractors must do, never why. For example: attend in "
        "pairs; do not enter the property; meet at the office.",
        error_messages={
            "required": "Write the handling instruction: what colleagues and contractors must do."
        },
    )
    starts_on = forms.DateField(
        label="Starts on",
        widget=DATE,
        error_messages={
            "required": "Enter the date the flag starts.",
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
        label="Why a flag is needed (the reasons; seen only by those working the case)",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Explain the decision and its basis in your own words."},
    )

    def __init__(self, *args: Any, case: Case, incidents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = case.person
        choices = [("person", f"{person.full_name} (the person)")]
        household = person.household
        if household is not None:
            choices.append(("household", f"{household.name} (everyone in the household)"))
            if household.property is not None:
                choices.append(("home", f"{household.property.address} (the home)"))
        self.fields["subject"].choices = choices  # type: ignore[attr-defined]
        self.fields["incidents"].queryset = incidents  # type: ignore[attr-defined]
        self.case = case

    def subject_arguments(self) -> dict[str, Any]:
        person = self.case.person
        subject = self.cleaned_data["subject"]
        if subject == "household":
            return {"household": person.household}
        if subject == "home":
            return {"home": person.household.property if person.household else None}
        return {"person": person}


class LiftForm(forms.Form):
    reason = forms.CharField(
        label="Why is it being lifted?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why it is being lifted."},
    )
