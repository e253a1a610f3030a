"""Warning flags: where there is a risk to colleagues or contractors (policy).

A flag is in force while the decision it comes from is in force, has started and the flag
has not been lifted. Flags are never deleted: lifting keeps who, when and why.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from decisions.models import Decision, Response


class RiskLevel(models.TextChoices):
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    VERY_HIGH = "very_high", "Very high"


class WarningFlag(models.Model):
    # The decision's current version: varying it on appeal or review moves the flag along.
    decision = models.OneToOneField(
        "decisions.Decision", on_delete=models.PROTECT, related_name="warning_flag"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="warning_flags")
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="flags"
    )
    household = models.ForeignKey(
        "people.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="flags"
    )
    home = models.ForeignKey(
        "people.Property",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="flags",
        verbose_name="property",
    )
    incidents = models.ManyToManyField("incidents.Incident", related_name="warning_flags")
    risk_level = models.CharField(max_length=16, choices=RiskLevel.choices)
    handling_instruction = models.CharField(
        max_length=500,
        help_text="What colleagues and contractors must do, never why, e.g. 'Attend in pairs; "
        "do not enter the property; meet at the office.'",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField()
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lift_reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(person__isnull=False, household__isnull=True, home__isnull=True)
                    | Q(person__isnull=True, household__isnull=False, home__isnull=True)
                    | Q(person__isnull=True, household__isnull=True, home__isnull=False)
                ),
                name="flag_on_exactly_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(lifted_at__isnull=True)
                | (Q(lifted_by__isnull=False) & ~Q(lift_reason="")),
                name="flag_lifted_with_who_and_why",
            ),
        ]

    def __str__(self) -> str:
        return f"FLAG-{self.pk:06d}"

    @property
    def reference(self) -> str:
        return f"FLAG-{self.pk:06d}"

    @property
    def subject_label(self) -> str:
        if self.person_id:
            return str(self.person)
        if self.household_id:
            return str(self.household)
        return str(self.home)

    @property
    def is_active(self) -> bool:
        decision = self.decision
        return (
            self.lifted_at is None
            and decision.response == Response.WARNING_FLAG
            and decision.status == Decision.Status.IN_FORCE
            and decision.starts_on is not None
            and decision.starts_on <= timezone.localdate()
        )


def active_flag_conditions(prefix: str = "") -> Q:
    """The flags in force today, as a filter (prefix for use across a relation)."""
    today = timezone.localdate()
    return Q(
        **{
            f"{prefix}lifted_at__isnull": True,
            f"{prefix}decision__response": Response.WARNING_FLAG,
            f"{prefix}decision__status": Decision.Status.IN_FORCE,
            f"{prefix}decision__starts_on__lte": today,
        }
    )
