"""Contact restrictions: managing the level or frequency of contact (policy).

A restriction never stops a new repair, a safety issue or a complaint being recorded.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from decisions.models import Decision, Response, RestrictionKind

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class ContactRestriction(models.Model):
    decision = models.OneToOneField(
        "decisions.Decision", on_delete=models.PROTECT, related_name="contact_restriction"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="contact_restrictions"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="contact_restrictions"
    )
    kind = models.CharField(max_length=40, choices=RestrictionKind.choices)
    single_point_of_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Covers when the single point of contact is away.",
    )
    call_days = models.JSONField(default=list, blank=True, help_text="Weekday numbers, 0 = Monday")
    call_from = models.TimeField(null=True, blank=True)
    call_to = models.TimeField(null=True, blank=True)
    max_contacts = models.PositiveSmallIntegerField(null=True, blank=True)
    period_days = models.PositiveSmallIntegerField(null=True, blank=True)
    advocate_name = models.CharField(max_length=200, blank=True)
    advocate_contact = models.CharField(max_length=300, blank=True)
    meeting_place = models.CharField(max_length=300, blank=True)
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
                condition=Q(lifted_at__isnull=True)
                | (Q(lifted_by__isnull=False) & ~Q(lift_reason="")),
                name="restriction_lifted_with_who_and_why",
            ),
            models.CheckConstraint(
                condition=~Q(kind="contact_limit") | Q(max_contacts__gt=0, period_days__gt=0),
                name="restriction_limit_has_numbers",
            ),
        ]

    def __str__(self) -> str:
        return f"RES-{self.pk:06d}"

    @property
    def reference(self) -> str:
        return f"RES-{self.pk:06d}"

    @property
    def is_active(self) -> bool:
        decision = self.decision
        return (
            self.lifted_at is None
            and decision.response == Response.CONTACT_RESTRICTION
            and decision.status == Decision.Status.IN_FORCE
            and decision.starts_on is not None
            and decision.starts_on <= timezone.localdate()
        )

    @property
    def instruction(self) -> str:
        """What colleagues must do, in plain words; never why."""
        spoc = self.single_point_of_contact
        deputy = f" (deputy when away: {self.deputy.display_name})" if self.deputy else ""
        days = ", ".join(WEEKDAYS[d] for d in sorted(self.call_days)) or "any weekday"
        texts = {
            RestrictionKind.WRITTEN_ONLY: "Written contact only: deal with them by letter or "
            "email, not by phone or in person.",
            RestrictionKind.SINGLE_POINT_OF_CONTACT: "Single point of contact: "
            f"{spoc.display_name if spoc else 'a named officer'}{deputy}. Pass every contact "
            "to them.",
            RestrictionKind.SET_CALL_TIMES: f"Calls only on {days}"
            + (
                f", {self.call_from:%H:%M} to {self.call_to:%H:%M}"
                if self.call_from and self.call_to
                else ""
            )
            + ".",
            RestrictionKind.CONTACT_LIMIT: f"No more than {self.max_contacts} contacts every "
            f"{self.period_days} days.",
            RestrictionKind.MEETINGS_OFFICE_OR_PAIRS: "Meet only at "
            f"{self.meeting_place or 'an office'} or with two colleagues present.",
            RestrictionKind.ADVOCATE_ONLY: "Contact only through their advocate or "
            f"representative{': ' + self.advocate_name if self.advocate_name else ''}"
            f"{' (' + self.advocate_contact + ')' if self.advocate_contact else ''}.",
            RestrictionKind.NO_SOCIAL_MEDIA: "No contact through social media.",
        }
        return texts[RestrictionKind(self.kind)]


def active_restriction_conditions(prefix: str = "") -> Q:
    """The restrictions in force today, as a filter."""
    today = timezone.localdate()
    return Q(
        **{
            f"{prefix}lifted_at__isnull": True,
            f"{prefix}decision__response": Response.CONTACT_RESTRICTION,
            f"{prefix}decision__status": Decision.Status.IN_FORCE,
            f"{prefix}decision__starts_on__lte": today,
        }
    )
