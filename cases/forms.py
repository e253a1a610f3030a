from typing import Any

from django import forms
from django.db.models import QuerySet

from access.models import User


class CaseNoteForm(forms.Form):
    text = forms.CharField(
        label="Add a note to the chronology",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=20000,
        error_messages={"required": "Enter the note."},
    )


class AssignCaseForm(forms.Form):
    officer = forms.ModelChoiceField(
        label="Assign to",
        queryset=User.objects.none(),
        error_messages={
            "required": "Select a case officer.",
            "invalid_choice": "Select a case officer in the case's team.",
        },
    )
    # The version of the case the page was loaded at: an assignment over someone else's
    # is refused (cases.concurrency).
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": "Reload the case and choose the officer again.",
            "invalid": "Reload the case and choose the officer again.",
            "min_value": "Reload the case and choose the officer again.",
        },
    )

    def __init__(self, *args: Any, officers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers  # type: ignore[attr-defined]
