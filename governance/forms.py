from datetime import date
from typing import Any

from django import forms

from governance import periods
from governance.models import Disability, Ethnicity, Sex

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
LONGEST_PERIOD_DAYS = 3 * 366


class PeriodForm(forms.Form):
    """Any period, from and to; the page offers quarters and years as one-click links."""

    starts_on = forms.DateField(
        label="From",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Enter the first day of the period.",
            "invalid": "Enter the first day of the period as a real date.",
        },
    )
    ends_on = forms.DateField(
        label="To",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Enter the last day of the period.",
            "invalid": "Enter the last day of the period as a real date.",
        },
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on:
            if ends_on < starts_on:
                self.add_error("ends_on", "The last day must be on or after the first day.")
            elif (ends_on - starts_on).days > LONGEST_PERIOD_DAYS:
                self.add_error("ends_on", "Choose a period of three years or less.")
        return cleaned

    def period(self) -> periods.Period:
        return periods.named(self.cleaned_data["starts_on"], self.cleaned_data["ends_on"])


class BoardPackForm(forms.Form):
    period = forms.ChoiceField(
        label="Which quarter or year",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the quarter or year the board pack is for.",
            "invalid_choice": "Select one of the quarters or years listed.",
        },
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        offered = periods.recent_quarters(today, 8) + periods.recent_years(today, 3)
        field = self.fields["period"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (p.key, f"{p.label} ({p.starts_on:%-d %b %Y} to {p.ends_on:%-d %b %Y})")
            for p in offered
        ]

    def chosen(self) -> periods.Period:
        found = periods.from_key(self.cleaned_data["period"], self.today)
        assert found is not None  # the choices are the offered periods
        return found


def _with_blank(choices: list[tuple[str, str]], blank: str) -> list[tuple[str, str]]:
    return [("", blank), *choices]


class EqualityForm(forms.Form):
    sex = forms.ChoiceField(
        label="Sex",
        required=False,
        choices=_with_blank(Sex.choices, "Not asked or not answered"),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select the person's sex from the list."},
    )
    ethnicity = forms.ChoiceField(
        label="Ethnic group",
        required=False,
        help_text="The categories of the 2021 Census. Record what the person told you.",
        choices=_with_blank(Ethnicity.choices, "Not asked or not answered"),
        error_messages={"invalid_choice": "Select the person's ethnic group from the list."},
    )
    disability = forms.ChoiceField(
        label="Does the person consider themself disabled?",
        required=False,
        help_text="Equality Act 2010: a physical or mental impairment with a substantial and "
        "long-term effect on day-to-day activities.",
        choices=_with_blank(Disability.choices, "Not asked or not answered"),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select an answer about disability from the list."},
    )


class PolicyVersionForm(forms.Form):
    version = forms.CharField(
        label="Version",
        max_length=40,
        error_messages={
            "required": "Enter the version number.",
            "max_length": "The version must be 40 characters or fewer.",
        },
    )
    approved_on = forms.DateField(
        label="Date approved",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Enter the date the version was approved.",
            "invalid": "Enter the date the version was approved as a real date.",
        },
    )
    approved_by = forms.CharField(
        label="Approved by",
        help_text="The board or committee, for example 'Customer Services Committee'.",
        max_length=200,
        error_messages={
            "required": "Enter the board or committee that approved it.",
            "max_length": "The name must be 200 characters or fewer.",
        },
    )
    summary_of_changes = forms.CharField(
        label="Summary of changes",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        error_messages={
            "required": "Summarise what changed in this version.",
            "max_length": "The summary must be 10,000 characters or fewer.",
        },
    )
    document = forms.FileField(
        label="The approved policy document (optional)",
        required=False,
        help_text="PDF or Word document, up to 10 MB.",
        error_messages={"empty": "The document you chose is empty."},
    )


class PolicyMonitoringForm(forms.Form):
    carried_out_on = forms.DateField(
        label="Date the monitoring was carried out",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Enter the date the monitoring was carried out.",
            "invalid": "Enter the date the monitoring was carried out as a real date.",
        },
    )
    health_and_safety_review = forms.CharField(
        label="Annual health and safety review it was part of",
        help_text="For example 'Health and safety annual review 2026'.",
        max_length=200,
        error_messages={
            "required": "Enter the annual health and safety review the monitoring was part of.",
            "max_length": "The name must be 200 characters or fewer.",
        },
    )
    findings = forms.CharField(
        label="What the monitoring found",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        error_messages={
            "required": "Enter what the monitoring found.",
            "max_length": "The findings must be 20,000 characters or fewer.",
        },
    )
    changes_needed = forms.BooleanField(
        label="The policy needs changing before its next approval", required=False
    )
