"""Appeals against decisions made under the policy.

Policy: "Except when taking legal action ... we will offer customers the chance to appeal any
decisions we make". An appeal is reviewed by someone who took no part in the decision.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Appeal(models.Model):
    class HowReceived(models.TextChoices):
        LETTER = "letter", "By letter"
        EMAIL = "email", "By email"
        PHONE = "phone", "By phone"
        IN_PERSON = "in_person", "In person"
        THROUGH_ADVOCATE = "through_advocate", "Through an advocate or representative"

    class Outcome(models.TextChoices):
        UPHELD = "upheld", "Decision upheld"
        VARIED = "varied", "Decision varied"
        OVERTURNED = "overturned", "Decision overturned"

    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.PROTECT, related_name="appeals"
    )
    received_on = models.DateField()
    how_received = models.CharField(max_length=20, choices=HowReceived.choices)
    grounds = models.TextField(help_text="Why the customer says the decision is wrong.")
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    lodged_at = models.DateTimeField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals_to_review",
    )
    # Empty with a reviewer: assigned automatically when the appeal was lodged.
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    due_on = models.DateField(help_text="Received date plus the working days the settings give.")
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    outcome_reasons = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # The varied decision; the appealed one stays in the history as "varied on appeal".
    resulting_decision = models.ForeignKey(
        "decisions.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome_letter = models.ForeignKey(
        "letters.Letter", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision"], condition=Q(outcome=""), name="appeal_one_open_per_decision"
            ),
            models.CheckConstraint(
                condition=Q(outcome="", decided_at__isnull=True)
                | (~Q(outcome="") & Q(decided_at__isnull=False, reviewer__isnull=False)),
                name="appeal_decided_has_date_and_reviewer",
            ),
            models.CheckConstraint(
                condition=Q(outcome="varied", resulting_decision__isnull=False)
                | (~Q(outcome="varied") & Q(resulting_decision__isnull=True)),
                name="appeal_varied_has_resulting_decision",
            ),
            models.CheckConstraint(
                condition=Q(reviewer__isnull=True, assigned_at__isnull=True)
                | Q(reviewer__isnull=False, assigned_at__isnull=False),
                name="appeal_reviewer_has_assigned_at",
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("received_on")), name="appeal_due_after_received"
            ),
        ]
        indexes = [
            models.Index(fields=["reviewer", "outcome", "due_on"]),
            models.Index(fields=["outcome", "due_on"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"APL-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.outcome == ""

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()
