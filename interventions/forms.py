from typing import Any

from django import forms
from django.db.models import QuerySet

from decisions.models import Decision
from incidents.models import Incident
from interventions.models import (
    DataProtectionCondition,
    LawfulBasis,
    LegalAction,
    LegalHearing,
    MediationReferral,
)

YES_NO = [("yes", "Yes"), ("no", "No")]


def date_field(label: str, *, required: bool = True, what: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={
            "required": f"Enter {what}.",
            "invalid": f"Enter {what} as a real date.",
        },
        **kwargs,
    )


def text_field(label: str, *, required: bool = True, missing: str = "", **kwargs: Any) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        error_messages={"required": missing} if missing else {},
        **kwargs,
    )


def long_text(label: str, *, required: bool = True, missing: str = "", **kwargs: Any) -> Any:
    return text_field(
        label,
        required=required,
        missing=missing,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
        **kwargs,
    )


def version_field(again: str) -> forms.IntegerField:
    """The version of the record the page was loaded at: a save made over someone else's is
    refused (cases.concurrency). Only a tampered or very old page can send a bad one."""
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": again, "invalid": again, "min_value": again},
    )


# --- mediation ----------------------------------------------------------------------------


class MediationReferralForm(forms.Form):
    service_name = text_field(
        "Mediation service",
        missing="Enter the name of the mediation service.",
        max_length=200,
        help_text="The independent mediation service the case is referred to.",
    )
    referred_on = date_field("Date referred", what="the date the referral was made")
    customer_agreed = forms.ChoiceField(
        label="Has the customer agreed to mediation?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="Mediation is voluntary: it only goes ahead if the customer agrees.",
        error_messages={"required": "Select yes if the customer has agreed to mediation."},
    )
    first_session_on = date_field(
        "Date of the first session (optional)",
        required=False,
        what="the date of the first session",
    )

    def clean_customer_agreed(self) -> bool:
        return self.cleaned_data["customer_agreed"] == "yes"


class MediationUpdateForm(forms.Form):
    customer_agreed = forms.ChoiceField(
        label="Has the customer agreed to mediation?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the customer has agreed to mediation."},
    )
    first_session_on = date_field(
        "Date of the first session (optional)",
        required=False,
        what="the date of the first session",
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=MediationReferral.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the mediation."},
    )
    ended_on = date_field(
        "Date mediation ended or the customer declined it",
        required=False,
        what="the date mediation ended",
        help_text="Leave empty while mediation is in progress.",
    )
    outcome_notes = long_text("Notes on the outcome (optional)", required=False)
    version = version_field("Reload the mediation referral and make your changes again.")

    def clean_customer_agreed(self) -> bool:
        return self.cleaned_data["customer_agreed"] == "yes"


# --- legal action -------------------------------------------------------------------------


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.get_status_display()})"


def legal_action_decision_field() -> DecisionChoiceField:
    return DecisionChoiceField(
        label="The decision to take legal action (optional)",
        queryset=Decision.objects.none(),
        required=False,
        empty_label="Not linked to a decision",
        error_messages={"invalid_choice": "Choose a decision on this case to take legal action."},
    )


class StartLegalActionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of legal action",
        choices=LegalAction.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of legal action."},
    )
    status = forms.ChoiceField(
        label="Where it has got to",
        choices=[
            (value, label)
            for value, label in LegalAction.Status.choices
            if value not in LegalAction.FINISHED
        ],
        initial=LegalAction.Status.CONSIDERING,
        error_messages={"required": "Select where the legal action has got to."},
    )
    court_name = text_field(
        "Court (optional until an application is made)", required=False, max_length=200
    )
    application_on = date_field(
        "Date of the application to the court (optional)",
        required=False,
        what="the date the application was made to the court",
    )
    decision = legal_action_decision_field()

    def __init__(self, *args: Any, decisions: QuerySet[Decision], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions  # type: ignore[attr-defined]


class UpdateLegalActionForm(forms.Form):
    status = forms.ChoiceField(
        label="Where it has got to",
        choices=LegalAction.Status.choices,
        error_messages={"required": "Select where the legal action has got to."},
    )
    court_name = text_field(
        "Court (optional until an application is made)", required=False, max_length=200
    )
    application_on = date_field(
        "Date of the application to the court (optional)",
        required=False,
        what="the date the application was made to the court",
    )
    outcome = long_text(
        "Outcome", required=False, help_text="What the court decided, or why it was withdrawn."
    )
    decision = legal_action_decision_field()
    version = version_field("Reload the legal action and make your changes again.")

    def __init__(self, *args: Any, decisions: QuerySet[Decision], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions  # type: ignore[attr-defined]


class HearingForm(forms.Form):
    on = date_field("Date of the hearing", what="the date of the hearing")
    court = text_field("Court", missing="Enter the name of the court.", max_length=200)
    purpose = text_field(
        "What the hearing is for",
        missing="Enter what the hearing is for.",
        max_length=300,
        help_text="For example: return date hearing, first possession hearing",
    )
    result = long_text(
        "Result (optional)", required=False, help_text="Only if the hearing has taken place."
    )


class HearingResultForm(forms.Form):
    hearing = forms.ModelChoiceField(
        label="Hearing",
        queryset=LegalHearing.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Select the hearing.",
            "invalid_choice": "Select a hearing that has taken place and has no result yet.",
        },
    )
    result = long_text(
        "What happened at the hearing", missing="Enter what happened at the hearing."
    )

    def __init__(self, *args: Any, hearings: QuerySet[LegalHearing], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hearing"].queryset = hearings  # type: ignore[attr-defined]


# --- police -------------------------------------------------------------------------------


class IncidentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.reference}, {obj.occurred_at:%d %B %Y}"


class PoliceReportForm(forms.Form):
    force = text_field(
        "Police force",
        missing="Enter the police force the report was made to.",
        max_length=200,
        help_text="For example: Avon and Somerset Constabulary",
    )
    reported_on = date_field("Date reported", what="the date the report was made")
    crime_reference = text_field("Crime reference (optional)", required=False, max_length=64)
    officer_in_charge = text_field(
        "Police officer in charge (optional)", required=False, max_length=200
    )
    incident = IncidentChoiceField(
        label="Incident reported (optional)",
        queryset=Incident.objects.none(),
        required=False,
        empty_label="Not about one incident",
        error_messages={"invalid_choice": "Choose an incident on this case."},
    )
    notes = long_text("Notes (optional)", required=False)

    def __init__(self, *args: Any, incidents: QuerySet[Incident], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["incident"].queryset = incidents  # type: ignore[attr-defined]


# --- information sharing ------------------------------------------------------------------


class DisclosureForm(forms.Form):
    shared_with_organisation = text_field(
        "Organisation",
        missing="Enter the organisation the information would be shared with.",
        max_length=200,
        help_text="For example: Avon and Somerset Constabulary, the local authority",
    )
    shared_with_person = text_field(
        "Person at the organisation (optional)", required=False, max_length=200
    )
    what_was_shared = long_text(
        "What will be shared",
        missing="Describe the information to share.",
        help_text="Share only what they need to know.",
    )
    purpose = long_text(
        "Why it needs to be shared", missing="Enter why the information needs to be shared."
    )
    lawful_basis = forms.ChoiceField(
        label="Legal gateway",
        choices=LawfulBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the legal gateway for sharing."},
    )
    other_legal_gateway = text_field(
        "If another legal gateway, name it", required=False, max_length=300
    )
    data_protection_condition = forms.ChoiceField(
        label="Data protection condition",
        choices=DataProtectionCondition.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the data protection condition."},
    )
    other_condition = text_field("If another condition, name it", required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        # Shown with the other problems at once, not only after they are put right.
        cleaned = super().clean() or {}
        if (
            cleaned.get("lawful_basis") == LawfulBasis.OTHER
            and not cleaned.get("other_legal_gateway", "").strip()
        ):
            self.add_error("other_legal_gateway", "Enter the other legal gateway for sharing.")
        if cleaned.get("data_protection_condition") == DataProtectionCondition.OTHER and not (
            cleaned.get("other_condition", "").strip()
        ):
            self.add_error("other_condition", "Enter the other data protection condition.")
        return cleaned


class DisclosureSharedForm(forms.Form):
    shared_on = date_field("Date shared", what="the date the information was shared")
    method = text_field(
        "How it was shared",
        missing="Enter how the information was shared.",
        max_length=200,
        help_text="For example: secure email to the officer in charge",
    )
