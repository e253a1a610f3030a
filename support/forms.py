from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from support.models import ColleagueSupport, SupportOffer

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def version_field(*, minimum: int, again: str) -> forms.IntegerField:
    """The version of the record the page was loaded at: a save made over someone else's is
    refused (cases.concurrency). Only a tampered or very old page can send a bad one."""
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=minimum,
        error_messages={"required": again, "invalid": again, "min_value": again},
    )


class SupportForm(forms.Form):
    discussed_on = forms.DateField(
        label="Date support needs were discussed",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Enter the date support needs were discussed.",
            "invalid": "Enter the date support needs were discussed as a real date.",
        },
    )
    needs_notes = forms.CharField(
        label="What was discussed about support needs",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
        error_messages={
            "required": "Enter what was discussed about the colleague's support needs.",
            "max_length": "The notes must be 20,000 characters or fewer.",
        },
    )
    offered = forms.MultipleChoiceField(
        label="Support offered",
        help_text="Select all that were offered.",
        choices=SupportOffer.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select the support offered from the list."},
    )
    offered_other = forms.CharField(
        label="Other support offered",
        help_text="If you selected ‘Other support’, say what it was.",
        required=False,
        max_length=500,
        error_messages={
            "max_length": "The description of other support must be 500 characters or fewer."
        },
    )
    accepted = forms.MultipleChoiceField(
        label="Support the colleague accepted",
        help_text=(
            "Select each offer the colleague took up. Leave an offer unticked if it was declined."
        ),
        choices=SupportOffer.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select the support accepted from the list."},
    )
    # 0 when the page showed no record yet.
    version = version_field(minimum=0, again="Reload the support record and save it again.")

    @classmethod
    def for_support(cls, support: ColleagueSupport | None) -> "SupportForm":
        if support is None:
            return cls(initial={"version": 0})
        return cls(
            initial={
                "discussed_on": support.discussed_on,
                "needs_notes": support.needs_notes,
                "offered": support.offered,
                "offered_other": support.offered_other,
                "accepted": support.accepted,
                "version": support.version,
            }
        )


class FollowUpForm(forms.Form):
    due_on = forms.DateField(
        label="Date the follow-up is due",
        widget=DATE_WIDGET,
        error_messages={
            "required": "Enter the date the follow-up is due.",
            "invalid": "Enter the date the follow-up is due as a real date.",
        },
    )
    notes = forms.CharField(
        label="What the follow-up is for",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=20000,
        error_messages={
            "required": "Enter what the follow-up is for.",
            "max_length": "The notes must be 20,000 characters or fewer.",
        },
    )


class FollowUpDoneForm(forms.Form):
    outcome_notes = forms.CharField(
        label="What happened at the follow-up",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=20000,
        error_messages={
            "required": "Enter what happened at the follow-up.",
            "max_length": "The notes must be 20,000 characters or fewer.",
        },
    )


class CompleteSupportForm(forms.Form):
    summary = forms.CharField(
        label="Summary of the support given",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
        error_messages={
            "required": "Enter a summary of the support given.",
            "max_length": "The summary must be 20,000 characters or fewer.",
        },
    )
    version = version_field(minimum=1, again="Reload the support record and complete it again.")


def is_stale(error: ValidationError) -> bool:
    """Whether an action refused the save because the page was out of date."""
    return any(item.code == "stale" for item in getattr(error, "error_list", []))


def with_current_version(form: forms.Form, version: int) -> None:
    """Keep what was typed, now against the current version, so saving again after checking
    goes through."""
    data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict: keeps multi-values
    data["version"] = str(version)
    form.data = data


def add_action_errors(form: forms.Form, error: ValidationError) -> None:
    """Put an action's field messages on the form's fields (others at the top of the form)."""
    messages: dict[str, Any] = error.message_dict if hasattr(error, "error_dict") else {}
    if not messages:
        form.add_error(None, error.messages)
        return
    for name, field_messages in messages.items():
        form.add_error(name if name in form.fields else None, field_messages)
