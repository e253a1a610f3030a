from datetime import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from access.models import Role, User
from contacts.actions import SETTINGS_FIELDS, ContactDetails
from contacts.csv_import import read_csv
from contacts.models import Channel, Direction, SignalSettings, Subject

MAX_IMPORT_BYTES = 50 * 1024 * 1024
DEFAULT_SOURCE = "contact_centre"


def colleagues() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True)
        .exclude(role__in=[Role.CONTRACTOR, Role.SYSTEM_ADMINISTRATOR])
        .order_by("first_name", "last_name")
    )


class ColleagueChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} ({obj.job_title})" if obj.job_title else obj.display_name


class LogContactForm(forms.Form):
    """Log a contact in under 20 seconds: everything has a sensible default but the subject."""

    occurred_date = forms.DateField(
        label="Date",
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={
            "required": "Enter the date of the contact.",
            "invalid": "Enter the date of the contact as a real date.",
        },
    )
    occurred_time = forms.TimeField(
        label="Time",
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        error_messages={
            "required": "Enter the time of the contact.",
            "invalid": "Enter the time of the contact, like 14:30.",
        },
    )
    direction = forms.ChoiceField(
        label="Who made contact?",
        choices=Direction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they contacted us or we contacted them."},
    )
    channel = forms.ChoiceField(
        label="How?",
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the contact was made."},
    )
    subject = forms.ChoiceField(
        label="What was it about?",
        choices=Subject.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the contact was about."},
    )
    safety_issue = forms.BooleanField(label="It was about a safety issue", required=False)
    handled_by = ColleagueChoice(
        label="Who dealt with it",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not recorded",
        error_messages={"invalid_choice": "Select a colleague from the list."},
    )
    asked_for = ColleagueChoice(
        label="Colleague they asked for (if any)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody in particular",
        error_messages={"invalid_choice": "Select a colleague from the list."},
    )
    reference = forms.CharField(
        label="Complaint or request reference (if any)",
        required=False,
        max_length=64,
        error_messages={"max_length": "The reference must be 64 characters or fewer."},
    )
    summary = forms.CharField(
        label="Short summary",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "The summary must be 300 characters or fewer."},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handled_by"].queryset = colleagues()  # type: ignore[attr-defined]
        self.fields["asked_for"].queryset = colleagues()  # type: ignore[attr-defined]
        if not self.is_bound:
            now = timezone.localtime()
            self.initial.update(
                {
                    "occurred_date": now.date(),
                    "occurred_time": now.strftime("%H:%M"),
                    "direction": Direction.INBOUND,
                    "channel": Channel.PHONE,
                    "handled_by": user.pk,
                }
            )

    def details(self) -> ContactDetails:
        data = self.cleaned_data
        when = timezone.make_aware(datetime.combine(data["occurred_date"], data["occurred_time"]))
        return ContactDetails(
            occurred_at=when,
            channel=data["channel"],
            direction=data["direction"],
            subject=data["subject"],
            handled_by=data["handled_by"],
            asked_for=data["asked_for"],
            reference=data["reference"],
            summary=data["summary"],
            safety_issue=data["safety_issue"],
        )


class ContactImportForm(forms.Form):
    source = forms.CharField(
        label="System the file comes from",
        initial=DEFAULT_SOURCE,
        max_length=64,
        help_text="Contacts already received from this system, by file or directly, are skipped.",
        error_messages={"required": "Enter the name of the system the file comes from."},
    )
    file = forms.FileField(
        label="CSV file from the contact centre",
        error_messages={"required": "Choose a CSV file to import."},
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The file must be 50 MB or smaller.")
        try:
            text = str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise forms.ValidationError("The file must be a CSV saved as UTF-8.") from None
        rows, problem = read_csv(text)
        if problem:
            raise forms.ValidationError(f"The file cannot be imported: {problem}.")
        if not rows:
            raise forms.ValidationError("The file has no rows under its header row.")
        self.row_count = len(rows)
        self.file_name = str(upload.name)
        return text


class DismissSignalForm(forms.Form):
    reason = forms.CharField(
        label="Why are you dismissing this signal?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="For example: the contacts were about a leak we had not yet fixed.",
        error_messages={"required": "Say why you are dismissing this signal."},
    )


class ActOnSignalForm(forms.Form):
    description = forms.CharField(
        label="Describe the pattern of contact for the incident record",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "Describe the pattern of contact."},
    )


class SignalSettingsForm(forms.ModelForm):
    class Meta:
        model = SignalSettings
        fields = SETTINGS_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = f"Enter a number for '{field.label}'."
            field.error_messages["invalid"] = f"'{field.label}' must be a number."
            field.widget.attrs["class"] = "govuk-input--width-5"
