"""Reviews of measures (warning flags and contact restrictions), and the reminders that
make sure none is missed.

Policy: "Review any changes to the way we work with customers after an agreed period (of
between 3 and 12 months depending on the nature of the behaviour)".
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Review(models.Model):
    class Outcome(models.TextChoices):
        CONTINUE = "continue", "Continue it as it is, with a new review date"
        VARY = "vary", "Vary it"
        LIFT = "lift", "Lift it"

    # The decision as it stood when reviewed; a varied one is kept beside its replacement.
    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.PROTECT, related_name="reviews"
    )
    due_on = models.DateField(help_text="The decision's review date when the review was recorded.")
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    reasons = models.TextField()
    next_review_on = models.DateField(null=True, blank=True)
    resulting_decision = models.OneToOneField(
        "decisions.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="made_by_review",
    )
    # A decision not to tell the customer comes up at the next review (ICO: never open-ended).
    non_disclosure = models.ForeignKey(
        "letters.NonDisclosureDecision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField()
    letter = models.ForeignKey(
        "letters.Letter", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-reviewed_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reasons=""), name="review_has_reasons"),
            models.CheckConstraint(
                condition=Q(outcome="continue", next_review_on__isnull=False)
                | (~Q(outcome="continue") & Q(next_review_on__isnull=True)),
                name="review_continue_has_next_date",
            ),
            models.CheckConstraint(
                condition=Q(outcome="vary", resulting_decision__isnull=False)
                | (~Q(outcome="vary") & Q(resulting_decision__isnull=True)),
                name="review_vary_has_resulting_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"REV-{self.pk:06d}"

    @property
    def reference(self) -> str:
        return f"REV-{self.pk:06d}"


class ReviewReminder(models.Model):
    """One reminder or escalation, sent once: the unique row is what makes the daily sweep
    safe to run again (twice in a day, or by two workers at once)."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Review due soon"
        OVERDUE = "overdue", "Review overdue"

    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.PROTECT, related_name="review_reminders"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    due_on = models.DateField()
    sent_at = models.DateTimeField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_reminders"
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "kind", "due_on", "recipient"],
                name="review_reminder_once_per_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.decision} due {self.due_on:%d %b %Y}"
