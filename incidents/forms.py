from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from access.models import Role, User
from incidents.actions import IncidentReport, WitnessDetails
from incidents.evidence import check_evidence_file
from incidents.models import (
    UNACCEPTABLE_BEHAVIOURS,
    UNREASONABLE_DEMANDS,
    Behaviour,
    Channel,
    DiscriminationGround,
)
from people.models import Person

YES_NO = [("yes", "Yes"), ("no", "No")]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [file for file in files if file]


class IncidentForm(forms.Form):
    """Report an incident: built to be filled in on a phone in under two minutes."""

    person_query = forms.CharField(
        label="Find the person responsible",
        required=False,
        max_length=200,
        help_text="Name, reference, address or UPRN",
    )
    responsible = forms.ModelMultipleChoiceField(
        label="Person responsible",
        required=False,
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    unknown_person = forms.CharField(
        label="If you do not know who it was, describe them",
        required=False,
        max_length=300,
        help_text="For example: man in his 40s, said he was visiting number 12",
    )
    occurred_date = forms.DateField(
        label="Date it happened",
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={
            "required": "Enter the date it happened.",
            "invalid": "Enter the date it happened as a real date.",
        },
    )
    occurred_time = forms.TimeField(
        label="Time it happened",
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        error_messages={
            "required": "Enter the time it happened, roughly if you are not sure.",
            "invalid": "Enter the time it happened, like 14:30.",
        },
    )
    colleague_at_work = forms.ChoiceField(
        label="Were you or the colleague at work at the time?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="The policy applies at any hour, including weekends, at work or not.",
        error_messages={"required": "Select yes if the colleague was at work at the time."},
    )
    channel = forms.ChoiceField(
        label="How did it happen?",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how it happened."},
    )
    location = forms.CharField(
        label="Where did it happen? (optional)",
        required=False,
        max_length=300,
        help_text="For example: the customer's home, the Taunton office, on Facebook",
    )
    unacceptable_behaviours = forms.MultipleChoiceField(
        label="Unacceptable behaviour",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(b.value, b.label) for b in UNACCEPTABLE_BEHAVIOURS],
        help_text="Select all that apply.",
    )
    unreasonable_demands = forms.MultipleChoiceField(
        label="Unreasonable demands",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(b.value, b.label) for b in UNREASONABLE_DEMANDS],
        help_text="Select all that apply.",
    )
    discrimination_grounds = forms.MultipleChoiceField(
        label="Grounds of the derogatory or discriminatory remarks",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=DiscriminationGround.choices,
        help_text="Only if you selected derogatory or discriminatory remarks.",
    )
    description = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
        error_messages={"required": "Describe what happened."},
    )
    exact_words = forms.CharField(
        label="The exact words used (optional)",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Write them down as they were said or written, even if offensive.",
    )
    directed_at_me = forms.BooleanField(label="It was directed at me", required=False, initial=True)
    other_colleagues = forms.CharField(
        label="Other colleagues it was directed at (optional)",
        required=False,
        max_length=500,
        help_text="Their usernames or full names, separated by commas",
    )
    witnesses = forms.CharField(
        label="Witnesses (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line: name, then how to contact them",
    )
    injuries = forms.ChoiceField(
        label="Was anyone injured?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if anyone was injured."},
    )
    injury_details = forms.CharField(
        label="Injuries (if anyone was injured)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    police_attended = forms.ChoiceField(
        label="Did the police attend?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the police attended."},
    )
    crime_reference = forms.CharField(
        label="Police crime reference (optional)",
        required=False,
        max_length=64,
    )
    possible_antisocial_behaviour = forms.BooleanField(
        label="This may also be anti-social behaviour",
        required=False,
        help_text="It will be handed to the anti-social behaviour process as well.",
    )
    possible_hate_incident = forms.BooleanField(
        label="This may be a hate incident",
        required=False,
        help_text="It will be handed to the hate incident process as well.",
    )
    evidence = MultipleFileField(
        label="Evidence files (optional)",
        required=False,
        help_text="Photos, recordings, screenshots, PDFs; up to 20 MB each.",
    )

    def __init__(self, *args: Any, user: User, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["responsible"].queryset = people  # type: ignore[attr-defined]
        if not self.is_bound:
            now = timezone.localtime()
            self.initial.setdefault("occurred_date", now.date())
            self.initial.setdefault("occurred_time", now.strftime("%H:%M"))

    def clean_other_colleagues(self) -> list[User]:
        names = [n.strip() for n in self.cleaned_data["other_colleagues"].split(",") if n.strip()]
        found: list[User] = []
        unknown: list[str] = []
        staff = User.objects.filter(is_active=True).exclude(role=Role.CONTRACTOR)
        for name in names:
            parts = name.split()
            condition = Q(username__iexact=name)
            if len(parts) >= 2:
                condition |= Q(first_name__iexact=parts[0], last_name__iexact=" ".join(parts[1:]))
            matches = list(staff.filter(condition)[:2])
            if len(matches) == 1:
                found.append(matches[0])
            else:
                unknown.append(name)
        if unknown:
            raise ValidationError(
                f"We could not find exactly one colleague called {', '.join(unknown)}. "
                "Use their username."
            )
        return found

    def clean_witnesses(self) -> str:
        # The record keeps a name of up to 200 and contact details of up to 300 characters:
        # refuse a longer line rather than cut off what the colleague typed.
        text: str = self.cleaned_data["witnesses"]
        for witness in parse_witnesses(text):
            if len(witness.name) > 200:
                raise ValidationError(
                    "Each witness's name must be 200 characters or fewer (before the comma)."
                )
            if len(witness.contact_details) > 300:
                raise ValidationError(
                    "Each witness's contact details must be 300 characters or fewer."
                )
        return text

    def clean_evidence(self) -> list[Any]:
        checked = []
        errors = []
        for upload in self.cleaned_data.get("evidence") or []:
            try:
                checked.append(check_evidence_file(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return checked

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        behaviours = data.get("unacceptable_behaviours", []) + data.get("unreasonable_demands", [])
        if not behaviours and not self.has_error("unacceptable_behaviours"):
            self.add_error("unacceptable_behaviours", "Select at least one kind of behaviour.")
        if Behaviour.DEROGATORY_REMARKS in behaviours and not data.get("discrimination_grounds"):
            self.add_error(
                "discrimination_grounds",
                "Select the grounds of the derogatory or discriminatory remarks.",
            )
        if not data.get("responsible") and not (data.get("unknown_person") or "").strip():
            self.add_error(
                "person_query",
                "Find and select the person responsible, or describe them if they are not known.",
            )
        no_colleague = not data.get("directed_at_me") and not data.get("other_colleagues")
        if no_colleague and not self.has_error("other_colleagues"):
            self.add_error("directed_at_me", "Say which colleagues it was directed at.")
        if data.get("injuries") == "yes" and not (data.get("injury_details") or "").strip():
            self.add_error("injury_details", "Describe the injuries.")
        occurred = self.occurred_at()
        if occurred and occurred > timezone.now():
            self.add_error("occurred_date", "The date and time it happened must be in the past.")
        return data

    def occurred_at(self) -> datetime | None:
        day, time = self.cleaned_data.get("occurred_date"), self.cleaned_data.get("occurred_time")
        if day is None or time is None:
            return None
        return timezone.make_aware(datetime.combine(day, time))

    def to_report(self) -> IncidentReport:
        data = self.cleaned_data
        colleagues = ([self.user] if data["directed_at_me"] else []) + data["other_colleagues"]
        occurred = self.occurred_at()
        assert occurred is not None
        return IncidentReport(
            occurred_at=occurred,
            colleague_at_work=data["colleague_at_work"] == "yes",
            channel=data["channel"],
            description=data["description"],
            behaviours=data["unacceptable_behaviours"] + data["unreasonable_demands"],
            affected_colleagues=colleagues,
            responsible_people=list(data["responsible"]),
            unknown_people=[data["unknown_person"]] if data["unknown_person"].strip() else [],
            location=data["location"],
            exact_words=data["exact_words"],
            discrimination_grounds=data["discrimination_grounds"],
            witnesses=parse_witnesses(data["witnesses"]),
            injuries=data["injuries"] == "yes",
            injury_details=data["injury_details"],
            police_attended=data["police_attended"] == "yes",
            crime_reference=data["crime_reference"],
            possible_antisocial_behaviour=data["possible_antisocial_behaviour"],
            possible_hate_incident=data["possible_hate_incident"],
            evidence=data["evidence"],
        )


def parse_witnesses(text: str) -> list[WitnessDetails]:
    witnesses = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _, contact = line.partition(",")
        witnesses.append(WitnessDetails(name=name.strip(), contact_details=contact.strip()))
    return witnesses
