from typing import Any

from django import forms

from decisions.models import DecisionSettings, RestrictionKind
from reviews.models import Review

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
VARIATION_FIELDS = ("basis", "restriction_kind", "starts_on")


class RecordReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome of the review",
        choices=Review.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the outcome of the review: continue, vary or lift.",
            "invalid_choice": "Select the outcome of the review: continue, vary or lift.",
        },
    )
    reasons = forms.CharField(
        label="Reasons for the outcome",
        help_text="What you considered and why. They go into the draft letter to the customer, "
        "which you check before it is issued; contractors are never told them.",
        widget=forms.Textarea(attrs={"rows": 6}),
        # The letter part they go into holds 20,000 with the standard wording around them.
        max_length=19000,
        error_messages={
            "required": "Give the reasons for the outcome of the review.",
            "max_length": "The reasons must be 19,000 characters or fewer.",
        },
    )
    next_review_on = forms.DateField(
        label="Date of the next review (if it continues or is varied)",
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": "Enter the date of the next review as a real date."},
    )
    basis = forms.CharField(
        label="Varied measure and its basis (if varied)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
        error_messages={"max_length": "The basis must be 20,000 characters or fewer."},
    )
    restriction_kind = forms.ChoiceField(
        label="Kind of contact restriction (if varied)",
        required=False,
        choices=[("", "No change")] + list(RestrictionKind.choices),
        error_messages={"invalid_choice": "Select a kind of contact restriction from the list."},
    )
    starts_on = forms.DateField(
        label="Date the varied measure starts (if varied)",
        required=False,
        help_text="Leave it empty for the varied measure to start today (or on its planned "
        "start date, if that is later).",
        widget=DATE_WIDGET,
        error_messages={"invalid": "Enter the date the varied measure starts as a real date."},
    )
    non_disclosure_considered = forms.BooleanField(
        label="I have looked again at the decision not to tell the customer",
        required=False,
        help_text="If it should still stand, record it again with its next review date; if the "
        "risk has passed, issue the letter.",
    )

    def __init__(
        self, *args: Any, is_restriction: bool, has_non_disclosure: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        rules = DecisionSettings.current()
        self.fields["next_review_on"].help_text = (
            f"Between {rules.review_min_days} and {rules.review_max_days} days from today "
            "(policy: 3 to 12 months); for a variation, from the date it starts."
        )
        if not is_restriction:
            del self.fields["restriction_kind"]
        if not has_non_disclosure:
            del self.fields["non_disclosure_considered"]

    def action_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "outcome": data["outcome"],
            "reasons": data["reasons"],
            "next_review_on": data.get("next_review_on"),
            "basis": data.get("basis") or None,
            "restriction_kind": data.get("restriction_kind") or None,
            "starts_on": data.get("starts_on"),
            "non_disclosure_considered": bool(data.get("non_disclosure_considered")),
        }
