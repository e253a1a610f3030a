"""Support for colleagues affected by an incident.

The policy: "We encourage those who experience unacceptable customer behaviour to talk with
their line manager at the earliest available opportunity to help identify any support needs
and / or follow up action." These records are about the colleague, not the customer: only
the colleague, their line manager and the Head of Customer and Community Support see them
(access/policy.py), and nothing here is written to a case chronology.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class SupportOffer(models.TextChoices):
    TIME_OFF = "time_off", "Time off"
    COUNSELLING = "counselling", "Counselling or the employee assistance programme"
    CHANGE_OF_DUTIES = "change_of_duties", "A change of duties"
    OTHER = "other", "Other support"


class ColleagueSupport(models.Model):
    affected = models.OneToOneField(
        "incidents.AffectedColleague", on_delete=models.PROTECT, related_name="support"
    )
    discussed_on = models.DateField("Date support needs were discussed")
    discussed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    needs_notes = models.TextField("What was discussed about support needs")
    # SupportOffer values, in the order of the choices.
    offered = models.JSONField(default=list, blank=True)
    offered_other = models.CharField(max_length=500, blank=True)
    # The offers the colleague took up: always a subset of `offered`.
    accepted = models.JSONField(default=list, blank=True)
    recorded_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField("Summary of the support given", blank=True)
    # Optimistic concurrency (cases.concurrency): every change through an action adds one, so
    # a save made from a page loaded before someone else's change is refused, not overwritten.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name_plural = "colleague support"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(completed_at__isnull=True, completed_by__isnull=True, summary="")
                    | (Q(completed_at__isnull=False, completed_by__isnull=False) & ~Q(summary=""))
                ),
                name="colleague_support_completed_with_who_when_and_summary",
            ),
        ]

    def __str__(self) -> str:
        return f"Support for {self.affected}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    def offers(self) -> list[dict[str, object]]:
        """Each offer with its label and whether the colleague accepted it."""
        return [
            {
                "value": value,
                "label": SupportOffer(value).label,
                "details": self.offered_other if value == SupportOffer.OTHER else "",
                "accepted": value in self.accepted,
            }
            for value in self.offered
        ]


class SupportFollowUp(models.Model):
    support = models.ForeignKey(
        ColleagueSupport, on_delete=models.PROTECT, related_name="follow_ups"
    )
    due_on = models.DateField()
    notes = models.TextField("What the follow-up is for")
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome_notes = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(done_on__isnull=True, done_by__isnull=True, outcome_notes="")
                    | Q(done_on__isnull=False, done_by__isnull=False)
                ),
                name="support_follow_up_done_with_who_and_when",
            ),
        ]
        indexes = [
            # The follow-up list: open follow-ups, soonest first.
            models.Index(
                fields=["due_on"], condition=Q(done_on__isnull=True), name="support_open_due"
            ),
        ]

    def __str__(self) -> str:
        return f"Follow-up due {self.due_on:%d %b %Y}"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None
